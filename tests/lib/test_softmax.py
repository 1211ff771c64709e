"""Softmax and log-softmax: the page's claims, checked against torch over Hypothesis logits."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.softmax import formulas as sm
from lib.softmax.parse import DTYPES, MAX_CLASSES, MIN_CLASSES

NAMES = list(DTYPES)
EPS = {name: torch.finfo(d).eps for name, d in DTYPES.items()}


def logits(bound: float = 30.0):
    """2-10 finite logits; small enough that no dtype overflows when storing u = z / T."""
    number = st.floats(-bound, bound, allow_nan=False, allow_infinity=False)
    return st.lists(number, min_size=MIN_CLASSES, max_size=MAX_CLASSES)


def identical(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Bit for bit, where nan counts as equal to nan (the naive route may legitimately be nan)."""
    return a.dtype == b.dtype and bool(((a == b) | (a.isnan() & b.isnan())).all())


temperatures = st.sampled_from([0.5, 1.0, 2.0, 5.0])
dtypes = st.sampled_from(NAMES)


@given(logits(), temperatures, dtypes)
def test_every_tensor_is_in_the_chosen_dtype_and_the_naive_route_is_the_literal_formula(z, T, name):
    r = sm.compare(z, T, DTYPES[name])
    u = torch.tensor(z, dtype=DTYPES[name]) / T
    for t in (r.naive_softmax, r.softmax, r.naive_log_softmax, r.log_softmax, r.logsumexp):
        assert t.dtype == DTYPES[name]
    assert identical(r.scaled, u)
    assert identical(r.naive_softmax, torch.exp(u) / torch.exp(u).sum())
    assert identical(r.naive_log_softmax, torch.log(torch.exp(u) / torch.exp(u).sum()))
    assert identical(r.softmax, torch.softmax(u, dim=0))
    assert identical(r.log_softmax, torch.log_softmax(u, dim=0))


@given(logits(), temperatures, dtypes)
def test_the_max_subtraction_steps_give_torchs_logsumexp_and_log_softmax(z, T, name):
    r = sm.compare(z, T, DTYPES[name])
    tol = 4 * EPS[name] * (1 + float(r.scaled.double().abs().max()))
    assert float(r.shifted.max()) == 0.0  # u - max(u): the largest entry is exactly 0
    assert float(r.total_shifted) >= 1.0  # so its log can never be -inf
    assert abs(float(r.logsumexp) - float(r.torch_logsumexp)) <= tol
    by_steps = (r.scaled - r.logsumexp).double()
    assert torch.allclose(by_steps, r.log_softmax.double(), atol=2 * tol, rtol=0)


@given(logits(bound=1e4), st.sampled_from(["float32", "float64"]))
def test_torchs_softmax_is_finite_and_sums_to_one_however_large_the_logits(z, name):
    r = sm.compare(z, 1.0, DTYPES[name])
    assert torch.isfinite(r.softmax).all() and torch.isfinite(r.log_softmax).all()
    assert abs(float(r.softmax.double().sum()) - 1) <= len(z) * EPS[name]
    assert (r.log_softmax <= 0).all()


@pytest.mark.parametrize(
    ("z", "name"),
    [
        ([12.0, 0.0], "float16"),
        ([100.0, 99.0], "bfloat16"),
        ([100.0, 99.0], "float32"),
        ([800.0, 0.0], "float64"),
    ],
)
def test_the_naive_softmax_overflows_to_nan_where_torchs_does_not(z, name):
    r = sm.compare(z, 1.0, DTYPES[name])
    assert torch.isinf(r.exp).any()  # exp overflowed ...
    assert torch.isnan(r.naive_softmax).any()  # ... and inf / inf is nan
    assert torch.isfinite(r.softmax).all() and torch.isfinite(r.log_softmax).all()


@pytest.mark.parametrize("name", ["float16", "bfloat16", "float32"])
def test_the_naive_softmax_underflows_to_zero_over_zero_where_torchs_does_not(name):
    r = sm.compare([-120.0, -125.0, -130.0], 1.0, DTYPES[name])
    assert float(r.total) == 0.0  # every exp underflowed
    assert torch.isnan(r.naive_softmax).all()
    expected = torch.log_softmax(torch.tensor([-120.0, -125.0, -130.0], dtype=torch.float64), 0)
    assert torch.allclose(r.log_softmax.double(), expected, atol=0.05)


@pytest.mark.parametrize(("name", "tiny"), [("float16", -20.0), ("float32", -120.0)])
def test_log_of_the_naive_softmax_is_minus_inf_where_log_softmax_keeps_the_number(name, tiny):
    r = sm.compare([0.0, tiny], 1.0, DTYPES[name])
    assert float(r.naive_log_softmax[1]) == -math.inf
    assert abs(float(r.log_softmax[1]) - tiny) < 0.1


@pytest.mark.parametrize("name", NAMES)
def test_the_overflow_limit_is_where_exp_really_becomes_inf(name):
    low, high = sm.overflow_limits(DTYPES[name])
    d = DTYPES[name]
    assert math.isfinite(float(torch.exp(torch.tensor(high * 0.99, dtype=d))))
    assert math.isinf(float(torch.exp(torch.tensor(high * 1.01, dtype=d))))
    assert float(torch.exp(torch.tensor(low * 1.01, dtype=d))) == 0.0
    assert float(torch.exp(torch.tensor(low * 0.95, dtype=d))) > 0.0


@given(logits(), st.floats(-50, 50), st.floats(0, 5), dtypes)
def test_adding_a_constant_changes_nothing_but_rounding_and_order_is_never_reversed(z, c, k, name):
    r = sm.compare(z, 1.0, DTYPES[name])
    inv = sm.invariance(r, c, k)
    # Rounding u + c in the dtype moves each logit by <= eps·|u + c|; p moves by about twice that.
    bound = 4 * EPS[name] * (float(r.scaled.double().abs().max()) + abs(c) + 1)
    assert inv.shift_gap <= bound
    # Order kept, checked pair by pair on torch's own softmax of the logits: u_i < u_j never
    # gives p_i > p_j.
    u, p = r.scaled.double().tolist(), torch.softmax(r.scaled, 0).double().tolist()
    assert not any(u[i] < u[j] and p[i] > p[j] for i in range(len(u)) for j in range(len(u)))


@given(logits(bound=10), st.floats(0.1, 5).filter(lambda k: abs(k - 1) > 0.05))
def test_multiplying_the_logits_changes_the_distribution_unless_they_are_all_equal(z, k):
    r = sm.compare(z, 1.0, torch.float64)
    inv = sm.invariance(r, 0.0, k)
    if max(z) - min(z) > 0.1:
        assert inv.scale_gap > 0
    assert torch.allclose(inv.scaled, torch.softmax(k * r.scaled, 0))


@given(logits(), temperatures)
def test_temperature_is_the_same_as_multiplying_the_logits_by_one_over_t(z, T):
    r = sm.compare(z, T, torch.float64)
    one = sm.compare(z, 1.0, torch.float64)
    assert torch.allclose(r.softmax, sm.invariance(one, 0.0, 1 / T).scaled, atol=1e-12)


@given(logits(bound=15))
def test_a_ratio_of_probabilities_is_exp_of_a_difference_of_logits(z):
    inv = sm.invariance(sm.compare(z, 1.0, torch.float64), 0.0, 2.0)
    u = torch.tensor(z, dtype=torch.float64)
    a, b = sorted(range(len(z)), key=lambda i: -z[i])[:2]  # the two largest, as the page picks
    p = torch.softmax(u, 0)
    assert math.isclose(inv.ratio, (p[a] / p[b]).item(), rel_tol=1e-9)
    assert math.isclose(inv.ratio, math.exp(z[a] - z[b]), rel_tol=1e-9)


@given(logits(), temperatures, dtypes, st.data())
def test_nll_is_minus_log_p_true_and_equals_cross_entropy_against_a_dirac_target(z, T, name, data):
    y = data.draw(st.integers(0, len(z) - 1))
    r = sm.compare(z, T, DTYPES[name])
    read = sm.readout(r, y)
    tol = 8 * EPS[name] * (1 + read.nll)
    assert read.nll == -float(r.log_softmax[y])
    assert abs(read.cross_entropy - read.nll) <= tol
    assert abs(read.dirac_cross_entropy - read.nll) <= tol
    assert math.isclose(read.p_true, float(r.softmax[y]))


@given(logits(), temperatures)
def test_entropy_is_minus_sum_p_log_p_between_zero_and_log_c(z, T):
    r = sm.compare(z, T, torch.float64)
    read = sm.readout(r, 0)
    by_hand = -float((r.softmax * r.log_softmax).sum())
    assert math.isclose(read.entropy, by_hand, abs_tol=1e-12)
    assert -1e-12 <= read.entropy <= read.max_entropy + 1e-12
    assert read.max_entropy == math.log(len(z))


@settings(max_examples=40)
@given(logits(), temperatures, dtypes, st.floats(0, 1), st.data())
def test_autograd_gives_softmax_minus_the_target_as_the_gradient_of_cross_entropy(
    z, T, name, eps, data
):
    y = data.draw(st.integers(0, len(z) - 1))
    r = sm.compare(z, T, DTYPES[name])
    g = sm.gradient(r, y, eps)
    # reference in float64 straight from autograd
    u = r.scaled.double().clone().requires_grad_()
    F.cross_entropy(u[None], torch.tensor([y]), label_smoothing=eps, reduction="sum").backward()
    assert g.autograd.dtype == DTYPES[name]
    assert torch.allclose(g.autograd.double(), u.grad, atol=8 * EPS[name])
    q = torch.full((len(z),), eps / len(z), dtype=torch.float64)
    q[y] += 1 - eps  # label smoothing's target, written out
    closed_form = torch.softmax(r.scaled.double(), 0) - q
    assert torch.allclose(g.autograd.double(), closed_form, atol=8 * EPS[name])
    assert abs(float(g.autograd.double().sum())) <= 8 * len(z) * EPS[name]
    if eps == 0:
        onehot = F.one_hot(torch.tensor(y), len(z)).double()
        assert torch.allclose(g.formula.double(), r.softmax.double() - onehot, atol=EPS[name])


def test_non_finite_logits_are_passed_to_torch_as_they_are():
    for z in ([math.nan, 1.0, 0.0], [math.inf, 1.0, 0.0]):
        r = sm.compare(z, 1.0, torch.float32)
        assert torch.isnan(r.softmax).all()  # exactly what torch.softmax returns for them
    r = sm.compare([-math.inf, 1.0, 0.0], 1.0, torch.float32)
    assert float(r.softmax[0]) == 0.0 and float(r.log_softmax[0]) == -math.inf
    assert sm.broken(r.log_softmax) == [0]
    assert math.isfinite(sm.readout(r, 1).entropy)


def test_class_count_and_temperature_are_checked_before_anything_is_computed():
    with pytest.raises(ValueError) as err:
        sm.compare([1.0], 1.0)
    assert err.value.key == "sm_class_count"
    with pytest.raises(ValueError):
        sm.compare([0.0] * (MAX_CLASSES + 1))
    with pytest.raises(ValueError) as err:
        sm.compare([1.0, 2.0], 0.0)
    assert err.value.key == "sm_temperature"
    with pytest.raises(ValueError) as err:
        sm.readout(sm.compare([1.0, 2.0]), 2)
    assert err.value.key == "sm_target"


def test_compare_accepts_a_tensor_as_well_as_a_list():
    r = sm.compare(torch.tensor([[2.0, 1.0, 0.1]]), 2.0, torch.float16)
    assert r.softmax.shape == (3,) and r.dtype == torch.float16
