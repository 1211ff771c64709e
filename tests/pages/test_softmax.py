"""The softmax page through app.py: languages, shared links, bad input, and the widgets."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import torch

from lib.softmax import formulas as sm
from lib.softmax.losses import LossOptions, bench
from lib.softmax.parse import DTYPES, number, parse_logits
from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.text import strings

PAGE = "app_pages/softmax.py"


def text_of(at) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_view_is_drawn_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert not at.error
    titles = [c["title"] for c in charts(at)]
    assert titles == [strings(lang)["softmax.prob_title"], strings(lang)["softmax.log_title"]]
    assert [m.label for m in at.metric] == ["H(p)", "p(0)", "−log p(0)", "CE(u, 0)"]
    assert strings(lang)["common.notice"] in text_of(at)


@pytest.mark.parametrize(
    ("tab", "n_charts", "n_tables"),
    [("log-sum-exp", 0, 1), ("z + c, k·z", 1, 0), ("CrossEntropyLoss", 0, 2), ("∂L/∂u", 1, 0)],
)
def test_a_link_opens_a_tab_and_only_that_tab_is_drawn(tab, n_charts, n_tables):
    at = open_page(PAGE, "zh-TW", sm_tab=tab)
    assert_clean(at)
    assert len(charts(at)) == n_charts and len(at.table) == n_tables
    assert strings("zh-TW")["common.notice"] in text_of(at)
    # the widgets of every tab are still there, so their URL state survives a tab switch
    assert at.slider(key="sm_shift") and at.segmented_control(key="sm_reduction")


def test_a_shared_link_restores_every_control():
    params = dict(
        sm_logits="100, 99, 95",
        sm_temp="0.5",
        sm_y="1",
        sm_dtype="float16",
        sm_shift="-3.0",
        sm_factor="0.5",
        sm_batch="2",
        sm_seed="5",
        sm_weight="1, 2, 3",
        sm_ignore="2",
        sm_smooth="0.1",
        sm_reduction="sum",
        sm_tab="log-sum-exp",
    )
    at = open_page(PAGE, "zh-CN", **params)
    assert_clean(at)
    assert at.text_input(key="sm_logits").value == "100, 99, 95"
    assert at.select_slider(key="sm_temp").value == 0.5
    assert at.segmented_control(key="sm_y").value == 1
    assert at.segmented_control(key="sm_dtype").value == "float16"
    assert at.slider(key="sm_shift").value == -3.0
    assert at.slider(key="sm_factor").value == 0.5
    assert at.slider(key="sm_batch").value == 2
    assert at.number_input(key="sm_seed").value == 5
    assert at.text_input(key="sm_weight").value == "1, 2, 3"
    assert at.selectbox(key="sm_ignore").value == 2
    assert at.slider(key="sm_smooth").value == 0.1
    assert at.segmented_control(key="sm_reduction").value == "sum"
    steps = at.table[0].value
    assert steps["exp(u)"].tolist() == ["inf"] * 3  # u = 200 overflows float16
    assert (steps["exp(u)/Σ"] == "nan").all()
    assert "nan" not in steps["torch.softmax"].tolist()


@pytest.mark.parametrize(
    ("typed", "key", "lang"),
    [
        ("2, abc", "sm_not_number", "zh-TW"),
        ("5", "sm_class_count", "en"),
        (", ".join(["1"] * 11), "sm_class_count", "zh-CN"),
        ("1,,2", "sm_empty_entry", "zh-TW"),
    ],
)
def test_bad_logits_give_one_translated_sentence_and_no_traceback(typed, key, lang):
    at = open_page(PAGE, lang, sm_logits=typed)
    assert_clean(at)
    assert len(at.error) == 1
    with pytest.raises(ValueError) as err:
        parse_logits(typed)
    assert err.value.key == key
    said = strings(lang)[f"errors.{key}"].format(**err.value.params) if lang != "en" else None
    shown = at.error[0].value.replace("`", "")  # the typed text is quoted as code
    assert shown == (said or str(err.value))  # the reader's language, one sentence


def test_bad_weights_stop_only_the_loss_bench():
    at = open_page(PAGE, "en", sm_weight="1, 2", sm_tab="CrossEntropyLoss")
    assert_clean(at)
    assert len(at.error) == 1 and "4 classes" in at.error[0].value
    assert not at.table  # the bench's tables are skipped ...
    assert at.code[0].value  # ... while the code panel and the check still work
    at = open_page(PAGE, "en", sm_weight="1, 2")
    assert len(charts(at)) == 2 and len(at.error) == 1


def test_nan_and_inf_typed_on_purpose_are_shown_as_what_torch_does():
    at = open_page(PAGE, "en", sm_logits="nan, 1, -inf", sm_tab="log-sum-exp")
    assert_clean(at)
    assert not at.error
    steps = at.table[0].value
    assert steps["torch.softmax"].tolist() == ["nan", "nan", "nan"]
    at = open_page(PAGE, "en", sm_logits="nan, 1, -inf")
    assert "torch.log_softmax: **0, 1, 2**" in text_of(at)  # named, and drawn as labelled gaps
    assert at.slider(key="sm_z0").proto.disabled  # nan has no place on a slider


def test_moving_a_slider_rewrites_the_typed_list_and_the_numbers():
    at = open_page(PAGE, "en")
    at.slider(key="sm_z1").set_value(3.5).run()
    assert_clean(at)
    assert at.text_input(key="sm_logits").value == "2, 3.5, 0.1, -1"
    assert at.metric[1].value == number(float(sm.compare([2, 3.5, 0.1, -1]).softmax[0]))


def test_typing_a_list_moves_the_sliders_and_widens_their_reach():
    at = open_page(PAGE, "en")
    at.text_input(key="sm_logits").input("1, 2, 120").run()
    assert_clean(at)
    assert [at.slider(key=f"sm_z{i}").value for i in range(3)] == [1.0, 2.0, 120.0]
    assert at.slider(key="sm_z2").proto.max == 150.0


def test_class_buttons_add_and_remove_a_class_and_the_true_class_follows():
    at = open_page(PAGE, "en", sm_y="3")
    at.button(key="sm_more").click().run()
    assert at.text_input(key="sm_logits").value == "2, 1, 0.1, -1, 0"
    at.button(key="sm_fewer").click().run()
    at.button(key="sm_fewer").click().run()
    assert_clean(at)
    assert at.text_input(key="sm_logits").value == "2, 1, 0.1"
    assert at.segmented_control(key="sm_y").value in (0, 1, 2)
    assert at.segmented_control(key="sm_y").options == ["0", "1", "2"]


def test_the_overflow_preset_breaks_the_naive_formula_but_not_torch():
    at = open_page(PAGE, "en")
    at.button(key="sm_preset_overflow").click().run()
    assert_clean(at)
    assert at.text_input(key="sm_logits").value == "100, 99, 95"
    notices = text_of(at)
    assert "classes where the naive softmax is not finite: **0, 1, 2**" in notices
    assert "torch.log_softmax: **—**" in notices


def test_choosing_a_dtype_recomputes_everything_in_it():
    at = open_page(PAGE, "en", sm_logits="12, 0", sm_tab="log-sum-exp")
    assert at.table[0].value["exp(u)"].tolist()[0] != "inf"
    at.segmented_control(key="sm_dtype").set_value("float16").run()
    assert_clean(at)
    assert at.table[0].value["exp(u)"].tolist()[0] == "inf"


def test_the_code_panel_reproduces_the_numbers_on_the_page():
    params = dict(
        sm_logits="3, -1, 0.5",
        sm_temp="2.0",
        sm_y="2",
        sm_dtype="bfloat16",
        sm_batch="3",
        sm_seed="4",
        sm_smooth="0.1",
        sm_weight="1, 2, 1",
        sm_tab="CrossEntropyLoss",
    )
    at = open_page(PAGE, "en", **params)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(at.code[0].value, namespace)
    r = sm.compare([3, -1, 0.5], 2.0, DTYPES["bfloat16"])
    b = bench(r.scaled, 2, 3, 4, LossOptions((1.0, 2.0, 1.0), -100, 0.1, "mean"))
    routes = at.table[1].value
    assert routes["loss"][0] == number(float(namespace["ce_value"]))
    assert float(namespace["ce_value"]) == float(b.cross_entropy)


def test_check_yourself_reveals_the_answer_torch_gives():
    at = open_page(PAGE, "zh-TW", sm_logits="100, 99, 95")  # asks about float16: it overflows
    words = strings("zh-TW")
    assert torch.isinf(torch.exp(torch.tensor(100.0, dtype=torch.float16)))  # torch's answer
    radio = next(r for r in at.radio if r.key.startswith("sm_check"))
    assert len(radio.options) == 4
    radio.set_value(words["softmax.check_overflow"]).run()
    next(b for b in at.button if b.key.startswith("sm_check_reveal")).click().run()
    assert_clean(at)
    assert words["common.correct"] in [e.value for e in at.success] and not at.warning
    radio = next(r for r in at.radio if r.key.startswith("sm_check"))
    radio.set_value(words["softmax.check_finite"]).run()
    next(b for b in at.button if b.key.startswith("sm_check_reveal")).click().run()
    assert at.warning  # the wrong answer is told so
