"""The activation charts as Vega-Lite specs: marks, encodings, fixed domains and data rows."""

import pytest

from charts import activations as charts
from lib.activations import at_point, curve
from lib.activations_network import NetworkConfig, probe
from lib.activations_neuron import neuron
from lib.activations_properties import properties

TEXT = {
    k: f"<{k}>"
    for k in (
        "x y z f df dydx function saturated sensitive threshold region from to strip neuron plain "
        "layer share std saturated_share dead_share share_axis share_title grad_axis pre_grad "
        "grad_title shape_title hist_title range zero_centred monotone sat_left sat_right kinks "
        "yes no flat fading none"
    ).split()
}


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


@pytest.fixture(scope="module")
def function_specs():
    curves = [curve("sigmoid", -6.0, 6.0, 0.1), curve("relu", -6.0, 6.0, 0.1)]
    at_x0 = {c.name: at_point(c.name, 1.0) for c in curves}
    return [c.to_dict() for c in charts.function_charts(curves, at_x0, 1.0, 0.1, TEXT)]


def test_f_panel_fixes_the_x_domain_and_shades_the_first_functions_saturation(function_specs):
    f_spec = function_specs[0]
    shade, *rest = _layers(f_spec)
    assert shade["mark"]["type"] == "rect"
    assert shade["encoding"]["x"]["scale"]["domain"] == [-6.0, 6.0]
    bands = _rows(f_spec, shade)
    assert [(round(r["start"], 2), round(r["end"], 2)) for r in bands] == [(-6, -2.06), (2.06, 6)]
    line = next(layer for layer in rest if layer["mark"]["type"] == "line")
    assert line["encoding"]["color"]["scale"]["domain"] == ["sigmoid", "relu"]
    assert {r["function"] for r in _rows(f_spec, line)} == {"sigmoid", "relu"}
    texts = [
        r["kind"] for layer in rest if layer["mark"]["type"] == "text" for r in _rows(f_spec, layer)
    ]
    assert "<sensitive>" in texts and "<saturated>" in texts  # regions named in words
    assert f_spec["title"] == "<f>" and f_spec["width"] == "container"


def test_f_prime_panel_draws_the_threshold_and_the_point(function_specs):
    df_spec = function_specs[1]
    layers = _layers(df_spec)
    [threshold] = [la for la in layers if la["mark"]["type"] == "rule" and "y" in la["encoding"]]
    assert sorted(r["y"] for r in _rows(df_spec, threshold)) == [-0.1, 0.1]
    assert not [la for la in layers if la["mark"]["type"] == "text"]  # names only on top
    dots = next(layer for layer in layers if layer["mark"]["type"] == "point")
    rows = {r["function"]: r["df"] for r in _rows(df_spec, dots)}
    assert rows["relu"] == 1.0 and rows["sigmoid"] == pytest.approx(0.19661193)
    assert any(t["field"] == "df" for t in dots["encoding"]["tooltip"])


def test_strip_has_one_row_per_function_and_covers_the_range(function_specs):
    strip = function_specs[2]
    assert strip["mark"]["type"] == "bar" and strip["encoding"]["y"]["sort"] == ["sigmoid", "relu"]
    for name in ("sigmoid", "relu"):
        rows = [r for r in _rows(strip, strip) if r["function"] == name]
        assert sum(r["end"] - r["start"] for r in rows) == pytest.approx(12.0)


def test_neuron_chart_compares_the_unit_with_the_plain_function():
    unit = neuron("tanh", 2.0, 1.0, -4.0, 4.0, 0.1)
    plain = neuron("tanh", 1.0, 0.0, -4.0, 4.0, 0.1)
    top, slope = (c.to_dict() for c in charts.neuron_charts(unit, plain, TEXT))
    shade = _layers(top)[0]
    assert [(round(r["start"], 2), round(r["end"], 2)) for r in _rows(top, shade)] == [
        (round(a, 2), round(b, 2)) for a, b in unit.saturated
    ]
    line = _layers(slope)[1]
    assert {r["curve"] for r in _rows(slope, line)} == {"<neuron>", "<plain>"}
    assert max(r["dydx"] for r in _rows(slope, line)) == pytest.approx(2.0, rel=1e-3)


def test_histogram_rows_are_layers_on_the_activations_z_axis():
    net = probe(NetworkConfig("tanh", depth=4, width=8, init_scale=3.0))
    shape = curve("tanh", -6.0, 6.0, 0.1)
    top, heat = (c.to_dict() for c in charts.histogram_charts(net, shape, TEXT))
    rect = _layers(heat)[0]
    assert rect["mark"]["type"] == "rect" and rect["encoding"]["y"]["field"] == "layer"
    assert rect["encoding"]["x"]["scale"]["domain"] == [-6.0, 6.0]
    rows = _rows(heat, rect)
    for layer in range(1, 5):
        assert sum(r["share"] for r in rows if r["layer"] == layer) == pytest.approx(1.0)
    assert all(r["share"] > 0 for r in rows)
    cuts = _rows(heat, _layers(heat)[1])
    assert sorted(round(r["edge"], 2) for r in cuts) == [-1.82, 1.82]
    assert top["title"] == "<shape_title>"


def test_layer_charts_fix_the_share_axis_and_log_the_gradient():
    net = probe(NetworkConfig("relu", depth=5, width=8))
    share, grad = (c.to_dict() for c in charts.layer_charts(net, TEXT))
    assert share["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert len(_rows(share, share)) == 10
    assert grad["encoding"]["y"]["scale"]["type"] == "log"
    norms = [r["norm"] for r in _rows(grad, grad)]
    assert norms == pytest.approx([s.weight_grad_norm for s in net.layers])


def test_properties_table_writes_every_measured_column():
    frame = charts.properties_frame([properties("relu"), properties("tanh")], TEXT)
    assert list(frame.columns) == [
        TEXT[k]
        for k in ("function", "range", "zero_centred", "monotone", "sat_left", "sat_right", "kinks")
    ]
    relu, tanh = frame.to_dict("records")
    assert relu["<range>"] == "0 … +∞" and tanh["<range>"] == "-1 … 1"
    assert relu["<sat_left>"] == "<yes> (<flat>)" and tanh["<sat_right>"] == "<yes> (<fading>)"
    assert relu["<kinks>"] == "0: 0→1 (autograd 0)" and tanh["<kinks>"] == "<none>"
