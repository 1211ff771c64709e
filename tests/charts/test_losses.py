"""Loss chart specs: fixed domains, every line in a legend, and rows read from lib's results."""

from __future__ import annotations

from charts import losses as charts
from charts.named import with_data
from lib.losses import curve, logits_sweep, point, sum_trap
from tests.conftest import ROOT
from ui.text import strings

WORDS = {
    k.removeprefix("losses.c_"): v for k, v in strings("en").items() if k.startswith("losses.c_")
}


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_curve_chart_fixes_its_axes_and_names_every_loss():
    names = ("MSELoss", "HuberLoss")
    curves = [curve(n, 1.0, 1, {}) for n in names]
    points = [point(n, 3.0, 1.0, 1, {}) for n in names]
    rows = charts.curve_rows(curves, points)
    spec = with_data(charts.curve_chart("loss", names, -4.0, 4.0, WORDS), rows).to_dict()
    line = next(layer for layer in layers(spec) if layer["mark"]["type"] == "line")
    enc = line["encoding"]
    assert enc["x"]["scale"]["domain"] == [-4.0, 4.0]
    assert enc["y"]["scale"]["domain"] == list(charts.Y_RANGE["loss"])
    assert enc["color"]["scale"]["domain"] == list(names) and enc["color"]["legend"]
    assert line["mark"]["clip"] is True  # MSE leaving the chart is the lesson, not a rescale
    assert spec["title"] == WORDS["loss_title"]
    data = spec["datasets"]
    assert len(data["curves"]) == sum(len(c.x) for c in curves)
    assert {r["loss_name"] for r in data["points"]} == set(names)
    assert data["x0"] == [{"x": 3.0}]
    mse_at_3 = next(r for r in data["points"] if r["loss_name"] == "MSELoss")
    assert mse_at_3["loss"] == 4.0 and mse_at_3["grad"] == 4.0


def test_gradient_chart_has_no_legend_of_its_own():
    spec = charts.curve_chart("grad", ("L1Loss",), -4.0, 4.0, WORDS).to_dict()
    line = next(layer for layer in layers(spec) if layer["mark"]["type"] == "line")
    assert line["encoding"]["y"]["field"] == "grad" and line["encoding"]["color"]["legend"] is None
    assert line["encoding"]["y"]["scale"]["domain"] == list(charts.Y_RANGE["grad"])


def test_trap_chart_draws_both_losses_over_the_fixed_logit_range():
    rows = charts.trap_rows(logits_sweep(0.0), 30.0, WORDS)
    spec = with_data(charts.trap_chart(WORDS), rows).to_dict()
    line = layers(spec)[0]
    assert line["encoding"]["x"]["scale"]["domain"] == [-100, 100]
    assert line["encoding"]["y"]["scale"]["domain"] == [0.0, 110.0]
    which = {r["which"] for r in spec["datasets"]["lines"]}
    assert which == {WORDS["bce"], WORDS["logits"]}
    assert max(r["value"] for r in spec["datasets"]["lines"] if r["which"] == WORDS["bce"]) == 100


def test_batch_chart_is_log_log_with_both_reductions():
    r = sum_trap()
    spec = with_data(
        charts.batch_chart(WORDS), charts.batch_rows(r.sizes, r.mean, r.sum, WORDS)
    ).to_dict()
    assert spec["encoding"]["x"]["scale"]["type"] == "log"
    assert {row["reduction"] for row in spec["datasets"]["batches"]} == {"mean", "sum"}
    assert len(spec["datasets"]["batches"]) == 2 * len(r.sizes)


def test_every_chart_word_exists_in_every_language():
    for lang in ("zh-TW", "zh-CN"):
        assert {k for k in strings(lang) if k.startswith("losses.c_")} == {
            f"losses.c_{k}" for k in WORDS
        }
    assert ROOT.exists()
