"""The loss surfaces: torch functions of two parameters, each with its plot window and minima.

Every surface reads `p[..., 0]` and `p[..., 1]`, so the same function takes the optimizer's
parameter (shape [2]) and, for the contour picture, a whole grid of points (shape [n, 2]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import torch

from lib.common.errors import InputError

MAX_KAPPA = 100.0  # condition number of the stretched bowl
MAX_NOISE = 5.0  # standard deviation of the noisy bowl's gradient noise
GRID = 61  # contour cells per side: 3,721 values, computed once per surface and kappa


def quadratic(p: torch.Tensor, kappa: float = 10.0) -> torch.Tensor:
    """A bowl stretched kappa times along y: the curvatures are 1 and kappa."""
    return 0.5 * (p[..., 0] ** 2 + kappa * p[..., 1] ** 2)


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    """A long curved valley; the minimum (1, 1) sits at its flat far end."""
    x, y = p[..., 0], p[..., 1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def himmelblau(p: torch.Tensor) -> torch.Tensor:
    """Four minima of equal depth: which one a run finds depends on where it starts."""
    x, y = p[..., 0], p[..., 1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def beale(p: torch.Tensor) -> torch.Tensor:
    """Flat plateaus and steep walls; the minimum is (3, 0.5)."""
    x, y = p[..., 0], p[..., 1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def saddle(p: torch.Tensor) -> torch.Tensor:
    """A saddle point at (0, 0) between two minima (0, ±√2): x² − y² + y⁴/4."""
    x, y = p[..., 0], p[..., 1]
    return x**2 - y**2 + y**4 / 4


def noisy(p: torch.Tensor) -> torch.Tensor:
    """The round bowl whose gradient a run sees with mini-batch-like noise (see `noise_term`)."""
    return 0.5 * (p[..., 0] ** 2 + p[..., 1] ** 2)


def noise_term(p: torch.Tensor, sigma: float, generator: torch.Generator) -> torch.Tensor:
    """ε·p with ε ~ N(0, σ²I) drawn fresh each step: it adds ε to the gradient and nothing to
    the expected loss, like a mini-batch estimate of a full-batch gradient."""
    eps = torch.randn(2, generator=generator, dtype=torch.float64) * sigma
    return (eps * p).sum()


SURFACES = {
    "quadratic": quadratic,
    "rosenbrock": rosenbrock,
    "himmelblau": himmelblau,
    "beale": beale,
    "saddle": saddle,
    "noisy": noisy,
}


@dataclass(frozen=True)
class Window:
    """Where a surface is drawn (fixed, so runs compare), its minima and a classic start."""

    x: tuple[float, float]
    y: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    lowest: float  # the value at the minima
    start: tuple[float, float]


WINDOWS = {
    "quadratic": Window((-3, 3), (-3, 3), ((0, 0),), 0.0, (-2.5, 1.5)),
    "rosenbrock": Window((-2, 2), (-1, 3), ((1, 1),), 0.0, (-1.5, 2.0)),
    "himmelblau": Window(
        (-5, 5),
        (-5, 5),
        ((3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
        0.0,
        (0.0, 0.0),
    ),
    "beale": Window((-4.5, 4.5), (-4.5, 4.5), ((3, 0.5),), 0.0, (1.0, 1.5)),
    "saddle": Window(
        (-2.5, 2.5), (-2.5, 2.5), ((0, math.sqrt(2)), (0, -math.sqrt(2))), -1.0, (2.0, 1e-3)
    ),
    "noisy": Window((-3, 3), (-3, 3), ((0, 0),), 0.0, (-2.5, 1.5)),
}


def surface_fn(name: str, kappa: float = 10.0):
    """The callable a run differentiates: SURFACES[name], with the bowl's kappa bound."""
    if name not in SURFACES:
        raise InputError("opt_surface", "{name!r} is not one of the surfaces.", name=name)
    if name == "quadratic":
        if not 1.0 <= kappa <= MAX_KAPPA:
            raise InputError(
                "opt_kappa", "kappa = {kappa} is outside 1 to {max}.", kappa=kappa, max=MAX_KAPPA
            )
        return partial(quadratic, kappa=kappa)
    return SURFACES[name]


def check_start(name: str, start: tuple[float, float]) -> None:
    """A start inside the surface's plot, so the run can be seen from its first point."""
    w = WINDOWS[name]
    x, y = start
    inside = all(map(math.isfinite, start)) and w.x[0] <= x <= w.x[1] and w.y[0] <= y <= w.y[1]
    if not inside:
        raise InputError(
            "opt_start",
            "The start ({x}, {y}) lies outside this surface's plot: x in {wx}, y in {wy}.",
            x=x,
            y=y,
            wx=list(w.x),
            wy=list(w.y),
        )


@dataclass(frozen=True)
class Grid:
    """The surface over its window: cell centres and values, row-major (y outer, x inner)."""

    xs: list[float]
    ys: list[float]
    values: list[float]  # len(xs) * len(ys)
    step: tuple[float, float]


def grid(name: str, kappa: float = 10.0, n: int = GRID) -> Grid:
    """The contour picture's values, from the same torch function the runs differentiate."""
    f, w = surface_fn(name, kappa), WINDOWS[name]
    if not 2 <= n <= 201:
        raise InputError("opt_grid", "A grid of {n} cells per side is outside 2 to 201.", n=n)
    xs = torch.linspace(*w.x, n, dtype=torch.float64)
    ys = torch.linspace(*w.y, n, dtype=torch.float64)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    values = f(torch.stack([xx, yy], dim=-1)).reshape(-1)
    step = ((w.x[1] - w.x[0]) / (n - 1), (w.y[1] - w.y[0]) / (n - 1))
    return Grid(xs.tolist(), ys.tolist(), values.tolist(), step)
