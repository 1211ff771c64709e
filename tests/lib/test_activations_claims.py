"""The network view names the case it measured: vanishing, exploding or healthy gradients, and
a product of per-layer factors that multiplies back to the measured first-to-last ratio."""

import math

import pytest

from lib.activations.facts import network_facts
from lib.activations.network import NetworkConfig, probe


def measured(name: str, scale: float, depth: int = 10) -> dict:
    return network_facts(probe(NetworkConfig(name, (), depth, 64, scale, 0.1, 0, (-6.0, 6.0))))


def test_a_sigmoid_stack_vanishes_with_hardly_a_unit_saturated():
    """The old prose blamed saturation; torch shows f′ ≤ 0.25 per layer is enough."""
    f = measured("sigmoid", 1.0)
    assert f["verdict"] == "vanishing"
    assert f["s1"] < 0.1 and f["ratio"] < 1e-4
    assert f["per_layer"] < 0.25 * 1.2  # the weights barely change sigmoid's 0.25 cap


@pytest.mark.parametrize(
    ("name", "scale", "case"),
    [("tanh", 4.0, "exploding"), ("relu", math.sqrt(2), "healthy"), ("tanh", 1.0, "healthy")],
)
def test_the_words_follow_the_measured_case(name, scale, case):
    f = measured(name, scale)
    assert f["verdict"] == case
    lo, hi = (
        (0, 0.1) if case == "vanishing" else (10, math.inf) if case == "exploding" else (0.1, 10)
    )
    assert lo <= f["ratio"] <= hi


def test_the_per_layer_factor_multiplies_back_to_the_ratio():
    f = measured("tanh", 2.0, depth=6)
    assert math.isclose(f["per_layer"] ** 5, f["ratio"], rel_tol=1e-9)


def test_one_layer_has_no_product_to_judge():
    assert measured("tanh", 1.0, depth=1)["verdict"] == "single"
