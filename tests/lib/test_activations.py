"""f, f′ and saturated regions of the catalogue, checked against torch and closed forms."""

import math

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.activations.curves import (
    ACTIVATIONS,
    CATALOGUE,
    NAMES,
    activation,
    at_point,
    call_code,
    curve,
    saturated_intervals,
    slope,
)
from lib.common.errors import InputError

ISSUE_NAMES = {
    "relu",
    "leaky_relu",
    "relu6",
    "elu",
    "selu",
    "celu",
    "gelu",
    "gelu_tanh",
    "silu",
    "mish",
    "sigmoid",
    "tanh",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "softplus",
    "softsign",
    "logsigmoid",
}
MODULES = {
    "relu": nn.ReLU(),
    "leaky_relu": nn.LeakyReLU(),
    "relu6": nn.ReLU6(),
    "elu": nn.ELU(),
    "selu": nn.SELU(),
    "celu": nn.CELU(),
    "gelu": nn.GELU(),
    "gelu_tanh": nn.GELU(approximate="tanh"),
    "silu": nn.SiLU(),
    "mish": nn.Mish(),
    "sigmoid": nn.Sigmoid(),
    "tanh": nn.Tanh(),
    "hardtanh": nn.Hardtanh(),
    "hardsigmoid": nn.Hardsigmoid(),
    "hardswish": nn.Hardswish(),
    "softplus": nn.Softplus(),
    "softsign": nn.Softsign(),
    "logsigmoid": nn.LogSigmoid(),
}
CLOSED_FORMS = {
    "sigmoid": lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)),
    "tanh": lambda x: 1 - torch.tanh(x) ** 2,
    "relu": lambda x: (x > 0).to(x.dtype),
    # torch's softplus turns into x itself above threshold=20 (beta·x > 20), so f′ = 1 there.
    "softplus": lambda x: torch.where(x > 20, 1.0, torch.sigmoid(x)),
}
X = torch.linspace(-8, 8, 1601, dtype=torch.float64)

ranges = st.tuples(st.floats(-30, 29), st.floats(0.5, 30)).map(lambda p: (p[0], p[0] + p[1]))


def test_catalogue_holds_every_activation_of_the_issue_as_torch_defines_it():
    assert ISSUE_NAMES <= set(NAMES) and len(NAMES) >= 17
    for name, module in MODULES.items():
        assert torch.equal(ACTIVATIONS[name](X), module(X)), name


def test_gelu_exact_and_gelu_tanh_are_two_different_functions():
    assert not torch.equal(ACTIVATIONS["gelu"](X), ACTIVATIONS["gelu_tanh"](X))
    assert torch.allclose(ACTIVATIONS["gelu"](X), ACTIVATIONS["gelu_tanh"](X), atol=1e-3)


@given(x=st.lists(st.floats(-30, 30), min_size=1, max_size=20))
def test_autograd_derivative_matches_the_closed_form(x):
    t = torch.tensor(x, dtype=torch.float64)
    for name, closed in CLOSED_FORMS.items():
        _, dy = slope(ACTIVATIONS[name], t)
        torch.testing.assert_close(dy, closed(t), rtol=1e-9, atol=1e-12, msg=name)


def _clip(parts, lo, hi):
    tol = (hi - lo) / 1000
    out = [(max(a, lo), min(b, hi)) for a, b in parts]
    return [(a, b) for a, b in out if b - a > tol]


def _analytic(name, t):
    """The textbook answer: where |f′| < t, as intervals of the whole real line."""
    if name == "sigmoid":
        r = math.sqrt(1 - 4 * t)
        a = math.log((1 + r) / (1 - r))
        return [(-math.inf, -a), (a, math.inf)]
    if name == "tanh":
        a = math.atanh(math.sqrt(1 - t))
        return [(-math.inf, -a), (a, math.inf)]
    if name == "relu":
        return [(-math.inf, 0.0)]
    return [(-math.inf, math.log(t / (1 - t)))]  # softplus: f′ = sigmoid


@settings(max_examples=40)
@given(name=st.sampled_from(sorted(CLOSED_FORMS)), span=ranges, t=st.floats(0.005, 0.24))
def test_saturated_intervals_match_the_analytic_boundaries(name, span, t):
    lo, hi = span
    tol = (hi - lo) / 1000
    want = _clip(_analytic(name, t), lo, hi)
    got = [(a, b) for a, b in saturated_intervals(name, lo, hi, t) if b - a > tol]
    assert len(got) == len(want), (got, want)
    for (a, b), (c, d) in zip(got, want, strict=True):
        assert abs(a - c) <= tol and abs(b - d) <= tol, (got, want)


@settings(max_examples=30)
@given(name=st.sampled_from(NAMES), span=ranges, t=st.floats(0.01, 0.6))
def test_saturated_intervals_are_sorted_maximal_and_agree_with_autograd(name, span, t):
    lo, hi = span
    parts = saturated_intervals(name, lo, hi, t)
    ends = [e for part in parts for e in part]
    assert ends == sorted(ends) and all(lo <= e <= hi for e in ends)
    fn = activation(name)
    gaps = [(b, c) for (_, b), (c, _) in zip(parts, parts[1:], strict=False)]
    for a, b in parts:  # inside: saturated; gaps between: not (else the intervals would merge)
        assert slope(fn, torch.tensor([(a + b) / 2], dtype=torch.float64))[1].abs() < t
    for a, b in gaps:
        assume(b - a > (hi - lo) / 500)
        assert slope(fn, torch.tensor([(a + b) / 2], dtype=torch.float64))[1].abs() >= t


def test_relu_is_saturated_exactly_left_of_zero():
    [(a, b)] = saturated_intervals("relu", -6, 6, 0.1)
    assert a == -6 and abs(b) < 12 / 1000


def test_parameters_change_the_function_exactly_as_torch_does():
    cases = [
        ("leaky_relu", {"negative_slope": 0.2}, F.leaky_relu(X, 0.2)),
        ("elu", {"alpha": 2.0}, F.elu(X, 2.0)),
        ("celu", {"alpha": 0.5}, F.celu(X, 0.5)),
        ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, F.hardtanh(X, -2.0, 0.5)),
        ("softplus", {"beta": 3.0}, F.softplus(X, beta=3.0)),
    ]
    for name, params, want in cases:
        assert torch.equal(activation(name, params)(X), want), name


def test_hardtanh_bounds_move_its_saturated_regions():
    parts = saturated_intervals("hardtanh", -6, 6, 0.1, params={"min_val": -2.0, "max_val": 3.0})
    assert [(round(a, 3), round(b, 3)) for a, b in parts] == [(-6, -2.0), (3.0, 6)]


def test_code_panel_call_is_the_same_function():
    for name in NAMES:
        spec = CATALOGUE[name]
        params = {p.name: round((p.lo + p.hi) / 2 + 0.3, 2) for p in spec.params}
        if name == "hardtanh":
            params = {"min_val": -0.7, "max_val": 2.5}
        got = eval(call_code(name, params), {"F": F, "torch": torch, "x": X})  # our own text
        assert torch.equal(got, activation(name, params)(X)), name


def test_autograd_picks_a_side_at_a_kink():
    assert at_point("relu", 0.0) == (0.0, 0.0)
    assert at_point("leaky_relu", 0.0)[1] == pytest.approx(0.01)
    assert at_point("elu", 0.0)[1] == 1.0


def test_curve_samples_f_and_f_prime_over_the_range():
    c = curve("tanh", -3.0, 2.0, 0.2, points=101)
    assert c.x[0] == -3.0 and c.x[-1] == 2.0 and len(c.x) == 101
    torch.testing.assert_close(c.dy, 1 - torch.tanh(c.x) ** 2)
    covered = sum(b - a for a, b in c.saturated + c.sensitive)
    assert covered == pytest.approx(5.0)


@pytest.mark.parametrize(
    "args, key",
    [
        (("sigmoid", 5.0, 5.0, 0.1), "act_range_empty"),
        (("sigmoid", 5.0, -5.0, 0.1), "act_range_reversed"),
        (("sigmoid", -math.inf, 5.0, 0.1), "act_range_finite"),
        (("sigmoid", -5.0, math.nan, 0.1), "act_range_finite"),
        (("sigmoid", -5000.0, 5.0, 0.1), "act_range_wide"),
        (("sigmoid", -5.0, 5.0, math.nan), "act_threshold"),
        (("sigmoid", -5.0, 5.0, math.inf), "act_threshold"),
        (("sigmoid", -5.0, 5.0, 0.0), "act_threshold"),
        (("swish2", -5.0, 5.0, 0.1), "act_unknown"),
    ],
)
def test_bad_input_is_one_sentence_not_a_traceback(args, key):
    with pytest.raises(InputError) as err:
        saturated_intervals(*args)
    assert err.value.key == key and str(err.value).endswith(".")


def test_bad_parameters_are_refused_before_torch_sees_them():
    for name, params, key in [
        ("leaky_relu", {"negative_slope": 5.0}, "act_param_range"),
        ("elu", {"alpha": math.nan}, "act_param_range"),
        ("hardtanh", {"min_val": 1.0, "max_val": -1.0}, "act_hardtanh_order"),
        ("relu", {"alpha": 1.0}, "act_param_unknown"),
    ]:
        with pytest.raises(InputError) as err:
            activation(name, params)
        assert err.value.key == key
