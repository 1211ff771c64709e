"""The network view's charts through with_data(...).to_dict(): layers, fixed axes, data rows."""

import pytest

from charts import activations_network as nets
from lib.activations.curves import curve
from lib.activations.network import BINS, NetworkConfig, probe
from tests.charts.test_activations import TEXT, _rows, _spec


@pytest.fixture(scope="module")
def tanh_net():
    return probe(NetworkConfig("tanh", depth=4, width=8, init_scale=3.0))


def test_histogram_rows_are_layers_on_the_activations_z_axis(tanh_net):
    shape = curve("tanh", -6.0, 6.0, 0.1)
    top = _spec(nets.shape_chart, nets.shape_rows(shape, TEXT), lo=-6.0, hi=6.0, text=TEXT)
    rows = nets.histogram_rows(tanh_net, shape)
    heat = _spec(nets.histogram_chart, rows, layers=4, lo=-6.0, hi=6.0, text=TEXT)
    rect, rule = heat["layer"]
    assert rect["mark"]["type"] == "rect" and rect["encoding"]["y"]["field"] == "layer"
    assert rect["encoding"]["x"]["scale"]["domain"] == [-6.0, 6.0]
    cells = _rows(heat, rect)
    for layer in range(1, 5):
        assert sum(r["share"] for r in cells if r["layer"] == layer) == pytest.approx(1.0)
    assert all(r["share"] > 0 for r in cells)  # an empty bin has no row
    assert sorted(round(r["edge"], 2) for r in _rows(heat, rule)) == [-1.82, 1.82]
    assert heat["height"] == 120 and top["title"] == "<shape_title>"
    assert {t["field"] for t in rect["encoding"]["tooltip"]} == {
        "layer", "start", "end", "share", "saturated", "std"
    }  # fmt: skip


def test_histogram_cells_follow_the_probes_counts_bin_for_bin(tanh_net):
    cells = nets.histogram_rows(tanh_net, curve("tanh", -6.0, 6.0, 0.1))["cells"]
    edges = tanh_net.bin_edges
    for s in tanh_net.layers:
        mine = cells[cells["layer"] == s.layer]
        want = [(edges[k], c / sum(s.counts)) for k, c in enumerate(s.counts) if c]
        assert list(zip(mine["start"], mine["share"], strict=True)) == pytest.approx(want)
        assert set(mine["saturated"]) == {s.saturated_share} and set(mine["std"]) == {s.pre_std}
    assert len(edges) == BINS + 1


def test_a_deep_network_gets_a_taller_histogram():
    spec = nets.histogram_chart(layers=20, lo=-6.0, hi=6.0, text=TEXT).to_dict()
    assert spec["height"] == 360


def test_layer_charts_fix_the_share_axis_and_log_the_gradient():
    net = probe(NetworkConfig("relu", depth=5, width=8))
    share = _spec(nets.share_chart, nets.share_rows(net, TEXT), layers=5, text=TEXT)
    grad = _spec(nets.gradient_chart, nets.gradient_rows(net), layers=5, text=TEXT)
    assert share["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert share["encoding"]["x"]["scale"]["domain"] == [1, 5]
    assert len(_rows(share, share)) == 10
    assert {r["measure"] for r in _rows(share, share)} == {"<saturated_share>", "<dead_share>"}
    assert grad["encoding"]["y"]["scale"]["type"] == "log"
    norms = [r["norm"] for r in _rows(grad, grad)]
    assert norms == pytest.approx([s.weight_grad_norm for s in net.layers])


def test_one_layer_still_gets_a_usable_layer_axis():
    net = probe(NetworkConfig("sigmoid", depth=1, width=4))
    grad = _spec(nets.gradient_chart, nets.gradient_rows(net), layers=1, text=TEXT)
    assert grad["encoding"]["x"]["scale"]["domain"] == [1, 2]


def test_the_network_specs_depend_only_on_their_options():
    a = nets.histogram_chart(layers=8, lo=-6.0, hi=6.0, text=TEXT).to_dict()
    b = nets.histogram_chart(layers=8, lo=-6.0, hi=6.0, text=TEXT).to_dict()
    assert a == b and "datasets" not in a  # the rows come separately, every rerun


def test_the_histogram_sentence_compares_the_first_and_the_last_layer(tanh_net):
    rows = nets.histogram_rows(tanh_net, curve("tanh", -6.0, 6.0, 0.1))
    said = nets.describe_histogram(rows, layers=4, lo=-6.0, hi=6.0, text=TEXT).params
    first, last = tanh_net.layers[0], tanh_net.layers[-1]
    assert (said["std1"], said["sat1"]) == (first.pre_std, first.saturated_share)
    assert (said["stdn"], said["satn"]) == (last.pre_std, last.saturated_share)
    assert first.pre_std != last.pre_std  # init scale 3: the layers differ, so the test can tell
