"""Activation functions as torch computes them: f, f′ by autograd, and where f′ is nearly zero.

A region is *saturated* when |f′(x)| < threshold: a small change of x barely moves f(x), so an
error arriving from above barely moves the weights below. The rest of [lo, hi] is *sensitive*.
The catalogue itself (names, parameters, the public `ACTIVATIONS` mapping) is in
lib/activations/catalogue.py and re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch

from lib.activations.catalogue import (
    ACTIVATIONS,
    CATALOGUE,
    NAMES,
    Fn,
    Param,
    activation,
    call_code,
    settings,
)
from lib.common.errors import InputError

__all__ = [
    "ACTIVATIONS",
    "CATALOGUE",
    "NAMES",
    "Param",
    "activation",
    "call_code",
    "settings",
    "Curve",
    "at_point",
    "curve",
    "saturated_intervals",
    "slope",
]

X_LIMIT = 1000.0  # |x| for any range on this page
GRID = 2000  # cells per range: interval ends are then refined by bisection
BISECT_STEPS = 40
DEFAULT_THRESHOLD = 0.1
DTYPE = torch.float64  # the function views; the network view runs in float32 like a real model


def slope(fn: Fn, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(f(x), f′(x)) for an elementwise f: autograd's answer, kinks included as torch defines them.

    Summing first is exact here: each output depends only on its own input.
    """
    x = x.detach().clone().requires_grad_(True)
    y = fn(x)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy


def check_range(lo: float, hi: float) -> None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(
            "act_range_finite", "The x range needs finite ends, not {lo} to {hi}.", lo=lo, hi=hi
        )
    if lo == hi:
        raise InputError(
            "act_range_empty",
            "The x range from {lo} to {hi} is empty: move its ends apart.",
            lo=lo,
            hi=hi,
        )
    if lo > hi:
        raise InputError(
            "act_range_reversed",
            "The x range runs backwards, from {lo} down to {hi}: the start must be below the end.",
            lo=lo,
            hi=hi,
        )
    if max(abs(lo), abs(hi)) > X_LIMIT:
        raise InputError(
            "act_range_wide",
            "This page looks at x between -{limit} and {limit}, not {lo} to {hi}.",
            limit=X_LIMIT,
            lo=lo,
            hi=hi,
        )


def check_threshold(threshold: float) -> None:
    if not (math.isfinite(threshold) and threshold > 0):
        raise InputError(
            "act_threshold",
            "The saturation threshold must be a positive number, not {value}.",
            value=threshold,
        )


@dataclass(frozen=True)
class Curve:
    """f and f′ of one activation sampled over [lo, hi], with its saturated intervals."""

    name: str
    params: tuple[tuple[str, float], ...]
    threshold: float
    x: torch.Tensor
    y: torch.Tensor
    dy: torch.Tensor
    saturated: tuple[tuple[float, float], ...]
    sensitive: tuple[tuple[float, float], ...]


def intervals(
    inside: Callable[[torch.Tensor], torch.Tensor], lo: float, hi: float
) -> list[tuple[float, float]]:
    """Maximal sub-intervals of [lo, hi] where the elementwise predicate `inside` holds.

    Sampled on GRID cells, then every change of state is pinned down by bisection, so each end
    is within (hi - lo) / 2**BISECT_STEPS of where torch's predicate actually flips.
    """
    x = torch.linspace(lo, hi, GRID + 1, dtype=DTYPE)
    state = inside(x)
    cells = (state[1:] != state[:-1]).nonzero().flatten()
    a, b, a_in = x[cells], x[cells + 1], state[cells]
    for _ in range(BISECT_STEPS):
        m = (a + b) / 2
        same = inside(m) == a_in
        a, b = torch.where(same, m, a), torch.where(same, b, m)
    out, start, now = [], lo, bool(state[0])
    for edge in ((a + b) / 2).tolist():
        if now:
            out.append((start, edge))
        start, now = edge, not now
    if now:
        out.append((start, hi))
    # A lone point (relu6′(6) = 0 at the very end of the range) is not a region anyone can see.
    return [(s, e) for s, e in out if e - s > (hi - lo) * 1e-9]


def complement(parts: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The rest of [lo, hi] once `parts` (sorted, disjoint) are taken out."""
    out, start = [], lo
    for a, b in parts:
        if a > start:
            out.append((start, a))
        start = b
    if start < hi:
        out.append((start, hi))
    return out


def saturated_intervals(
    name: str,
    lo: float,
    hi: float,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    params: Mapping[str, float] | None = None,
) -> list[tuple[float, float]]:
    """Maximal sub-intervals of [lo, hi] where |f′(x)| < threshold, sorted, f′ from autograd."""
    fn = activation(name, params)
    check_range(lo, hi)
    check_threshold(threshold)
    return intervals(lambda x: slope(fn, x)[1].abs() < threshold, lo, hi)


def curve(
    name: str,
    lo: float,
    hi: float,
    threshold: float = DEFAULT_THRESHOLD,
    params: Mapping[str, float] | None = None,
    points: int = 401,
) -> Curve:
    """What the function view draws for one activation."""
    fn = activation(name, params)
    saturated = saturated_intervals(name, lo, hi, threshold, params=params)
    x = torch.linspace(lo, hi, points, dtype=DTYPE)
    y, dy = slope(fn, x)
    return Curve(
        name,
        tuple(settings(name, params).items()),
        threshold,
        x,
        y,
        dy,
        tuple(saturated),
        tuple(complement(saturated, lo, hi)),
    )


def at_point(
    name: str, x0: float, params: Mapping[str, float] | None = None
) -> tuple[float, float]:
    """(f(x0), f′(x0)) as torch reports them; at a kink, autograd's own choice of side."""
    if not math.isfinite(x0) or abs(x0) > X_LIMIT:
        raise InputError("act_point", "The point x = {x} lies outside this page's range.", x=x0)
    y, dy = slope(activation(name, params), torch.tensor([x0], dtype=DTYPE))
    return y.item(), dy.item()
