"""The surfaces against their formulas in numpy, their gradients against finite differences, and
their minima where the literature puts them."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.optimizers import SURFACES, WINDOWS, grid
from lib.optimizers.surfaces import surface_fn

# The textbook formulas, written out again in numpy.
NUMPY = {
    "quadratic": lambda x, y: 0.5 * (x**2 + 10.0 * y**2),
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "beale": lambda x, y: (
        (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2
    ),
    "saddle": lambda x, y: x**2 - y**2 + y**4 / 4,
    "noisy": lambda x, y: 0.5 * (x**2 + y**2),
}


def unit(draw_x: float, draw_y: float, name: str) -> tuple[float, float]:
    w = WINDOWS[name]
    return w.x[0] + draw_x * (w.x[1] - w.x[0]), w.y[0] + draw_y * (w.y[1] - w.y[0])


def test_the_issue_names_every_required_surface():
    assert {"quadratic", "rosenbrock", "himmelblau", "beale", "saddle"} <= set(SURFACES)


@settings(max_examples=15)
@given(st.sampled_from(sorted(SURFACES)), st.floats(0, 1), st.floats(0, 1))
def test_each_surface_is_its_formula_and_returns_a_float64_scalar(name, a, b):
    x, y = unit(a, b, name)
    value = SURFACES[name](torch.tensor([x, y], dtype=torch.float64))
    assert value.shape == () and value.dtype == torch.float64
    assert value.item() == pytest.approx(NUMPY[name](x, y), rel=1e-12, abs=1e-12)


@settings(max_examples=15)
@given(st.sampled_from(sorted(SURFACES)), st.floats(0.02, 0.98), st.floats(0.02, 0.98))
def test_autograd_gradient_matches_central_differences(name, a, b):
    x, y = unit(a, b, name)
    p = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
    SURFACES[name](p).backward()
    h = 1e-6
    fx = (NUMPY[name](x + h, y) - NUMPY[name](x - h, y)) / (2 * h)
    fy = (NUMPY[name](x, y + h) - NUMPY[name](x, y - h)) / (2 * h)
    scale = 1 + abs(fx) + abs(fy)
    assert p.grad.tolist() == pytest.approx([fx, fy], abs=1e-5 * scale)


@pytest.mark.parametrize(
    ("name", "minima"),
    [
        ("rosenbrock", [(1, 1)]),
        ("beale", [(3, 0.5)]),
        (
            "himmelblau",
            [(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)],
        ),
        ("saddle", [(0, math.sqrt(2)), (0, -math.sqrt(2))]),
    ],
)
def test_the_marked_minima_are_the_known_ones_and_flat(name, minima):
    assert sorted(WINDOWS[name].minima) == pytest.approx(sorted(minima), abs=1e-6)
    for m in WINDOWS[name].minima:
        p = torch.tensor(m, dtype=torch.float64, requires_grad=True)
        value = SURFACES[name](p)
        value.backward()
        assert value.item() == pytest.approx(WINDOWS[name].lowest, abs=1e-9)
        assert p.grad.abs().max().item() < 1e-4  # the published coordinates have 6 decimals


def test_the_saddle_point_is_flat_but_not_a_minimum():
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    SURFACES["saddle"](p).backward()
    assert p.grad.tolist() == [0.0, 0.0]
    hessian = torch.autograd.functional.hessian(
        SURFACES["saddle"], torch.zeros(2, dtype=torch.float64)
    )
    assert torch.linalg.eigvalsh(hessian).tolist() == [-2.0, 2.0]


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_the_grid_is_the_formula_on_a_fixed_window_and_its_lowest_cell_is_near_a_minimum(name):
    g = grid(name, n=41)
    w = WINDOWS[name]
    assert (g.xs[0], g.xs[-1], g.ys[0], g.ys[-1]) == (w.x[0], w.x[1], w.y[0], w.y[1])
    xx, yy = np.meshgrid(g.xs, g.ys)
    assert np.allclose(np.array(g.values), NUMPY[name](xx, yy).ravel(), rtol=1e-12, atol=1e-12)
    lowest = int(np.argmin(g.values))
    cell = (g.xs[lowest % 41], g.ys[lowest // 41])
    assert min(math.dist(cell, m) for m in w.minima) <= math.hypot(*g.step)


def test_kappa_stretches_the_bowl_and_is_bounded():
    f = surface_fn("quadratic", 50.0)
    assert f(torch.tensor([0.0, 1.0], dtype=torch.float64)).item() == 25.0
    for bad in (0.5, 101.0, math.nan):
        with pytest.raises(InputError):
            surface_fn("quadratic", bad)
    with pytest.raises(InputError):
        surface_fn("sphere")
