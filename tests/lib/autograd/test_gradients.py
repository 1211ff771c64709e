"""gradients(), graph() and accumulate() against independent oracles: closed forms, numpy,
central finite differences, and torch's own graph walked by hand here."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.autograd import accumulate, gradients, graph, parse

LINEAR = "loss = ((w * x + b - y) ** 2).mean()"
X = [3.57, 5.59, 5.82, 8.19]
Y = [0.5, 14.0, 15.0, 28.0]


def test_the_linear_model_matches_the_closed_form_in_numpy():
    w, b, x, y = 1.3, -0.7, np.array(X), np.array(Y)
    err = w * x + b - y
    g = gradients(LINEAR, {"w": w, "b": b, "x": X, "y": Y}, ["w", "b"])
    assert g["w"] == pytest.approx([np.mean(2 * err * x)], rel=1e-12)
    assert g["b"] == pytest.approx([np.mean(2 * err)], rel=1e-12)
    assert set(g) == {"w", "b"}  # x and y do not require grad


def test_a_leaf_used_twice_gets_the_sum_of_both_paths():
    assert gradients("w * x + w ** 2", {"w": 3.0, "x": 2.0}, ["w"]) == {"w": [2.0 + 2 * 3.0]}


def test_detach_removes_its_path_from_the_gradient():
    assert gradients("w * x + detach(w) ** 2", {"w": 3.0, "x": 2.0}, ["w"]) == {"w": [2.0]}


def test_at_the_kinks_autograd_picks_zero_for_relu_and_abs():
    g = gradients("relu(x) + abs(x)", {"x": [-1.0, 0.0, 2.0]})
    assert g["x"] == [0.0 - 1.0, 0.0 + 0.0, 1.0 + 1.0]


def test_a_vector_output_gives_the_gradient_of_its_sum():
    assert gradients("w * x", {"w": [1.0, 2.0], "x": [3.0, 5.0]}) == {
        "w": [3.0, 5.0],
        "x": [1.0, 2.0],
    }


# Smooth expressions over two leaves, checked against central differences in float64.
UNARY = ["sin({})", "cos({})", "tanh({})", "sigmoid({})", "exp({} * 0.3)", "({}) ** 2"]
BINARY = ["{} + {}", "{} - {}", "{} * {}", "{} / (2.5 + cos({}))", "maximum({}, {} + 3.0)"]


@st.composite
def expressions(draw, depth=0):
    if depth >= 2 or draw(st.booleans()):  # small enough for the parser's MAX_NODES
        return draw(st.sampled_from(["a", "b", "(a * b)"]))
    if draw(st.booleans()):
        return draw(st.sampled_from(UNARY)).format(draw(expressions(depth + 1)))
    template = draw(st.sampled_from(BINARY))
    return template.format(*(draw(expressions(depth + 1)) for _ in range(template.count("{}"))))


def _value(text, values):
    """The oracle's own forward pass: numpy, from the same text, through a tiny dict of numpy
    functions (the test's trusted evaluator; the page never does this)."""
    env = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh, "exp": np.exp, "maximum": np.maximum}
    env["sigmoid"] = lambda v: 1 / (1 + np.exp(-v))
    return float(np.sum(eval(text, {"__builtins__": {}}, env | values)))  # noqa: S307


@settings(max_examples=40)
@given(
    expressions(),
    st.floats(-2, 2, allow_nan=False),
    st.floats(-2, 2, allow_nan=False),
)
def test_gradients_match_central_differences(text, a, b):
    g = gradients(text, {"a": a, "b": b} | {})
    h = 1e-6
    for name, at in (("a", a), ("b", b)):
        if name not in g:
            continue
        up = _value(text, {"a": a, "b": b} | {name: np.float64(at + h)})
        down = _value(text, {"a": a, "b": b} | {name: np.float64(at - h)})
        assert g[name][0] == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-5), text


def _walk(fn, seen, order):
    """An independent walk of torch's graph, depth first, for the names and the edge count."""
    if fn is None or fn in seen:
        return 0
    seen.add(fn)
    order.append(type(fn).__name__)
    edges = 0
    for child, _ in fn.next_functions:
        edges += child is not None
        edges += _walk(child, seen, order)
    return edges


@pytest.mark.parametrize(
    "text", ["(sigmoid(w @ x + b) - y) ** 2", "w * x + w ** 2", LINEAR, "relu(w) * clamp(b, 0, 1)"]
)
def test_graph_has_torch_s_nodes_and_edges(text):
    values = {"w": [0.5, -0.3], "x": [1.0, 2.0], "b": 0.2, "y": 1.0}
    if text == LINEAR:
        values = {"w": 1.0, "b": 0.0, "x": X, "y": Y}
    if text.startswith("relu"):
        values = {"w": 1.5, "b": 0.4}
    values = {n: v for n, v in values.items() if n in parse(text).leaves}
    nodes = graph(text, values)
    leaves = {
        n: torch.tensor(v, dtype=torch.float64, requires_grad=True) for n, v in values.items()
    }
    env = {"sigmoid": torch.sigmoid, "relu": torch.relu, "clamp": torch.clamp}
    out = eval(
        text.split("=")[-1] if "loss =" in text else text, {"__builtins__": {}}, env | leaves
    )  # noqa: S307
    names: list[str] = []
    edges = _walk(out.grad_fn, set(), names)
    assert sorted(n.name for n in nodes) == sorted(names)
    assert nodes[0].name == type(out.grad_fn).__name__
    assert sum(len(n.children) for n in nodes) == edges
    assert {n.leaf for n in nodes if n.name == "AccumulateGrad"} == set(values)


def test_a_shared_leaf_has_one_accumulator_reached_twice():
    nodes = graph("w * x + w ** 2", {"w": 3.0, "x": 2.0}, ["w"])
    assert [n.name for n in nodes] == [
        "AddBackward0",
        "MulBackward0",
        "PowBackward0",
        "AccumulateGrad",
    ]
    acc = 3
    assert [i for i, n in enumerate(nodes) for c in n.children if c == acc] == [1, 2]
    assert nodes[acc].leaf == "w" and nodes[acc].grad == (8.0,)


def test_nothing_requiring_grad_records_no_graph():
    assert graph("w * x", {"w": 1.0, "x": 2.0}, []) == []


@settings(max_examples=15)
@given(st.integers(1, 10), st.floats(-3, 3, allow_nan=False))
def test_grad_adds_up_over_calls_unless_zeroed(calls, w):
    single = 2 * w + math.cos(w)  # d/dw (w ** 2 + sin(w))
    kept = accumulate("w ** 2 + sin(w)", {"w": w}, calls, zero_grad=False)
    zeroed = accumulate("w ** 2 + sin(w)", {"w": w}, calls, zero_grad=True)
    assert [row["w"][0] for row in kept] == pytest.approx([k * single for k in range(1, calls + 1)])
    assert [row["w"][0] for row in zeroed] == pytest.approx([single] * calls)


@pytest.mark.parametrize("calls", [0, 11])
def test_calls_are_bounded(calls):
    with pytest.raises(ValueError, match="1 to 10"):
        accumulate("w", {"w": 1.0}, calls, zero_grad=False)


@pytest.mark.parametrize(
    ("text", "values", "words"),
    [
        ("1 / w", {"w": 0.0}, "inf"),
        ("log(w)", {"w": -1.0}, "nan"),
        ("w + x", {"w": [1.0, 2.0], "x": [1.0, 2.0, 3.0]}, "must match the size"),
        ("w @ x", {"w": 1.0, "x": 2.0}, "at least 1D"),
        ("w", {"w": [1.0] * 9}, "1 to 8"),
        ("w", {"w": float("nan")}, "nan or inf"),
        ("w", {"w": 1e300}, "beyond"),
        ("w * q", {"w": 1.0}, "`q` has no value"),
    ],
)
def test_bad_values_give_one_sentence(text, values, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        gradients(text, values)
