"""Gradient accumulation against the closed-form gradient of the mean squared error, and the
three loops' update counts."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.data import accumulated_gradient, full_batch_gradient
from lib.data.loops import LOOPS, accumulation, regression_data, train


def mse_gradient(x, y, w, b):
    """d/dw, d/db of mean((w x + b − y)²), by hand."""
    r = w * x + b - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


def data(n, seed):
    g = np.random.default_rng(seed)
    x = g.uniform(-1, 1, (n, 1))
    return x, 3 * x + 0.5 + g.normal(0, 0.2, (n, 1))


@settings(max_examples=25)
@given(
    st.integers(1, 12),
    st.integers(1, 8),
    st.floats(-3, 3),
    st.floats(-3, 3),
    st.integers(0, 99),
)
def test_accumulating_k_equal_micro_batches_divided_by_k_is_the_full_batch_gradient(
    k, size, w, b, seed
):
    x, y = data(k * size, seed)
    got = accumulated_gradient(torch.tensor(x), torch.tensor(y), w, b, size, divide=True)
    assert got.dtype == torch.float64
    np.testing.assert_allclose(got.numpy(), mse_gradient(x, y, w, b), rtol=0, atol=1e-6)
    plain = accumulated_gradient(torch.tensor(x), torch.tensor(y), w, b, size, divide=False)
    np.testing.assert_allclose(plain.numpy(), k * mse_gradient(x, y, w, b), rtol=0, atol=1e-6)


@settings(max_examples=25)
@given(st.integers(2, 40), st.data(), st.integers(0, 99))
def test_a_short_last_batch_gives_the_mean_of_batch_means_not_the_full_gradient(n, draw, seed):
    size = draw.draw(st.integers(1, n - 1).filter(lambda s: n % s))
    x, y = data(n, seed)
    got = accumulated_gradient(torch.tensor(x), torch.tensor(y), 0.5, -0.5, size)
    parts = [slice(i, i + size) for i in range(0, n, size)]
    by_hand = np.mean([mse_gradient(x[p], y[p], 0.5, -0.5) for p in parts], axis=0)
    np.testing.assert_allclose(got.numpy(), by_hand, atol=1e-9)


def test_full_batch_gradient_is_the_closed_form():
    x, y = data(17, 3)
    got = full_batch_gradient(torch.tensor(x), torch.tensor(y), 1.5, 0.25)
    np.testing.assert_allclose(got.numpy(), mse_gradient(x, y, 1.5, 0.25), atol=1e-12)


def test_accumulation_summary_says_where_it_breaks():
    even, short = accumulation(24, 6, 0), accumulation(24, 5, 0)
    assert even.k == 4 and even.last == 6 and even.gap_divided < 1e-12
    assert short.k == 5 and short.last == 4 and short.gap_divided > 1e-3
    assert even.gap_undivided > 0.1


@pytest.mark.parametrize("n,batch", [(24, 4), (23, 5), (7, 7), (5, 1)])
def test_updates_per_epoch_are_one_n_and_ceil_n_over_b(n, batch):
    expected = {"full": 1, "sample": n, "minibatch": math.ceil(n / batch), "notes": 1}
    for loop in LOOPS:
        tr = train(loop, n, batch, 2, 0.1, 0)
        assert tr.updates_per_epoch == expected[loop]
        assert len(tr.update_losses) == 2 * expected[loop] and len(tr.epoch_losses) == 3


def test_full_batch_loop_is_plain_gradient_descent_by_hand():
    x, y = (t.numpy() for t in regression_data(16, 2))
    w = b = 0.0
    for _ in range(3):
        dw, db = mse_gradient(x, y, w, b)
        w, b = w - 0.2 * dw, b - 0.2 * db
    assert train("full", 16, 4, 3, 0.2, 2).final == pytest.approx((w, b), abs=1e-12)


@pytest.mark.parametrize("args", [("nope", 8, 2), ("full", 8, 9), ("full", 25, 4), ("full", 8, 0)])
def test_bad_loop_settings_are_one_input_error(args):
    with pytest.raises(InputError):
        train(*args, 2, 0.1, 0)
    with pytest.raises(InputError):
        train("full", 8, 2, 2, float("nan"), 0)
