"""lib.losses.gradient against central finite differences of lib-independent torch calls."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.losses import LOSSES, gradient, sample

H = 1e-6


def torch_loss(name: str, pred: np.ndarray, target, options: dict) -> float:
    """The loss straight from torch.nn, the prediction unpacked as the catalogue documents."""
    spec = LOSSES[name]
    kw = dict(options)
    if "pos_weight" in kw:
        kw["pos_weight"] = torch.tensor(kw["pos_weight"], dtype=torch.float64)
    m = getattr(torch.nn, name)(**kw)
    p = torch.tensor(pred, dtype=torch.float64)
    dtype = torch.int64 if spec.target_dtype == torch.int64 else torch.float64
    t = torch.tensor(target, dtype=dtype)
    if spec.call == "pair":
        return m(p[0], p[1], t).item()
    if spec.call == "triplet":
        return m(p, t[0], t[1]).item()
    return m(p, t).item()


def finite_difference(name, pred, target, options) -> np.ndarray:
    pred = np.array(pred, dtype=float)
    grad = np.zeros(pred.size)
    for i in range(pred.size):
        up, down = pred.copy().ravel(), pred.copy().ravel()
        up[i] += H
        down[i] -= H
        grad[i] = (
            torch_loss(name, up.reshape(pred.shape), target, options)
            - torch_loss(name, down.reshape(pred.shape), target, options)
        ) / (2 * H)
    return grad


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gradient_matches_finite_differences_on_a_seeded_batch(name):
    pred, target = sample(name, 3, seed=7)
    options = {"reduction": "sum"}
    got = gradient(name, pred, target, **options)
    assert len(got) == np.array(pred).size
    np.testing.assert_allclose(got, finite_difference(name, pred, target, options), atol=1e-5)


@settings(max_examples=10)
@given(
    st.sampled_from(["HuberLoss", "SmoothL1Loss", "BCEWithLogitsLoss", "SoftMarginLoss"]),
    st.integers(0, 50),
    st.floats(0.2, 4),
)
def test_gradient_of_mean_with_options_matches_finite_differences(name, seed, k):
    pred, target = sample(name, 2, seed)
    key = {"HuberLoss": "delta", "SmoothL1Loss": "beta", "BCEWithLogitsLoss": "pos_weight"}
    options = {key[name]: k} if name in key else {}
    got = gradient(name, pred, target, **options)
    np.testing.assert_allclose(got, finite_difference(name, pred, target, options), atol=1e-5)


def test_gradient_of_none_is_the_gradient_of_the_sum():
    assert gradient("MSELoss", [1.0, 3.0], [0.0, 0.0], reduction="none") == [2.0, 6.0]
    assert gradient("MSELoss", [1.0, 3.0], [0.0, 0.0]) == [1.0, 3.0]
