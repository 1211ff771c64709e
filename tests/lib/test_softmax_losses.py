"""The loss bench: CrossEntropyLoss == NLLLoss ∘ log_softmax, and the two classic mistakes."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.softmax.losses import (
    MAX_BATCH,
    REDUCTIONS,
    LossOptions,
    bench,
    losses,
    make_batch,
    parse_weight,
)
from lib.softmax.parse import DTYPES, MAX_CLASSES


@st.composite
def batches(draw, smoothing: bool = False):
    """A (B, C) batch with targets, in any dtype, with any combination of the page's options."""
    c = draw(st.integers(2, MAX_CLASSES))
    b = draw(st.integers(1, MAX_BATCH))
    name = draw(st.sampled_from(list(DTYPES)))
    number = st.floats(-20, 20, allow_nan=False, allow_infinity=False)
    z = torch.tensor(
        draw(st.lists(st.lists(number, min_size=c, max_size=c), min_size=b, max_size=b)),
        dtype=DTYPES[name],
    )
    y = torch.tensor(draw(st.lists(st.integers(0, c - 1), min_size=b, max_size=b)))
    weight = draw(st.none() | st.lists(st.floats(0.1, 3), min_size=c, max_size=c).map(tuple))
    options = LossOptions(
        weight=weight,
        ignore_index=draw(st.sampled_from([-100, *range(c)])),
        label_smoothing=draw(st.floats(0.05, 1)) if smoothing else 0.0,
        reduction=draw(st.sampled_from(REDUCTIONS)),
    )
    return z, y, options


def identical(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.dtype == b.dtype and bool(((a == b) | (a.isnan() & b.isnan())).all())


@settings(max_examples=80)
@given(batches())
def test_cross_entropy_equals_nll_of_log_softmax_bit_for_bit_with_every_option(case):
    z, y, options = case
    b = losses(z, y, options)
    assert identical(b.cross_entropy, b.nll_of_log_softmax)
    assert b.two_ways_agree and b.smoothed_mix is None
    # and both are what torch.nn.functional computes on its own
    w = None if options.weight is None else torch.tensor(options.weight, dtype=z.dtype)
    kw = dict(weight=w, ignore_index=options.ignore_index, reduction=options.reduction)
    assert identical(b.cross_entropy, F.cross_entropy(z, y, **kw))
    assert identical(b.nll_of_log_softmax, F.nll_loss(F.log_softmax(z, dim=1), y, **kw))


@settings(max_examples=60)
@given(batches(smoothing=True))
def test_label_smoothing_is_a_mix_of_nll_on_the_target_and_nll_on_every_class(case):
    z, y, options = case
    b = losses(z, y, options)
    assert b.smoothed_mix is not None
    assert b.two_ways_agree  # equal up to the dtype's rounding
    ref = losses(z.double(), y, options)  # the same identity holds tightly in float64
    assert torch.allclose(ref.cross_entropy, ref.smoothed_mix, atol=1e-10, equal_nan=True)


@given(batches())
def test_double_softmax_and_nll_on_probabilities_give_the_wrong_numbers_torch_says(case):
    z, y, options = case
    b = losses(z, y, options)
    p = torch.softmax(z, dim=1)
    w = None if options.weight is None else torch.tensor(options.weight, dtype=z.dtype)
    kw = dict(weight=w, ignore_index=options.ignore_index, reduction=options.reduction)
    assert identical(b.double_softmax, F.cross_entropy(p, y, **kw))
    assert identical(b.nll_on_probabilities, F.nll_loss(p, y, **kw))


@given(batches())
def test_nll_on_probabilities_is_just_minus_p_of_the_true_class(case):
    z, y, options = case
    b = losses(z, y, LossOptions(ignore_index=options.ignore_index, reduction="none"))
    kept = ~b.ignored
    expected = torch.where(kept, -b.p_true, torch.zeros_like(b.p_true))
    assert identical(b.nll_on_probabilities, expected)
    assert (b.nll_on_probabilities <= 0).all() and (b.nll_on_probabilities >= -1).all()


@pytest.mark.parametrize("c", [2, 4, 10])
def test_double_softmax_cannot_go_below_log_one_plus_c_minus_one_over_e(c):
    z = torch.zeros(1, c, dtype=torch.float64)
    floor = losses(z, torch.tensor([0])).double_softmax_floor
    assert math.isclose(floor, math.log(1 + (c - 1) / math.e), rel_tol=1e-6)
    perfect = F.one_hot(torch.tensor([0]), c).double() * 1.0
    assert math.isclose(float(F.cross_entropy(perfect, torch.tensor([0]))), floor, rel_tol=1e-6)


def test_per_sample_columns_are_p_true_minus_log_p_true_and_the_unreduced_loss():
    z = torch.tensor([[2.0, 1.0, 0.1], [0.0, 3.0, -1.0]])
    y = torch.tensor([0, 2])
    b = losses(z, y, LossOptions(weight=(1.0, 1.0, 2.0), ignore_index=1))
    p = torch.softmax(z, dim=1)
    assert torch.allclose(b.p_true, torch.stack([p[0, 0], p[1, 2]]))
    assert torch.allclose(b.nll_per_sample, -torch.log(b.p_true))
    assert torch.allclose(b.loss_per_sample, b.nll_per_sample * torch.tensor([1.0, 2.0]))
    assert b.ignored.tolist() == [False, False]


def test_ignored_rows_add_nothing_and_leave_the_mean():
    z = torch.tensor([[2.0, 1.0, 0.1], [0.0, 3.0, -1.0]])
    y = torch.tensor([0, 1])
    b = losses(z, y, LossOptions(ignore_index=1))
    assert b.ignored.tolist() == [False, True]
    assert float(b.loss_per_sample[1]) == 0.0
    assert math.isclose(float(b.cross_entropy), float(b.nll_per_sample[0]), rel_tol=1e-6)


def test_a_weighted_mean_divides_by_the_weights_of_the_rows_that_count():
    z = torch.tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 1.0]])
    y = torch.tensor([0, 1, 1])
    b = losses(z, y, LossOptions(weight=(1.0, 3.0)))
    per = b.nll_per_sample * torch.tensor([1.0, 3.0, 3.0])
    assert math.isclose(float(b.cross_entropy), float(per.sum() / 7.0), rel_tol=1e-6)


def test_the_batch_starts_with_the_students_logits_and_the_rest_follows_the_seed():
    first = torch.tensor([2.0, 1.0, 0.1], dtype=torch.float16)
    z, y = make_batch(first, 2, 5, seed=7)
    assert z.shape == (5, 3) and z.dtype == torch.float16 and y.shape == (5,)
    assert torch.equal(z[0], first) and int(y[0]) == 2
    z2, y2 = make_batch(first, 2, 5, seed=7)
    assert torch.equal(z, z2) and torch.equal(y, y2)
    z3, _ = make_batch(first, 2, 5, seed=8)
    assert not torch.equal(z, z3)


def test_bench_is_make_batch_then_losses():
    first = torch.tensor([2.0, 1.0, 0.1, -1.0])
    b = bench(first, 1, 3, 0, LossOptions(reduction="sum"))
    z, y = make_batch(first, 1, 3, 0)
    assert torch.equal(b.logits, z) and torch.equal(b.targets, y)
    assert torch.equal(b.cross_entropy, F.cross_entropy(z, y, reduction="sum"))


def test_nan_in_the_logits_makes_both_routes_nan_and_they_still_agree():
    z = torch.tensor([[math.nan, 1.0, 0.0], [0.0, 1.0, 2.0]])
    b = losses(z, torch.tensor([0, 1]), LossOptions(reduction="none"))
    assert math.isnan(float(b.cross_entropy[0])) and math.isfinite(float(b.cross_entropy[1]))
    assert b.two_ways_agree


@pytest.mark.parametrize(
    ("text", "classes", "expected"),
    [("", 3, None), ("1, 2, 0.5", 3, (1.0, 2.0, 0.5)), ("[0 1]", 2, (0.0, 1.0))],
)
def test_weights_are_one_non_negative_number_per_class_or_nothing(text, classes, expected):
    assert parse_weight(text, classes) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1, 2", "sm_weight_count"),
        ("1, -2, 1", "sm_weight_value"),
        ("1, inf, 1", "sm_weight_value"),
        ("1, x, 1", "sm_not_number"),
    ],
)
def test_bad_weights_are_one_clear_sentence(text, key):
    with pytest.raises(ValueError) as err:
        parse_weight(text, 3)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("options", "key"),
    [
        (LossOptions(label_smoothing=1.5), "sm_smoothing"),
        (LossOptions(reduction="avg"), "sm_reduction"),
        (LossOptions(weight=(1.0, 2.0)), "sm_weight_count"),
    ],
)
def test_bad_options_are_refused_before_torch_sees_them(options, key):
    with pytest.raises(ValueError) as err:
        losses(torch.zeros(2, 3), torch.tensor([0, 1]), options)
    assert err.value.key == key


def test_batch_size_and_target_are_bounded():
    with pytest.raises(ValueError) as err:
        make_batch(torch.zeros(3), 0, MAX_BATCH + 1, 0)
    assert err.value.key == "sm_batch"
    with pytest.raises(ValueError) as err:
        make_batch(torch.zeros(3), 3, 2, 0)
    assert err.value.key == "sm_target"
