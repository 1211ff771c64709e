"""The loss zoo through app.py: languages, shared links, bad input, code panels and the check."""

from __future__ import annotations

import contextlib
import io

import pytest

from lib.losses import bench, point, sample
from tests.pages.conftest import LANGS, assert_clean, chart_rows, chart_spec, open_page
from ui.text import strings

PAGE = "app_pages/losses.py"
TRAPS = "⚠️ BCE · KL · (N, 1) · sum"


def text_of(at) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def run_code(at) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(at.code[-1].value, {})  # the code panel's snippet, in a fresh namespace
    return out.getvalue()


@pytest.mark.parametrize("lang", LANGS)
def test_the_curve_is_the_first_view_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert not at.error
    charts = at.get("vega_lite_chart")
    assert [chart_spec(c)["title"] for c in charts] == [
        strings(lang)["losses.c_loss_title"],
        strings(lang)["losses.c_grad_title"],
    ]
    names = {r["loss_name"] for r in chart_rows(charts[0]) if "loss_name" in r}
    assert names == {"MSELoss", "L1Loss", "HuberLoss"}
    assert strings(lang)["common.notice"] in text_of(at)


def test_a_shared_link_restores_the_curve_and_the_code_reproduces_its_numbers():
    at = open_page(
        PAGE,
        "zh-CN",
        loss_names=["HuberLoss", "CrossEntropyLoss", "TripletMarginLoss"],
        loss_y="-0.5",
        loss_label="-1",
        loss_x0="0.7",
        loss_HuberLoss_delta="2.0",
        loss_TripletMarginLoss_p="1.5",
    )
    assert_clean(at)
    assert at.multiselect(key="loss_names").value == [
        "HuberLoss",
        "CrossEntropyLoss",
        "TripletMarginLoss",
    ]
    assert at.slider(key="loss_HuberLoss_delta").value == 2.0
    assert at.segmented_control(key="loss_label").value == -1
    printed = [line.split() for line in run_code(at).splitlines()]
    options = {"HuberLoss": {"delta": 2.0}, "TripletMarginLoss": {"p": 1.5}}
    for name, loss, grad in printed:
        name = name.strip("'")
        p = point(name, 0.7, -0.5, -1, options.get(name, {}))
        assert float(loss) == pytest.approx(p.loss) and float(grad) == pytest.approx(p.grad)
        assert f"{p.loss:.4g}" in text_of(at)  # the notice reads the same numbers
    assert at.get("page_link")  # CrossEntropyLoss is chosen: the softmax page is linked


@pytest.mark.parametrize("x0", ["-6.0", "6.0"])
def test_notices_stay_true_at_the_ends_of_the_point_slider(x0):
    at = open_page(PAGE, "en", loss_names=["BCELoss", "MSELoss"], loss_x0=x0)
    assert_clean(at)
    said = text_of(at)
    assert "outside the input range of **BCELoss**" in said
    mse = point("MSELoss", float(x0), 1.0, 1, {})
    assert f"**MSELoss** = {mse.loss:.4g}" in said
    rows = chart_rows(at.get("vega_lite_chart")[0])
    assert {r["loss_name"] for r in rows if "loss_name" in r} == {"BCELoss", "MSELoss"}


def test_a_target_outside_bce_domain_gives_one_sentence_and_the_other_curves_stay():
    at = open_page(PAGE, "zh-TW", loss_names=["BCELoss", "L1Loss"], loss_y="2.0")
    assert_clean(at)
    assert len(at.error) == 1 and "BCELoss" in at.error[0].value
    rows = chart_rows(at.get("vega_lite_chart")[0])
    assert {r["loss_name"] for r in rows if "loss_name" in r} == {"L1Loss"}


def test_the_bench_shows_every_reduction_and_its_code_reproduces_them():
    at = open_page(PAGE, "en", loss_tab="reduction", loss_bench="KLDivLoss", loss_n="3")
    assert_clean(at)
    assert not at.get("vega_lite_chart")  # only the open tab computes
    pred, target = sample("KLDivLoss", 3, 0)
    b = bench("KLDivLoss", pred, target, {})
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == ["'mean'", "'sum'", "'batchmean'"]
    assert list(table.iloc[:, 1]) == pytest.approx(
        [b.reduced[r] for r in ("mean", "sum", "batchmean")]
    )
    assert "batchmean" in " ".join(w.value for w in at.warning)  # torch's own warning
    printed = run_code(at)
    assert f"sum / mean = {b.divisor}" in printed or "sum / mean = 9.0" in printed
    assert "by 9: all 9 numbers" in text_of(at)


@pytest.mark.parametrize(
    ("pred", "target", "key"),
    [
        ("[[0.5, 0.5]]", "[[1.5, 0]]", "loss_torch"),
        ("__import__('os').system('x')", "[1]", "loss_text_syntax"),
        ("[" + "1, " * 3000 + "1]", "[1]", "loss_text_long"),
        ("[[nan, 0.5]]", "[[1, 0]]", "loss_torch"),
    ],
)
def test_typed_bad_batches_give_exactly_one_error(pred, target, key):
    at = open_page(PAGE, "zh-CN", loss_tab="reduction", loss_bench="BCELoss")
    at.text_input(key="loss_pred").set_value(pred[:4000])
    at.text_input(key="loss_target").set_value(target).run()
    assert_clean(at)
    assert len(at.error) == 1
    assert "{" not in at.error[0].value  # a filled-in sentence, not a template


def test_out_of_range_link_values_do_not_break_the_page():
    at = open_page(PAGE, "en", loss_tab="reduction", loss_n="999", loss_seed="-5", loss_x0="1e9")
    assert_clean(at)
    assert at.table  # streamlit falls back to the defaults; the bench still computes
    hostile = dict(
        loss_names="FocalLoss",
        loss_label="5",
        loss_y="nan",
        loss_x0="inf",
        loss_HuberLoss_delta="-3",
        loss_bench="Nope",
        loss_trap="zzz",
        loss_tab="nope",
    )
    at = open_page(PAGE, "zh-TW", **hostile)
    assert_clean(at)
    assert not at.error and len(at.get("vega_lite_chart")) == 2  # the defaults, drawn


def test_target_formats_and_every_trap_are_computed_by_torch():
    at = open_page(PAGE, "en", loss_tab="target")
    assert_clean(at)
    frame = at.dataframe[0].value
    assert frame.loc["CrossEntropyLoss", "indices"] == frame.loc["CrossEntropyLoss", "one_hot"]
    assert frame.loc["NLLLoss", "one_hot"] == "✗"
    at = open_page(PAGE, "zh-TW", loss_tab=TRAPS, loss_z="30")
    assert_clean(at)
    rows = chart_rows(at.get("vega_lite_chart")[0])
    assert max(r["value"] for r in rows if "BCELoss" in r.get("which", "")) == 100
    assert "30" in text_of(at)
    for trap, word in [("KLDivLoss(q, p)", "kl_divergence"), ("MSELoss((N, 1), (N,))", "4 × 4")]:
        at.segmented_control(key="loss_trap").set_value(trap).run()
        assert_clean(at)
        assert word in text_of(at)


def test_check_yourself_is_answered_by_torch():
    at = open_page(PAGE, "en")
    radio = next(r for r in at.radio if r.options[:3] == ["MSELoss", "HuberLoss", "PoissonNLLLoss"])
    radio.set_value("HuberLoss").run()
    reveal = next(b for b in at.button if b.label == strings("en")["common.reveal"])
    reveal.click().run()
    assert at.success and "19.5" in text_of(at)
