"""The live training charts, read through to_dict(): marks, encodings, fixed domains, rows."""

from dataclasses import replace

import pytest

from charts import training as charts
from charts.named import with_data
from lib.training import EpochRecord, TrainConfig, Trainer
from lib.training.engine import GRID_CELLS

NAMES = {k: f"<{k}>" for k in charts.NAMES}


@pytest.fixture(scope="module")
def trained():
    trainer = Trainer(TrainConfig(points=80))
    trainer.run_epochs(6)
    return trainer


def layers(chart):
    return chart.to_dict()["layer"]


def test_binary_heatmap_paints_p_class_one_on_a_fixed_zero_to_one_scale(trained):
    heat, points = layers(charts.boundary("binary", 2, NAMES))
    assert heat["mark"]["type"] == "square" and heat["data"] == {"name": "cells"}
    colour = heat["encoding"]["color"]
    assert colour["field"] == "value" and colour["scale"]["domain"] == [0, 0.5, 1]
    assert colour["title"] == "<probability>"
    assert points["mark"]["type"] == "point"
    assert points["encoding"]["shape"]["scale"]["domain"] == ["<train>", "<validation>"]
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"split", "label", "x1", "x2"}
    for layer in (heat, points):
        assert layer["encoding"]["x"]["scale"]["domain"] == [-6, 6]
        assert layer["encoding"]["y"]["scale"]["domain"] == [-6, 6]


def test_multiclass_and_discretized_heatmaps_paint_the_predicted_class():
    heat, _ = layers(charts.boundary("multiclass", 4, NAMES))
    assert heat["encoding"]["color"]["field"] == "label"
    assert heat["encoding"]["color"]["scale"]["domain"] == ["0", "1", "2", "3"]
    assert heat["encoding"]["opacity"]["field"] == "value"  # paler where unsure
    heat, _ = layers(charts.boundary("binary", 2, NAMES, discrete=True))
    assert heat["encoding"]["color"]["field"] == "label"
    assert "field" not in heat["encoding"]["opacity"]  # discrete: one class per cell, no fading
    assert {"field": "value"}.items() <= next(
        tip for tip in heat["encoding"]["tooltip"] if tip["field"] == "value"
    ).items()  # the probability is still there to read


def test_regression_surface_uses_one_diverging_scale_for_prediction_and_targets():
    heat, points = layers(charts.boundary("regression", 1, NAMES, span=1.5))
    assert heat["encoding"]["color"]["scale"]["domain"] == [-1.5, 0, 1.5]
    assert points["encoding"]["color"]["field"] == "target"
    assert points["encoding"]["color"]["scale"]["domain"] == [-1.5, 0, 1.5]


def test_live_charts_leave_out_tooltips_and_hover_and_their_rows_match(trained):
    """Five redraws a second: no per-item tooltip to re-evaluate, no hover layer or its rows."""
    live = charts.boundary("binary", 2, NAMES, live=True)
    assert all("tooltip" not in layer["encoding"] for layer in layers(live))
    data = charts.boundary_data(trained.grid(), trained.data, NAMES)
    with_data(live, data).to_dict()  # still a valid spec
    curve = [trained.start, *trained.history]
    for chart, rows in (
        (charts.losses, charts.losses_data(curve, trained.best, NAMES, live=True)),
        (charts.accuracy, charts.accuracy_data(curve, NAMES, live=True)),
    ):
        spec = with_data(chart(NAMES, live=True), rows).to_dict()
        assert "params" not in spec and "wide" not in rows
        used = {part["data"]["name"] for part in (spec, *spec["layer"]) if "data" in part}
        assert used == set(rows)


def test_the_heatmap_rows_are_one_per_cell_and_one_per_point(trained):
    data = charts.boundary_data(trained.grid(), trained.data, NAMES)
    assert len(data["cells"]) == GRID_CELLS**2
    assert data["cells"]["value"].between(0, 1).all()
    assert len(data["points"]) == 80
    assert set(data["points"]["split"]) == {"<train>", "<validation>"}
    full = with_data(charts.boundary("binary", 2, NAMES), data).to_dict()
    assert len(full["datasets"]["cells"]) == GRID_CELLS**2
    # centres one cell width apart, half a cell in from the edges: the squares tile the square
    cells, width = data["cells"], 12 / GRID_CELLS
    assert (
        abs(cells.x1.min() - (-6 + width / 2)) < 1e-5
        and abs(cells.x2.max() - (6 - width / 2)) < 1e-5
    )
    assert sorted(set(cells.x1.round(5))) == pytest.approx(
        [-6 + width * (i + 0.5) for i in range(GRID_CELLS)], abs=1e-5
    )
    heat = full["layer"][0]  # a square mark exactly one cell wide: size is its area in px²
    assert heat["mark"]["type"] == "square" and heat["mark"]["size"] == pytest.approx(
        (charts.SIDE / GRID_CELLS) ** 2
    )


def test_loss_chart_layers_past_runs_current_run_hover_rule_and_best_marker(trained):
    spec = charts.losses(NAMES, classify=True).to_dict()
    past, now, rule, marker, *labels, past_names = spec["layer"]
    assert past["data"]["name"] == "past" and past["mark"]["strokeDash"] == [4, 3]
    assert now["mark"]["type"] == "line" and now["encoding"]["y"]["scale"]["zero"] is True
    hover = [p for p in spec["params"] if p["select"].get("nearest")]
    assert rule["mark"]["type"] == "rule" and hover[0]["select"]["on"] == "pointerover"
    tips = {t["field"] for t in rule["encoding"]["tooltip"]}
    assert tips == {"epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr"}
    assert marker["mark"]["shape"] == "diamond" and len(labels) == 2
    # earlier runs are named on the chart, at the last epoch of their validation curve
    assert past_names["data"]["name"] == "past" and past_names["mark"]["type"] == "text"
    assert past_names["encoding"]["text"]["field"] == "run"
    log = layers(charts.losses(NAMES, log=True))[1]
    assert log["encoding"]["y"]["scale"]["type"] == "log"


def test_loss_rows_hold_both_splits_per_epoch_and_the_best_epoch(trained):
    curve = [trained.start, *trained.history]
    data = charts.losses_data(curve, trained.best, NAMES, past=[("#1 sgd", curve[:3])])
    assert len(data["now"]) == 2 * len(curve)
    now = data["now"].query("split == '<validation>'")
    assert now["value"].tolist() == [r.val_loss for r in curve]
    assert set(data["past"]["run"]) == {"#1 sgd"} and len(data["past"]) == 6
    best = data["best"].iloc[0]
    assert best["epoch"] == trained.best.epoch and best["value"] == trained.best.val_loss
    assert best["text"] == f"<best> {trained.best.epoch}"


def test_a_long_run_is_thinned_for_drawing_but_keeps_its_first_and_last_epoch():
    records = [EpochRecord(e, 1 / (e + 1), 1 / (e + 1), None, None, e, 0.03) for e in range(2001)]
    kept = charts.thin(records)
    assert len(kept) <= charts.MAX_CURVE_POINTS + 1
    assert kept[0].epoch == 0 and kept[-1].epoch == 2000
    assert charts.thin(records[:10]) == records[:10]


def test_accuracy_axis_is_fixed_from_zero_to_one(trained):
    line, rule = layers(charts.accuracy(NAMES))
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert line["encoding"]["y"]["axis"]["format"] == "%"
    data = charts.accuracy_data([trained.start, *trained.history], NAMES)
    assert data["accuracy"]["value"].between(0, 1).all()


def test_regression_runs_have_no_accuracy_rows():
    trainer = Trainer(replace(TrainConfig(points=40), dataset="plane"))
    curve = [trainer.start, *trainer.run_epochs(2)]
    assert charts.losses_data(curve, trainer.best, NAMES)["wide"]["val_accuracy"].isna().all()


def test_the_network_view_has_one_small_map_per_hidden_unit_and_a_column_per_layer():
    trainer = Trainer(TrainConfig(points=40, hidden=(3, 2)))
    spec = charts.neurons(NAMES).to_dict()
    assert spec["facet"]["column"]["field"] == "layer" and spec["facet"]["row"]["field"] == "unit"
    assert spec["spec"]["encoding"]["color"]["scale"]["domain"] == [-1, 0, 1]
    rows = charts.neurons_data(trainer.neurons(6), 6)["neurons"]
    assert len(rows) == (3 + 2) * 36
    assert rows.groupby("layer")["unit"].nunique().to_dict() == {1: 3, 2: 2}
    assert charts.neurons_data([])["neurons"].empty


def test_no_colour_means_both_a_class_and_a_split():
    """On one page orange was class 0 in the boundary and validation in the curves."""
    assert not set(charts.CLASS_COLOURS) & set(charts.SPLIT_COLOURS)
