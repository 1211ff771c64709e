"""The activation charts as Vega-Lite specs: marks, encodings, fixed domains and data rows.

Every spec is read through `with_data(builder(**options), rows).to_dict()`, validated against
the Vega-Lite schema: what the page draws is the builder's spec fed with the rows functions' data.
"""

import pytest

from charts import activations as charts
from charts.activations_properties import properties_frame
from charts.named import with_data
from lib.activations.curves import at_point, curve
from lib.activations.neuron import neuron
from lib.activations.properties import properties

TEXT = {
    k: f"<{k}>"
    for k in (
        "x y z f df dydx function saturated sensitive threshold region from to strip neuron plain "
        "layer share std saturated_share dead_share share_axis share_title grad_axis pre_grad "
        "grad_title shape_title hist_title range zero_centred monotone sat_left sat_right kinks "
        "yes no flat fading none"
    ).split()
}


def _spec(build, rows, **options) -> dict:
    """The spec fed with `rows`, validated against the schema (to_dict's default). The rows
    must be exactly the data sets the marks read: Streamlit updates a drawn chart's data by
    name and gives up on a name the spec does not use, leaving the chart stale."""
    spec = with_data(build(**options), rows).to_dict()
    marks = spec.get("layer", [spec])
    assert all(set(m["data"]) == {"name"} for m in marks)  # no inline data
    assert {m["data"]["name"] for m in marks} == set(rows)
    return spec


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


@pytest.fixture(scope="module")
def function_specs():
    curves = [curve("sigmoid", -6.0, 6.0, 0.1), curve("relu", -6.0, 6.0, 0.1)]
    at_x0 = {c.name: at_point(c.name, 1.0) for c in curves}
    rows = charts.function_rows(curves, at_x0, 1.0, 0.1, TEXT)
    looks = {"names": ("sigmoid", "relu"), "lo": -6.0, "hi": 6.0, "text": TEXT}
    return [
        _spec(charts.function_chart, rows["f"], field="f", **looks),
        _spec(charts.function_chart, rows["df"], field="df", **looks),
        _spec(charts.strip_chart, charts.strip_rows(curves, TEXT), **looks),
    ]


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
    # with two functions drawn, each region name says whose regions they are (the first's)
    names = [la["transform"][0]["calculate"] for la in rest if la["mark"]["type"] == "text"]
    assert names and all(n == "datum.kind + ' · ' + \"sigmoid\"" for n in names)
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
    [rule] = [la for la in layers if la["mark"]["type"] == "rule" and "y" not in la["encoding"]]
    assert [r["x"] for r in _rows(df_spec, rule)] == [1.0]  # one line at x₀, not one per function


def test_function_panels_share_one_table_of_curves_and_get_only_what_they_draw():
    c = curve("tanh", -2.0, 2.0, 0.1)
    rows = charts.function_rows([c], {"tanh": at_point("tanh", 1.0)}, 1.0, 0.1, TEXT)
    assert rows["f"]["curves"] is rows["df"]["curves"]  # built once, sent with each panel
    assert "threshold" in set(rows["df"]) - set(rows["f"])
    assert "sensitive_names" in set(rows["f"]) - set(rows["df"])


def test_point_outside_the_range_leaves_no_marker():
    c = curve("tanh", -2.0, 2.0, 0.1)
    rows = charts.function_rows([c], {"tanh": at_point("tanh", 5.0)}, 5.0, 0.1, TEXT)
    assert rows["f"]["x0"].empty and rows["f"]["x0_rule"].empty
    looks = {"names": ("tanh",), "lo": -2.0, "hi": 2.0, "text": TEXT}
    spec = _spec(charts.function_chart, rows["f"], field="f", **looks)
    assert spec["datasets"][spec["layer"][-1]["data"]["name"]] == []


def test_strip_has_one_row_per_function_and_covers_the_range(function_specs):
    strip = function_specs[2]
    assert strip["mark"]["type"] == "bar" and strip["encoding"]["y"]["sort"] == ["sigmoid", "relu"]
    assert strip["height"] == 68  # 34 px a function
    for name in ("sigmoid", "relu"):
        rows = [r for r in _rows(strip, strip) if r["function"] == name]
        assert sum(r["end"] - r["start"] for r in rows) == pytest.approx(12.0)


def test_neuron_chart_compares_the_unit_with_the_plain_function():
    unit = neuron("tanh", 2.0, 1.0, -4.0, 4.0, 0.1)
    plain = neuron("tanh", 1.0, 0.0, -4.0, 4.0, 0.1)
    rows = charts.neuron_rows(unit, plain, TEXT)
    top, slope = (
        _spec(charts.neuron_chart, rows[f], field=f, lo=-4.0, hi=4.0, text=TEXT)
        for f in ("y", "dydx")
    )
    shade = _layers(top)[0]
    assert [(round(r["start"], 2), round(r["end"], 2)) for r in _rows(top, shade)] == [
        (round(a, 2), round(b, 2)) for a, b in unit.saturated
    ]
    assert shade["encoding"]["x"]["scale"]["domain"] == [-4.0, 4.0]
    line = _layers(slope)[1]
    assert {r["curve"] for r in _rows(slope, line)} == {"<neuron>", "<plain>"}
    assert max(r["dydx"] for r in _rows(slope, line)) == pytest.approx(2.0, rel=1e-3)
    assert len(_layers(top)) == 4 and len(_layers(slope)) == 2  # names written only on top


def test_properties_table_writes_every_measured_column():
    frame = properties_frame([properties("relu"), properties("tanh")], TEXT)
    assert list(frame.columns) == [
        TEXT[k]
        for k in ("function", "range", "zero_centred", "monotone", "sat_left", "sat_right", "kinks")
    ]
    relu, tanh = frame.to_dict("records")
    assert relu["<range>"] == "0 … +∞" and tanh["<range>"] == "-1 … 1"
    assert relu["<sat_left>"] == "<yes> (<flat>)" and tanh["<sat_right>"] == "<yes> (<fading>)"
    assert relu["<kinks>"] == "0: 0→1 (autograd 0)" and tanh["<kinks>"] == "<none>"
