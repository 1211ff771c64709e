"""The autograd page through app.py: languages, shared links, presets, bad input, the code
panel, the sentences at the edges of the settings, and the check."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from lib.autograd import gradients
from lib.autograd.presets import PRESETS
from lib.autograd.values import parse_values
from tests.pages.conftest import LANGS, assert_clean, chart_rows, open_page
from ui.text import strings

PAGE = "app_pages/autograd.py"
LINEAR = PRESETS["linear"]


def notices(at) -> str:
    return " ".join(str(m.value) for m in at.markdown if str(m.value).startswith("- "))


def graph_rows(at) -> list[dict]:
    return [r for c in at.get("vega_lite_chart") for r in chart_rows(c) if "below" in r]


@pytest.mark.parametrize("lang", LANGS)
def test_the_graph_is_drawn_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert not at.error
    rows = graph_rows(at)
    assert [r["name"] for r in rows][:2] == ["MeanBackward0", "PowBackward0"]
    assert {r["below"] for r in rows if r["name"] == "AccumulateGrad"} == {"w.grad", "b.grad"}
    assert strings(lang)["common.notice"] in " ".join(str(m.value) for m in at.markdown)
    assert at.pills(key="ag_grad").value == ["w", "b"]


def test_a_shared_link_restores_every_control_and_opens_its_tab():
    at = open_page(
        PAGE, "en", ag_expr="out = w * x + w ** 2", ag_values="w = 3; x = 2", ag_grad="w",
        ag_tab="optim.SGD", ag_lr="0.1", ag_line="7", ag_calls="5",
    )  # fmt: skip
    assert_clean(at)
    assert at.text_input(key="ag_expr").value == "out = w * x + w ** 2"
    assert at.pills(key="ag_grad").value == ["w"]
    assert at.select_slider(key="ag_lr").value == 0.1
    assert (at.slider(key="ag_line").value, at.slider(key="ag_calls").value) == (7, 5)
    assert not graph_rows(at)  # only the open tab computes: no graph on the SGD tab
    assert "optimizer.step()" in at.code[0].value and "ran (epoch 1)" in at.code[0].value


def test_a_preset_fills_the_inputs_and_the_gradient_sums_over_both_paths():
    at = open_page(PAGE, "en")
    at.selectbox(key="ag_preset").set_value("shared").run()
    assert_clean(at)
    assert at.text_input(key="ag_expr").value == PRESETS["shared"].expression
    assert at.pills(key="ag_grad").value == ["w"]
    assert "reached along 2 lines; its gradient 8 is the sum of what they bring: 2 + 6" in notices(
        at
    )


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("ag_expr", "w + " * 2500 + "w", "at most 300"),
        ("ag_expr", "__import__('os')", "`__import__`"),
        ("ag_values", "w = nan; b = 0; x = 1; y = 2", "nan or inf"),
        ("ag_values", "w = 1, 2, 3; b = 0; x = 1, 2; y = 1", "must match the size"),
    ],
)
def test_bad_input_gives_exactly_one_sentence(key, text, words):
    at = open_page(PAGE, "en")
    at.text_input(key=key).set_value(text).run()
    assert_clean(at)
    assert len(at.error) == 1 and words in at.error[0].value
    assert len(at.error[0].value) < 400  # quotes at most a short piece of the text


def test_errors_are_said_in_the_reader_s_language():
    at = open_page(PAGE, "zh-TW", ag_expr="w @ q", ag_values="w = 1; q = 1")
    assert_clean(at)
    assert at.error[0].value.startswith("torch 的訊息：`both arguments to matmul")


def test_the_code_panel_reproduces_the_page_s_gradients():
    at = open_page(PAGE, "en")
    code = next(c.value for c in at.code if c.value.startswith("import torch"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})  # noqa: S102 (the page's own generated code)
    printed = dict(re.findall(r"^(\w)\.grad (\S+)$", out.getvalue(), re.M))
    on_page = {r["below"][0]: r["grad"] for r in graph_rows(at) if r["name"] == "AccumulateGrad"}
    assert {k: f"{float(v):.4g}" for k, v in printed.items()} == on_page
    assert "3 w.grad" in out.getvalue()  # the accumulation loop runs the page's 3 calls


@pytest.mark.parametrize("calls", [1, 10])
def test_the_accumulation_sentences_hold_at_both_ends(calls):
    at = open_page(PAGE, "zh-CN", ag_tab="backward() × k", ag_calls=str(calls))
    assert_clean(at)
    single = gradients(LINEAR.expression, parse_values(LINEAR.values), LINEAR.requires_grad)["w"][0]
    text = notices(at)
    assert f"调用 {calls} 次之后 `w.grad` = {calls * single:.4g}" in text
    assert f"`w.grad` 每次都是 {single:.4g}" in text
    assert "Trying to backward through the graph a second time" in at.code[0].value


@pytest.mark.parametrize(("lr", "down"), [("0.001", True), ("10.0", False)])
def test_the_update_sentences_follow_the_loss(lr, down):
    at = open_page(PAGE, "en", ag_tab="optim.SGD", ag_lr=lr)
    assert_clean(at)
    text = notices(at)
    assert ("not down" not in text) == down
    assert "add_(w.grad, alpha=-lr)" in text


def test_the_other_tabs_read_back_no_grad_and_the_in_place_trap():
    at = open_page(PAGE, "en", ag_tab="no_grad · detach")
    assert "`requires_grad=False` and `grad_fn=None`" in notices(at)
    at = open_page(PAGE, "en", ag_tab="in-place")
    assert "modified by an inplace operation" in at.code[0].value


def test_the_check_is_answered_by_torch():
    at = open_page(PAGE, "en", ag_expr="w * x", ag_values="w = 3; x = 2", ag_grad="w")
    radio = next(r for r in at.radio if r.key.startswith("ag_check"))
    assert radio.options == ["2", "4", "None", "RuntimeError"]
    radio.set_value("4").run()
    next(b for b in at.button if b.key.startswith("ag_check_reveal")).click().run()
    assert at.success


def test_out_of_range_url_values_fall_back_and_the_page_keeps_working():
    at = open_page(
        PAGE, "en", ag_calls="99", ag_lr="5", ag_line="-3", ag_tab="nonsense", ag_grad="zz",
        ag_node="#99 Nope",
    )  # fmt: skip
    assert_clean(at)
    assert not at.error
    assert 1 <= at.slider(key="ag_calls").value <= 10
    assert at.select_slider(key="ag_lr").value == 0.01  # the default: 5 is not an option
    assert graph_rows(at)  # the graph tab, the default, is drawn
