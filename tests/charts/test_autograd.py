"""The autograd page's charts, read through to_dict(): torch's graph as boxes and lines at the
places lib computed, and .grad over backward() calls on a fixed call axis."""

from __future__ import annotations

from charts import autograd as charts
from charts.named import with_data
from lib.autograd import accumulate, parse
from lib.autograd.graph import trace

KINDS = dict(zip(charts.KINDS, ["OUT", "FN", "LEAF"], strict=True))
TIPS = {k: k.upper() for k in ["code", "value", "grad", "sent", "local", "slot"]}


def drawn(text, values, wanted=None):
    t = trace(parse(text), values, wanted)
    chart = charts.graph(kinds=list(KINDS.values()), tips=TIPS, layers=charts.layers(t))
    return t, with_data(chart, charts.graph_rows(t, KINDS)).to_dict()


def test_the_graph_draws_every_node_and_edge_with_torch_s_names():
    t, spec = drawn("w * x + w ** 2", {"w": 3.0, "x": 2.0}, ["w"])
    assert [layer["mark"]["type"] for layer in spec["layer"]] == [
        "rule", "text", "rect", "text", "text"
    ]  # fmt: skip
    nodes, edges = spec["datasets"]["ag_nodes"], spec["datasets"]["ag_edges"]
    assert [n["name"] for n in nodes] == [
        "AddBackward0",
        "MulBackward0",
        "PowBackward0",
        "AccumulateGrad",
    ]
    assert [n["kind"] for n in nodes] == ["OUT", "FN", "FN", "LEAF"]
    assert nodes[3]["below"] == "w.grad"
    # two lines reach w's accumulator, carrying 2 (= x) and 6 (= 2w) down; 3 goes up both
    into_w = [e for e in edges if e["to"] == "AccumulateGrad"]
    assert sorted(e["grad"] for e in into_w) == ["2", "6"]
    assert {e["value"] for e in into_w} == {"3"}
    assert all(0 < n["x"] < 1 and n["y"] == t.nodes[i].layer for i, n in enumerate(nodes))


def test_every_layer_shares_one_fixed_place_scale():
    _, spec = drawn(
        "(sigmoid(w @ x + b) - y) ** 2", {"w": [1.0, 2.0], "x": [0.5, 0.1], "b": 0.0, "y": 1.0}
    )
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["scale"] == {"domain": [0, 1]}
        assert layer["encoding"]["y"]["scale"]["reverse"] is True
    assert spec["width"] == "container"


def test_edges_point_down_from_parent_to_child():
    t, spec = drawn(
        "loss = ((w * x + b - y) ** 2).mean()",
        {"w": 1.0, "b": 0.0, "x": [1.0, 2.0], "y": [1.0, 0.0]},
    )
    for e in spec["datasets"]["ag_edges"]:
        assert e["y2"] > e["y"]


def test_accumulation_is_drawn_per_leaf_and_run_on_a_fixed_call_axis():
    runs = {
        "kept": accumulate(
            "w * x", {"w": [1.0, 2.0], "x": [3.0, 4.0]}, 3, zero_grad=False, requires_grad=["w"]
        ),
        "zeroed": accumulate(
            "w * x", {"w": [1.0, 2.0], "x": [3.0, 4.0]}, 3, zero_grad=True, requires_grad=["w"]
        ),
    }
    chart = charts.accumulation(x_title="X", y_title="Y", run_title="R")
    spec = with_data(chart, charts.accumulation_rows(runs)).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"] == {"domain": [0, 10]}
    rows = spec["datasets"]["ag_grads"]
    kept = [r["grad"] for r in rows if r["run"] == "kept" and r["series"] == "w[1]"]
    assert kept == [4.0, 8.0, 12.0]
    assert {r["grad"] for r in rows if r["run"] == "zeroed" and r["series"] == "w[0]"} == {3.0}


def test_edge_numbers_step_aside_on_a_narrow_plot():
    _, spec = drawn("w * x", {"w": 1.0, "x": 2.0})
    labels = spec["layer"][1]
    assert labels["mark"]["opacity"] == {"expr": f"width > {charts.NARROW} ? 1 : 0"}
    assert [t["title"] for t in labels["encoding"]["tooltip"]][-2:] == ["SENT", "LOCAL"]
