"""The softmax page's charts (read through to_dict()) and tables (read as DataFrames)."""

from __future__ import annotations

import json
import math

import torch
import torch.nn.functional as F

from charts import softmax as charts
from charts import softmax_tables as tables
from charts.named import with_data
from lib.softmax import formulas as sm
from lib.softmax.losses import LossOptions, bench

NAMES = {k: k.upper() for k in charts.NAMES}


def probabilities(z, *args):
    r = sm.compare(z, *args)
    return with_data(charts.probabilities(NAMES), charts.probability_rows(r, NAMES))


def rows(chart) -> list[dict]:
    datasets = chart.to_dict()["datasets"].values()
    return next(d for d in datasets if d and "class" in d[0])  # the one with a row per class


def layer_marks(chart) -> list[str]:
    return [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]


def test_probabilities_are_bars_on_a_fixed_zero_to_one_axis_naive_next_to_torch():
    chart = probabilities([2.0, 1.0, 0.1, -1.0])
    spec = chart.to_dict()
    bars = spec["layer"][0]
    assert layer_marks(chart) == ["bar", "text", "text"]
    assert bars["encoding"]["y"]["scale"] == {"domain": [0.0, 1.0], "clamp": True}
    assert bars["encoding"]["xOffset"]["field"] == "series"
    assert spec["title"] == "PROB_TITLE"
    data = rows(chart)
    assert len(data) == 2 * 4
    torch_rows = [d for d in data if d["series"] == "torch.softmax"]
    assert [round(d["value"], 4) for d in torch_rows] == [0.6381, 0.2347, 0.0954, 0.0318]
    assert {t["field"] for t in bars["encoding"]["tooltip"]} == {"class", "series", "shown"}


def test_overflowed_values_are_missing_with_a_label_never_drawn_as_zero():
    data = rows(probabilities([100.0, 99.0, 95.0], 1.0, torch.float32))
    naive = [d for d in data if d["series"] == "NAIVE"]
    assert all(d["value"] is None for d in naive)  # null: Vega-Lite draws no bar
    assert all(d["label"] == "nan" and d["kind"] == "missing" for d in naive)
    assert all(d["label_y"] == 0.0 for d in naive)
    assert all(d["value"] is not None and d["label"] == "" for d in data if d not in naive)


def test_log_probabilities_keep_zero_at_the_top_and_label_values_beyond_the_axis():
    r = sm.compare([0.0, -20.0, -300.0], 1.0, torch.float32)
    bars = charts.log_probabilities(NAMES, floor=charts.log_floor(r))
    chart = with_data(bars, charts.log_probability_rows(r, NAMES))
    assert chart.to_dict()["layer"][0]["encoding"]["y"]["scale"]["domain"] == [-100.0, 0.0]
    data = {(d["series"], d["class"]): d for d in rows(chart)}
    assert data[("NAIVE_LOG", 2)]["label"] == "-inf"  # log(0): missing, labelled
    assert data[("NAIVE_LOG", 2)]["value"] is None
    clipped = data[("torch.log_softmax", 2)]
    assert clipped["kind"] == "clipped" and clipped["label"] == "-300"
    assert -100 < clipped["label_y"] < -95  # written up the bar, just inside the axis


def test_the_invariance_chart_draws_three_distributions_per_class():
    inv = sm.invariance(sm.compare([2.0, 1.0, 0.1]), 5.0, 2.0)
    data = rows(with_data(charts.invariance(NAMES), charts.invariance_rows(inv)))
    assert [d["series"] for d in data[::3]] == ["softmax(u)", "softmax(u + 5)", "softmax(2·u)"]
    assert [d["order"] for d in data[::3]] == [0, 1, 2]  # the colours follow this order
    assert len(data) == 9


def test_series_are_coloured_in_their_order_so_the_spec_never_names_them():
    """Names like softmax(u + 5) change with a slider; the cached spec must not depend on them."""
    spec = charts.invariance(NAMES).to_dict()
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["sort"] == {"field": "order", "op": "min"}
    assert "domain" not in colour["scale"] and len(colour["scale"]["range"]) == 3
    assert spec["layer"][0]["encoding"]["xOffset"]["sort"] == colour["sort"]
    assert spec["data"] == {"name": "bars"}


def test_the_gradient_chart_has_autograd_bars_and_formula_ticks_on_a_minus_one_to_one_axis():
    r = sm.compare([2.0, 1.0, 0.1])
    chart = with_data(charts.gradient(NAMES), charts.gradient_rows(sm.gradient(r, 2), 2))
    spec = chart.to_dict()
    assert layer_marks(chart)[:2] == ["bar", "tick"]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [-1.0, 1.0]
    assert spec["title"] == {"text": "GRAD_TITLE", "subtitle": "GRAD_SUBTITLE"}
    data = rows(chart)
    assert data[2]["grad"] < 0 < data[0]["grad"]
    assert [d["true"] for d in data] == [False, False, True]  # the true class is coloured apart
    assert all(math.isclose(d["grad"], d["formula"], abs_tol=1e-6) for d in data)


def test_the_steps_table_shows_both_routes_with_inf_and_nan_spelled_out():
    r = sm.compare([100.0, 99.0], 1.0, torch.float16)
    table = tables.steps_table(r, "class")
    assert list(table.columns)[:3] == ["class", "u = z/T", "exp(u)"]
    assert table["exp(u)"].tolist() == ["inf", "inf"]
    assert table["exp(u)/Σ"].tolist() == ["nan", "nan"]
    assert table["u − m"].tolist() == ["0", "-1"]


def test_the_loss_tables_list_each_sample_and_each_route():
    b = bench(torch.tensor([2.0, 1.0, 0.1]), 0, 3, 0, LossOptions(weight=(1.0, 2.0, 3.0)))
    samples = tables.samples_table(b, "IGNORED", "")
    assert samples["y"].tolist() == b.targets.tolist()
    assert samples["weight[y]"].tolist()[0] == "1"
    verdicts = {k: k for k in tables.VERDICTS}
    ways = tables.ways_table(b, verdicts)
    assert len(ways) == 4 and ways["loss"][0] == ways["loss"][1]
    assert ways[" "].tolist() == ["", "equal", "double", "probs"]
    smoothed = bench(torch.tensor([2.0, 1.0, 0.1]), 0, 3, 0, LossOptions(label_smoothing=0.2))
    assert tables.ways_table(smoothed, verdicts)[" "].tolist() == [
        "",
        "differs",
        "mix",
        "double",
        "probs",
    ]
    none = bench(torch.tensor([2.0, 1.0, 0.1]), 0, 3, 0, LossOptions(reduction="none"))
    per_row = [float(v) for v in tables.vector(none.cross_entropy).strip("[]").split(",")]
    expected = F.cross_entropy(none.logits, none.targets, reduction="none").tolist()
    assert len(per_row) == 3 and all(abs(a - b) < 1e-3 for a, b in zip(per_row, expected))


def test_the_log_axis_fits_ordinary_logits_and_keeps_underflow_on_a_fixed_scale():
    ordinary = sm.compare((2.0, 1.0, 0.1, -1.0), 1.0, torch.float32)
    tiny = sm.compare((0.0, -20.0, -120.0), 1.0, torch.float32)
    lowest = torch.log_softmax(torch.tensor([2.0, 1.0, 0.1, -1.0]), 0).min().item()
    assert charts.log_floor(ordinary) == -5.0 and lowest > -5.0  # -3.4: not a sliver of -20
    assert charts.log_floor(tiny) == -100.0
    spec = charts.log_probabilities({"log_title": "", "class": ""}, floor=-5.0).to_dict()
    assert '"domain": [-5.0, 0.0]' in json.dumps(spec)


def test_minus_zero_is_written_as_zero():
    from lib.softmax.parse import number

    assert number(-0.0) == "0" and number(-1e-30) == "-1e-30"
