"""The properties table, measured on torch itself rather than copied from a textbook.

Every column is a question put to the real function: evaluate it far out, scan f′ by autograd
on a fine grid, average it over a standard normal input.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch

from lib.activations.curves import DTYPE, activation, slope

SCAN = 10.0  # kinks are searched in [-SCAN, SCAN]: every parameter slider keeps them inside
SCAN_CELLS = 40_000
FAR = 1e6  # "at ±∞" for the output range
UNBOUNDED = 1e3  # |f(±FAR)| above this: the output keeps growing
SAT_AT = 1e3  # "at ±∞" for the slope
SAT_SLOPE = 1e-3  # |f′| below this far out: the function saturates there
KINK_JUMP = 1e-2  # a jump in f′ between neighbouring grid points larger than this is a kink
ZERO_MEAN = 0.05  # |E f(z)| for z ~ N(0, 1) below this: zero-centred


@dataclass(frozen=True)
class Kink:
    """A point where f is not differentiable: f′ jumps from `left` to `right`."""

    x: float
    left: float
    right: float
    autograd: float  # the value autograd returns exactly at x: torch's choice


@dataclass(frozen=True)
class Properties:
    name: str
    lower: float  # -inf when f(x) keeps falling as x -> -inf
    upper: float  # +inf when it keeps growing
    mean_normal: float  # E f(z) for z ~ N(0, 1)
    monotone: bool  # f′ >= 0 everywhere on the scan
    slope_left: float  # f′ far to the left (x = -SAT_AT)
    slope_right: float
    flat_left: (
        bool  # f′ == 0 exactly from x = -SCAN outwards: no gradient at all (relu's dead side)
    )
    flat_right: bool
    kinks: tuple[Kink, ...]

    @property
    def zero_centred(self) -> bool:
        return abs(self.mean_normal) < ZERO_MEAN

    @property
    def saturates_left(self) -> bool:
        return abs(self.slope_left) < SAT_SLOPE

    @property
    def saturates_right(self) -> bool:
        return abs(self.slope_right) < SAT_SLOPE


def _normal_mean(fn) -> float:
    """E f(z), z ~ N(0, 1), by the trapezoid rule on [-12, 12]: no sampling noise."""
    z = torch.linspace(-12, 12, 24_001, dtype=DTYPE)
    density = torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return torch.trapezoid(fn(z) * density, z).item()


def _kinks(fn, x: torch.Tensor, dy: torch.Tensor) -> tuple[Kink, ...]:
    cells = ((dy[1:] - dy[:-1]).abs() > KINK_JUMP).nonzero().flatten()
    a, b = x[cells], x[cells + 1]
    left, right = dy[cells], dy[cells + 1]
    for _ in range(50):  # bisect towards the jump: keep the half where f′ still changes
        m = (a + b) / 2
        dm = slope(fn, m)[1]
        to_left = (dm - left).abs() < (dm - right).abs()
        a, b = torch.where(to_left, m, a), torch.where(to_left, b, m)
    found: list[Kink] = []
    for xk in ((a + b) / 2).tolist():
        xk = round(xk, 6) + 0.0  # never print -0
        if found and abs(found[-1].x - xk) < 1e-3:
            continue  # a jump exactly on a grid point shows up in both neighbouring cells
        probe = torch.tensor([xk - 1e-6, xk, xk + 1e-6], dtype=DTYPE)
        d = slope(fn, probe)[1].tolist()
        found.append(Kink(xk, round(d[0], 4), round(d[2], 4), d[1]))
    return tuple(found)


def properties(name: str, params: Mapping[str, float] | None = None) -> Properties:
    """Range, zero-centring, monotonicity, saturation and kinks of `name`, measured in torch."""
    fn = activation(name, params)
    x = torch.linspace(-SCAN, SCAN, SCAN_CELLS + 1, dtype=DTYPE)
    y, dy = slope(fn, x)
    far_y = fn(torch.tensor([-FAR, FAR], dtype=DTYPE)).tolist()
    far_dy = slope(fn, torch.tensor([-SAT_AT, SAT_AT], dtype=DTYPE))[1].tolist()
    lower = -math.inf if far_y[0] < -UNBOUNDED else min(y.min().item(), *far_y)
    upper = math.inf if far_y[1] > UNBOUNDED else max(y.max().item(), *far_y)
    monotone = bool((dy >= -1e-12).all()) and all(d >= 0 for d in far_dy)
    kinks = _kinks(fn, x, dy)
    edge = max((abs(k.x) for k in kinks), default=0.0) + 1.0  # beyond every kink
    near = slope(fn, torch.tensor([-edge, edge], dtype=DTYPE))[1].tolist()
    return Properties(
        name,
        lower,
        upper,
        _normal_mean(fn),
        monotone,
        far_dy[0],
        far_dy[1],
        near[0] == 0 and far_dy[0] == 0,
        near[1] == 0 and far_dy[1] == 0,
        kinks,
    )
