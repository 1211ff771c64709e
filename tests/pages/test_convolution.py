"""The convolution page through app.py: languages, links, torch's refusals, the code panel."""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.pages.conftest import assert_clean, chart_rows, one_sentence, open_page
from ui.text import strings

PAGE = "app_pages/convolution.py"


def text_of(at) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def codes(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("lang", ["zh-TW", "zh-CN"])
def test_the_first_view_in_chinese_names_input_and_output_in_words(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert not at.error
    words = {r["role"] for r in chart_rows(at.get("vega_lite_chart")[0]) if "role" in r}
    table = strings(lang)
    assert {table["convolution.w_input"], table["convolution.w_output"]} <= words
    assert table["common.notice"] in text_of(at)
    assert "(1, 1, 5, 5)" in text_of(at) and "✅" in text_of(at)


def test_a_shared_link_restores_the_controls_and_moving_the_cell_moves_the_window():
    at = open_page(
        PAGE,
        "en",
        cv_op="MaxPool2d",
        cv_h="9",
        cv_kh="2",
        cv_kw="2",
        cv_stride="2",
        cv_ceil="true",
        cv_cell="4",
    )
    assert_clean(at)
    assert at.segmented_control(key="cv_op").value == "MaxPool2d"
    assert at.slider(key="cv_h").value == 9 and at.toggle(key="cv_ceil").value is True
    assert "ceil((9 + 2·0 − 1·(2 − 1) − 1) / 2) + 1 = 5" in codes(at)[0]
    assert codes(at)[1].startswith("y[0, 0, 1, 0] = max(")  # cell 4 of a 5×4 output
    at.slider(key="cv_cell").set_value(7).run()
    assert codes(at)[1].startswith("y[0, 0, 1, 3] = max(")


@pytest.mark.parametrize(
    ("query", "torch_words"),
    [
        ({"cv_h": "2", "cv_w": "2"}, "Kernel size can't be greater than actual input size"),
        ({"cv_pad_mode": "same", "cv_stride": "2"}, "not supported for strided convolutions"),
        ({"cv_in_ch": "3", "cv_groups": "2"}, "in_channels must be divisible by groups"),
        ({"cv_op": "ConvTranspose2d", "cv_opad": "1"}, "output padding must be smaller"),
    ],
)
def test_a_refused_setting_gives_one_sentence_and_torchs_own_text(query, torch_words):
    at = open_page(PAGE, "en", **query)
    assert_clean(at)
    assert len(at.error) == 1
    assert any(torch_words in c for c in codes(at))
    assert at.slider(key="cv_h")  # the controls are still there to fix it


@pytest.mark.parametrize(
    "stack",
    ["conv 3; " * 1500, "max 2 2 5", "**bold** [x](javascript:1)"],
    ids=["10k characters", "pool padding", "markdown"],
)
def test_hostile_layer_lists_get_one_sentence(stack):
    at = open_page(PAGE, "zh-CN", cv_tab="∂y / ∂x", cv_stack=stack)
    assert_clean(at)
    said = one_sentence(at)  # a 10k-character link value is dropped before the widget
    # user text only ever inside backticks: shown as code, never as Markdown
    assert "**" not in said.replace("`**bold** [x](javascript:1)`", "")


def test_out_of_range_links_fall_back_to_defaults_without_a_traceback():
    at = open_page(PAGE, "en", cv_h="999", cv_kh="-3", cv_op="Conv9d", cv_seed="nan", cv_cell="1e9")
    assert_clean(at)
    assert not at.error and "(1, 1, 5, 5)" in text_of(at)


def test_the_receptive_field_tab_agrees_with_autograd():
    at = open_page(PAGE, "en", cv_tab="∂y / ∂x", cv_stack="conv 3; conv 3; max 2 2; conv 3")
    assert_clean(at)
    assert "receptive field of 10×10" in text_of(at)
    assert "non-zero gradient in a 10×10 square" in text_of(at)
    rows = chart_rows(at.get("vega_lite_chart")[0])
    assert sum(1 for r in rows if r.get("grad")) == 100


def test_the_code_panel_reproduces_the_page():
    at = open_page(
        PAGE,
        "en",
        cv_op="ConvTranspose2d",
        cv_stride="2",
        cv_in_ch="2",
        cv_out_ch="4",
        cv_groups="2",
        cv_cell="17",
        cv_channel="3",
    )
    assert_clean(at)
    shown = codes(at)
    madd, snippet = shown[1], shown[-1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet, {})  # the page's own generated code
    shape, value, params = out.getvalue().split("\n")[:3]
    assert f"`{shape}`" in text_of(at)
    assert madd.endswith(f"= {float(value):.0f}")
    assert any(m.value == f"{int(params):,}" for m in at.metric)


def test_check_yourself_offers_options_and_reveals_torchs_answer():
    at = open_page(PAGE, "en", cv_seed="3")
    radio = next(r for r in at.radio if r.key.startswith("cv_check"))
    assert len(radio.options) >= 3
    radio.set_value(radio.options[0]).run()
    next(b for b in at.button if b.key.startswith("cv_check_reveal")).click().run()
    assert at.success or at.warning


def test_play_starts_again_from_the_first_cell_and_moving_the_slider_pauses_it():
    at = open_page(PAGE, "zh-TW", cv_cell="24")  # the last of 5×5 positions
    table = strings("zh-TW")
    play = at.button(key="cv_play")
    assert play.label == table["convolution.play"]
    play.click().run()
    assert at.button(key="cv_play").label == table["convolution.pause"]
    assert at.slider(key="cv_cell").value == 0
    assert codes(at)[1].startswith("y[0, 0, 0, 0] =")
    at.slider(key="cv_cell").set_value(6).run()  # a hand on the slider wins over Play
    assert at.button(key="cv_play").label == table["convolution.play"]
    assert codes(at)[1].startswith("y[0, 0, 1, 1] =")
    assert_clean(at)
