"""The broadcasting page through app.py: presets, URL state, bad input, the panels."""

import contextlib
import io
import json
import re

import pytest
import torch

from lib.broadcasting.ops import PRESETS
from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.text import strings

PAGE = "app_pages/broadcasting.py"


def open_bc(lang: str = "en", **params: str):
    return open_page(PAGE, lang, **params)


def open_tab(at, name: str, lang: str = "en"):
    """Only the open tab does its work; AppTest opens one through its session state key."""
    at.session_state["bc_tab"] = strings(lang)[f"broadcasting.tab_{name}"]
    return at.run()


def table(at):
    return at.table[0].value  # the rule table: one row per dim


def grid_charts(at) -> list[dict]:
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    return [s for s in specs if "facet" in s]


@pytest.mark.parametrize("lang", LANGS)
def test_every_preset_fills_the_shapes_and_renders_in_every_language(lang):
    at = open_bc(lang)
    text = strings(lang)
    for name, (a, b, c, op) in PRESETS.items():
        at.button_group(key="bc_preset").set_value(text[f"broadcasting.preset_{name}"]).run()
        assert_clean(at)
        assert not at.error, name
        shown = [at.text_input(key=k).value for k in ("bc_a", "bc_b", "bc_c")]
        assert shown == [a, b, c] and at.button_group(key="bc_op").value == op
        assert at.button_group(key="bc_preset").value is None  # ready for the next click
        assert len(table(at)) == max(len(x.split(",")) if x != "()" else 0 for x in (a, b, c))


def test_the_url_restores_the_shapes_the_operator_and_the_table():
    at = open_bc("en", bc_a="5,1,7", bc_b="(6, 7)", bc_op="*")
    assert_clean(at)
    assert at.text_input(key="bc_a").value == "5,1,7"
    assert at.button_group(key="bc_op").value == "*"
    frame = table(at)
    assert frame.iloc[:, -1].tolist() == ["5", "6", "7"]
    assert frame["b (6, 7)"].tolist() == ["", "6", "7"]
    assert "(5, 6, 7)" in at.success[0].value
    assert len(grid_charts(at)) == 1  # 210 elements in 3 dims: drawn


def test_typing_a_shape_redraws_the_table_and_the_grids():
    at = open_bc("en")
    assert table(at).iloc[:, -1].tolist() == ["3", "4"]
    at.text_input(key="bc_a").input("2, 1, 1").run()
    at.text_input(key="bc_c").input("[3, 1]").run()
    assert_clean(at)
    assert table(at).iloc[:, -1].tolist() == ["2", "3", "4"]
    assert grid_charts(at)[0]["facet"]["row"]["sort"] == ["[0]", "[1]"]


BAD = [
    ("bc_a", "abc", "not a whole number"),
    ("bc_b", "3,,4", "empty entry"),
    ("bc_a", "-2", "cannot be negative"),
    ("bc_b", ",".join(["2"] * 10), "10 dims"),
    ("bc_a", "", "Type a shape"),
    ("bc_c", "(3", "never closes"),
    ("bc_a", "100000000, 100000000", "elements"),
]


def test_bad_input_is_one_translated_sentence_and_never_a_traceback():
    en, tw = open_bc("en"), open_bc("zh-TW")
    for field, text, english in BAD:
        for at in (en, tw):
            at.text_input(key=field).input(text).run()
            assert_clean(at)
            assert len(at.error) == 1, (field, text)
            assert any(r.key.startswith("bc_check") for r in at.radio)  # the quiz still works
        assert english in en.error[0].value
        assert tw.error[0].value != en.error[0].value  # said in Chinese
        for at in (en, tw):
            at.text_input(key=field).input({"bc_a": "3, 1", "bc_b": "4"}.get(field, "")).run()
            assert not at.error


def test_shapes_that_do_not_broadcast_show_torchs_own_error():
    at = open_bc("zh-CN", bc_a="3,2", bc_b="3")
    assert_clean(at)
    assert not at.error  # not bad input: the lesson
    assert "-1" in at.warning[0].value
    errors = [c.value for c in at.code if c.value.startswith("RuntimeError")]
    assert "The size of tensor a (2) must match the size of tensor b (3)" in errors[0]
    assert table(at).iloc[-1, -1] == "✗"


def test_huge_shapes_switch_to_shape_only_mode_and_draw_no_grid():
    at = open_bc("en", bc_a="64, 1, 1024", bc_b="4096, 1")
    assert_clean(at)
    assert "Shape-only mode" in at.info[0].value and "1.0 GB" in at.info[0].value
    assert grid_charts(at) == []
    assert "(64, 4096, 1024)" in at.success[0].value
    assert "(0, 1, 0)" in table_text(open_tab(at, "memory"))


def table_text(at) -> str:
    return " ".join(t.value.to_string() for t in at.table)


def test_a_size_zero_dim_is_explained_not_drawn():
    at = open_bc("zh-TW", bc_a="0, 3", bc_b="1, 3")
    assert_clean(at)
    assert "(0, 3)" in at.info[0].value
    assert grid_charts(at) == []


def test_the_code_panel_runs_and_prints_the_numbers_on_the_page():
    at = open_bc("en", bc_a="4, 3", bc_b="3")
    code = next(c.value for c in at.code if c.value.startswith("import torch"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})  # noqa: S102 - the page's own generated code
    printed = out.getvalue()
    assert "torch.Size([4, 3])" in printed and "(4, 3)" in at.success[0].value
    assert "(0, 1)" in printed and "(0, 1)" in table_text(open_tab(at, "memory"))


def test_the_stride_tab_links_back_to_the_strides_page_and_shows_the_memory():
    at = open_tab(open_bc("en"), "memory")
    assert [p.proto.page for p in at.get("page_link")] == ["stride-offset"]
    metrics = {m.label: m.value for m in at.metric}
    assert list(metrics.values()) == ["0 B", "96 B"]
    inplace = [c.value for c in at.code if "doesn't match the broadcast shape" in c.value]
    assert len(inplace) == 2  # neither a += b nor b += a keeps its shape for (3, 1) + (4,)


def test_the_bug_gallery_follows_the_rows_slider_and_the_seed():
    at = open_bc("en", bc_n="6", bc_seed="3")
    assert not any("diff has shape" in m.value for m in at.markdown)  # a hidden tab does no work
    open_tab(at, "bugs")
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "diff has shape **(6, 6)**" in text and "diff has shape **(6,)**" in text
    assert "Using a target size" in " ".join(c.value for c in at.caption)
    at.slider(key="bc_n").set_value(3).run()
    assert "diff has shape **(3, 3)**" in " ".join(m.value for m in at.markdown)


def test_check_yourself_asks_a_new_pair_and_reveals_torchs_answer():
    at = open_bc("zh-CN")
    first = next(m.value for m in at.markdown if "a 的形状是" in m.value)
    at.button(key="bc_new_question").click().run()
    assert at.number_input(key="bc_q").value == 1
    second = next(m.value for m in at.markdown if "a 的形状是" in m.value)
    assert first != second
    assert graded(at, right=True) == "correct" and graded(at, right=False) == "wrong"


def torch_answer(at) -> str | None:
    """What torch says the quiz's shapes broadcast to, asked here, not read from the page;
    None when they do not broadcast."""
    quiz = next(m.value for m in at.markdown if "a 的形状是" in m.value)
    a, b = (parse(found) for found in re.findall(r"\(([\d, ]*)\)", quiz)[:2])
    try:
        return "(" + ", ".join(map(str, torch.broadcast_shapes(a, b))) + ")"
    except RuntimeError:
        return None


def parse(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text.replace(" ", "").split(",") if v)


def graded(at, *, right: bool) -> str:
    """Pick torch's answer (or a wrong one), reveal, and read the verdict the page gives."""
    words = strings("zh-CN")
    answer = torch_answer(at)
    radio = next(r for r in at.radio if r.key.startswith("bc_check"))

    def is_answer(option: str) -> bool:
        if answer is None:
            return option == words["broadcasting.quiz_error"]
        return option.replace(",)", ")") == answer

    radio.set_value(next(o for o in radio.options if is_answer(o) == right)).run()
    next(b for b in at.button if b.key.startswith("bc_check_reveal")).click().run()
    if words["common.correct"] in [e.value for e in at.success]:
        return "correct"
    prefix = words["common.not_quite"].split("{")[0]
    return "wrong" if any(e.value.startswith(prefix) for e in at.warning) else "none"


def test_presenter_mode_hides_the_long_explanation_but_keeps_the_rules():
    normal, talk = open_bc("en"), open_bc("en", present="true")
    prose = "needs no loop and no copy"
    assert any(prose in m.value for m in normal.markdown)
    assert not any(prose in m.value for m in talk.markdown)
    assert any("The three rules" in m.value for m in talk.markdown)


def test_a_result_too_big_to_draw_still_comes_from_real_tensors():
    at = open_bc("zh-TW", bc_a="64, 1, 32", bc_b="32, 1")
    assert_clean(at)
    assert "65,536" in at.info[0].value and grid_charts(at) == []


def test_every_text_the_page_builds_a_key_for_exists():
    """Keys built with f-strings escape the literal-key check in tests/test_layers.py."""
    from lib.broadcasting.bugs import gallery
    from lib.broadcasting.ops import DEFAULTS

    english = strings("en")
    keys = [f"preset_{name}" for name in PRESETS]
    keys += [f"mode_{note}" for note in ("shape_only", "empty", "values")]
    keys += [f"bug_{bug.key}{part}" for bug in gallery() for part in ("", "_result", "_why")]
    keys += [f"shape_{n}{part}" for n in DEFAULTS for part in ("", "_help")]
    keys += [f"tab_{name}" for name in ("rule", "memory", "bugs")]
    keys += ["notice_ok", "notice_fail", "quiz_ok", "quiz_no", "pairs_title", "pairs_wanted"]
    missing = [k for k in keys if f"broadcasting.{k}" not in english]
    assert not missing
