"""The loss and its autograd gradient as one prediction x sweeps a range, the target fixed.

All points of a sweep go through the module at once as a batch with reduction='none': the
samples do not interact, so the gradient of the summed losses is each point's own dL/dx.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from lib.common.errors import InputError
from lib.losses.catalogue import F64, check_name, module, settings
from lib.losses.compute import check_domain, refused

POINTS = 241  # per curve: smooth at any chart width, and cheap (3 curves ≈ 1 ms)
MAX_CURVES = 3
FIRST = ("MSELoss", "L1Loss", "HuberLoss")  # the page opens on why Huber exists
X_LIMIT = 6.0  # the point slider's reach; every sweep lies inside ±X_LIMIT


@dataclass(frozen=True)
class Curve:
    name: str
    x: tuple[float, ...]  # only the finite points: nothing non-finite is drawn
    loss: tuple[float, ...]
    grad: tuple[float, ...]
    dropped: int  # points where torch gave nan or inf (e.g. log of a negative rate)


@dataclass(frozen=True)
class Point:
    name: str
    x: float
    loss: float | None  # None: x0 lies outside this loss's input range (or torch gave nan)
    grad: float | None


def inputs(name: str, x: torch.Tensor, y: float, label: int) -> list[torch.Tensor]:
    """The module's arguments for the sweep values `x`; the first one is the swept tensor."""
    if label not in (1, -1):
        raise InputError("loss_label", "The label must be +1 or -1, not {label}.", label=label)
    return check_name(name).probe(x.to(F64), y, label)


def _run(name: str, x: torch.Tensor, y: float, label: int, options) -> tuple:
    spec = check_name(name)
    kwargs = settings(name, {**options, "reduction": "none"})
    args = inputs(name, x, y, label)
    args[0].requires_grad_(True)
    try:
        out = module(name, kwargs)(*args)
    except (RuntimeError, ValueError, IndexError) as err:  # BCELoss with y = 1.5
        raise refused(name, err) from None
    middle = len(x) // 2  # a target torch accepts but that means nothing: say what it returns
    target = args[-1] if spec.call == "pair" else args[1]
    check_domain(spec, kwargs, args[0], target, out.detach()[middle : middle + 1])
    out.sum().backward()
    g = args[0].grad if spec.col is None else args[0].grad[:, spec.col]
    return out.detach(), g


def curve(name: str, y: float, label: int, options: Mapping[str, object]) -> Curve:
    lo, hi = check_name(name).sweep
    x = torch.linspace(lo, hi, POINTS, dtype=F64)
    loss, grad = _run(name, x, y, label, options)
    ok = torch.isfinite(loss) & torch.isfinite(grad)
    return Curve(name, *(tuple(t[ok].tolist()) for t in (x, loss, grad)), dropped=int((~ok).sum()))


def point(name: str, x0: float, y: float, label: int, options: Mapping[str, object]) -> Point:
    """The loss at x0 wherever its input means anything (BCELoss: a probability), else empty."""
    lo, hi = check_name(name).valid
    if not lo <= x0 <= hi:
        return Point(name, x0, None, None)
    loss, grad = _run(name, torch.tensor([x0], dtype=F64), y, label, options)
    if not (torch.isfinite(loss).all() and torch.isfinite(grad).all()):
        return Point(name, x0, None, None)
    return Point(name, x0, loss.item(), grad.item())


def domain(names: list[str]) -> tuple[float, float]:
    """The chart's x range: the union of the chosen losses' input ranges (fixed per choice)."""
    ends = [check_name(n).sweep for n in names]
    return min(a for a, _ in ends), max(b for _, b in ends)
