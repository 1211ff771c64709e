"""Properties table, one neuron, code panels and the predict-then-reveal questions."""

import math

import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lib.activations.code import function_snippet, neuron_snippet
from lib.activations.curves import NAMES, at_point, saturated_intervals
from lib.activations.facts import curve_facts, network_facts, neuron_facts, spans, table_facts
from lib.activations.network import NetworkConfig, probe
from lib.activations.neuron import neuron
from lib.activations.properties import properties
from lib.activations.quiz import layer_quiz, point_quiz
from lib.common.errors import InputError


def test_properties_measured_on_torch_agree_with_the_textbook():
    sig, tanh, relu = properties("sigmoid"), properties("tanh"), properties("relu")
    assert (sig.lower, sig.upper) == (pytest.approx(0.0), pytest.approx(1.0))
    assert sig.mean_normal == pytest.approx(0.5) and not sig.zero_centred
    assert tanh.zero_centred and tanh.monotone and tanh.saturates_left and tanh.saturates_right
    assert (relu.lower, relu.upper) == (0.0, math.inf)
    assert relu.mean_normal == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-6)
    assert relu.saturates_left and relu.slope_left == 0 and not relu.saturates_right
    assert relu.flat_left and not tanh.flat_right  # dead for good, against merely fading
    assert properties("gelu_tanh").saturates_left and not properties("gelu_tanh").flat_left
    [kink] = relu.kinks
    assert (kink.x, kink.left, kink.right, kink.autograd) == (0.0, 0.0, 1.0, 0.0)


def test_smooth_dips_and_kinks_are_told_apart():
    for name in ("gelu", "gelu_tanh", "silu", "mish", "hardswish"):
        assert not properties(name).monotone, name
    assert [k.x for k in properties("relu6").kinks] == [0.0, 6.0]
    assert [k.x for k in properties("hardswish").kinks] == [-3.0, 3.0]
    assert properties("elu").kinks == () and len(properties("elu", {"alpha": 2.0}).kinks) == 1
    assert properties("selu").zero_centred and properties("logsigmoid").lower == -math.inf
    assert not properties("leaky_relu").saturates_left
    assert properties("leaky_relu", {"negative_slope": 0.0}).saturates_left


def test_hardtanh_range_and_kinks_follow_its_parameters():
    p = properties("hardtanh", {"min_val": -0.5, "max_val": 3.0})
    assert (p.lower, p.upper) == (-0.5, 3.0) and [k.x for k in p.kinks] == [-0.5, 3.0]
    assert not p.zero_centred


@settings(max_examples=25)
@given(w=st.floats(-5, 5).filter(lambda w: abs(w) > 0.05), b=st.floats(-5, 5))
def test_weight_stretches_and_bias_moves_the_sensitive_region(w, b):
    unit = neuron("sigmoid", w, b, -20.0, 20.0, 0.1)
    a = math.log((1 + math.sqrt(0.6)) / (1 - math.sqrt(0.6)))  # sigmoid sensitive for |z| <= a
    want = sorted([(-a - b) / w, (a - b) / w])
    want = (max(want[0], -20.0), min(want[1], 20.0))
    if want[1] - want[0] > 0.1:
        [(lo, hi)] = unit.sensitive
        assert lo == pytest.approx(want[0], abs=0.04) and hi == pytest.approx(want[1], abs=0.04)
    z = w * unit.x + b
    torch.testing.assert_close(unit.dydx, w * torch.sigmoid(z) * (1 - torch.sigmoid(z)))


def test_a_zero_weight_makes_the_unit_ignore_its_input():
    unit = neuron("tanh", 0.0, 3.0, -5.0, 5.0, 0.1)
    assert unit.sensitive == () and (unit.dydx == 0).all()
    assert neuron_facts(unit, unit)["width"] == 0
    with pytest.raises(InputError):
        neuron("tanh", math.inf, 0.0, -5.0, 5.0)


def test_function_code_panel_reproduces_the_point_read_out(capsys):
    params = {"leaky_relu": {"negative_slope": 0.3}, "sigmoid": {}}
    ns: dict = {}
    exec(function_snippet(["sigmoid", "leaky_relu"], params, -4.0, 4.0, -1.5, 0.2), ns)
    for name in params:
        assert ns["at_x0"][name] == pytest.approx(at_point(name, -1.5, params[name]))
    assert "saturated on" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "w", "b", "lo", "hi"),
    [
        ("tanh", 2.0, 1.0, -5.0, 5.0),
        ("sigmoid", 1.0, 0.0, -6.0, 6.0),
        ("relu", -1.5, 2.0, -6.0, 6.0),
    ],
)
def test_neuron_code_panel_prints_exactly_the_sensitive_region_the_page_says(
    capsys, name, w, b, lo, hi
):
    """The page once said ±0.75 while its code printed ±0.72 (a coarser grid): same digits now."""
    exec(neuron_snippet(name, {}, w, b, lo, hi, 0.1), {})
    said = spans(neuron(name, w, b, lo, hi, 0.1).sensitive)
    printed = capsys.readouterr().out.splitlines()[0].removeprefix("sensitive for x in ")
    assert printed == (said if said != "∅" else "nothing")


@settings(max_examples=25)
@given(name=st.sampled_from(NAMES), t=st.floats(0.02, 0.5))
@example(name="gelu", t=0.5)  # gelu′(0) = 0.5 exactly: a candidate on the boundary is no question
def test_point_question_has_exactly_one_right_answer(name, t):
    q = point_quiz(name, -6.0, 6.0, t)
    if q is None:
        return
    inside = [
        any(a <= x <= b for a, b in saturated_intervals(name, -6.0, 6.0, t)) for x in q.options
    ]
    answer_in_saturated = inside[q.options.index(q.answer)]
    assert answer_in_saturated == (q.kind == "saturated")
    assert sum(i == answer_in_saturated for i in inside) == 1
    assert q.answer_label in q.labels and len(q.labels) == 4


def test_layer_question_points_at_the_largest_gradient():
    net = probe(NetworkConfig("sigmoid", depth=9, width=16))
    q = layer_quiz(net)
    assert q.options == (1, 5, 9) and q.answer == 9
    assert max(s.weight_grad_norm for s in net.layers) == pytest.approx(max(q.norms))


def test_facts_carry_the_numbers_the_sentences_need():
    from lib.activations.curves import curve

    f = curve_facts(curve("sigmoid", -6.0, 6.0, 0.1), 0.0)
    assert f["region"] == "sensitive" and f["peak"] == pytest.approx(0.25)
    assert f["share"] == pytest.approx(1 - 2 * 2.0634 / 12, abs=1e-3)
    assert spans([]) == "∅" and spans([(-1.0, 2.5)]) == "[-1.00, 2.50]"
    n = network_facts(probe(NetworkConfig(depth=3, width=8)))
    assert n["n"] == 3 and n["ratio"] == pytest.approx(n["g1"] / n["gn"])
    assert "relu (0)" in table_facts([properties("relu")])["kinked"]
