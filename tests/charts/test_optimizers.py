"""The optimizers page's pictures, read through to_dict(): fixed windows, every layer labelled,
nothing non-finite in the rows, and the step table read as a DataFrame."""

from __future__ import annotations

import math

import pytest

from charts import optimizers as charts
from charts.named import with_data
from charts.theme import OKABE_ITO
from lib.optimizers import WINDOWS, grid, trajectory

WORDS = {w: w.upper() for w in ("level", "loss", "run", "step", "stopped", "update")}


def race():
    return {
        "SGD": trajectory("rosenbrock", "sgd", (-1.5, 2.0), 40, lr=0.01),  # diverges at once
        "Adam": trajectory("rosenbrock", "adam", (-1.5, 2.0), 40, lr=0.05),
    }


def surface_chart(runs, k=5):
    w = WINDOWS["rosenbrock"]
    rows = {
        "opt_cells": charts.cell_rows(grid("rosenbrock", n=11), w),
        "opt_minima": charts.minima_rows(w, "MIN"),
    } | charts.path_rows(runs, k)
    return with_data(charts.surface(x=w.x, y=w.y, words=WORDS), rows)


def test_the_surface_is_drawn_on_its_fixed_window_with_paths_dots_and_labelled_minima():
    spec = surface_chart(race()).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "line", "point", "point", "text"]
    cells, paths, now, star, label = spec["layer"]
    assert cells["encoding"]["x"]["scale"]["domain"] == [-2, 2]
    assert cells["encoding"]["y"]["scale"]["domain"] == [-1, 3]
    assert paths["encoding"]["x"]["scale"]["domain"] == [-2, 2]
    assert paths["mark"]["clip"] is True and paths["encoding"]["order"]["field"] == "step"
    assert paths["encoding"]["color"]["scale"]["range"] == OKABE_ITO[:5]
    assert (
        paths["encoding"]["color"]["title"] == "RUN" and now["encoding"]["color"]["legend"] is None
    )
    assert cells["encoding"]["color"]["title"] == "LEVEL"
    assert label["encoding"]["text"]["field"] == "label"
    minima = spec["datasets"]["opt_minima"]
    assert minima == [{"x": 1, "y": 1, "label": "MIN"}]


def test_path_rows_are_finite_and_the_dot_of_a_stopped_run_waits_at_its_last_point():
    runs = race()
    rows = charts.path_rows(runs, 30)
    paths, now = rows["opt_paths"], rows["opt_now"]
    assert paths[["x", "y", "loss"]].map(math.isfinite).all().all()
    assert len(paths) == sum(len(r.points) for r in runs.values())
    sgd = now[now.run == "SGD"].iloc[0]
    assert runs["SGD"].diverged_at is not None
    assert (sgd.x, sgd.y) == runs["SGD"].points[-1] and sgd.step == len(runs["SGD"].points) - 1
    adam = now[now.run == "Adam"].iloc[0]
    assert (adam.x, adam.y) == runs["Adam"].points[30]


def test_cells_cover_the_window_and_their_colour_is_the_log_height_above_the_minimum():
    w = WINDOWS["himmelblau"]
    cells = charts.cell_rows(grid("himmelblau", n=21), w)
    assert len(cells) == 21 * 21
    assert cells.x0.min() == w.x[0] and cells.x1.max() == w.x[1]
    assert cells.y0.min() == w.y[0] and cells.y1.max() == w.y[1]
    row = cells.iloc[123]
    assert row.level == math.log10(1 + row.loss - w.lowest) and cells.level.min() >= 0


def test_loss_lines_have_a_fixed_step_axis_a_fixed_log_top_and_floor_tiny_values():
    series = {"A": [100.0, 1.0, 0.0], "B": [50.0, math.inf, 1e-30]}
    rows = charts.line_rows(series, 1)
    lines = rows["opt_lines"]
    assert len(lines) == 5  # the inf is left out, never drawn
    assert lines.value.min() == charts.FLOOR and 0.0 in set(lines.shown)
    top = charts.log_top(series)
    assert top == 1e4
    spec = with_data(charts.per_step(steps=2, y_title="Y", words=WORDS, top=top), rows).to_dict()
    line, rule = spec["layer"]
    assert line["encoding"]["x"]["scale"]["domain"] == [0, 2]
    assert line["encoding"]["y"]["scale"] == {"type": "log", "domain": [charts.FLOOR, 1e4]}
    assert rule["mark"]["type"] == "rule" and spec["datasets"]["opt_k"] == [{"step": 1}]
    linear = charts.per_step(steps=2, y_title="lr", words=WORDS, log=False).to_dict()
    assert linear["layer"][0]["encoding"]["y"]["scale"] == {"zero": True}


def test_a_step_card_shows_each_tensor_torch_keeps_and_none_once_a_run_stopped():
    runs = race()
    assert charts.step_card(runs["SGD"], 10, "UPDATE") is None  # SGD stopped before step 10
    r = runs["Adam"]
    card = charts.step_card(r, 10, "UPDATE")
    assert list(card.columns) == ["x", "y"]  # two narrow columns: a phone shows them whole
    kept = ["state['exp_avg']", "state['exp_avg_sq']"]
    assert list(card.index) == ["p", "p.grad", *kept, "UPDATE"]
    shown = {row: tuple(map(float, card.loc[row])) for row in card.index}
    expected = {"p": r.points[10], "p.grad": r.grads[10]}
    expected |= {f"state['{n}']": r.states[10][n] for n in ("exp_avg", "exp_avg_sq")}
    expected["UPDATE"] = tuple(b - a for a, b in zip(r.points[10], r.points[11]))
    for row, want in expected.items():
        assert shown[row] == pytest.approx(want, rel=1e-3), row
