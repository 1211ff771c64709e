"""The storage page through app.py: URL state, interactions, bad input."""

import pytest
import torch

from tests.pages.conftest import LANGS, assert_clean, chart_rows, chart_spec, open_page
from ui.text import strings

PAGE = "app_pages/strides.py"


def table(at):
    return at.table[0].value


def tooltips(spec: dict) -> list[dict]:
    """Every tooltip entry anywhere in a spec (layers, facets)."""
    found = []
    if isinstance(spec, dict):
        found += spec.get("encoding", {}).get("tooltip", [])
        for value in spec.values():
            found += tooltips(value)
    elif isinstance(spec, list):
        for value in spec:
            found += tooltips(value)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_url_restores_shape_dtype_chain_and_picked_element(lang):
    at = open_page(PAGE, lang, s_shape="2,3,4", s_dtype="int8", s_ops=".transpose(0,2)", s_i0="3")
    assert_clean(at)
    assert at.text_input(key="s_shape").value == "2,3,4"
    assert at.selectbox(key="s_dtype").value == "int8"
    assert list(table(at)["stride"]) == ["[12, 4, 1]", "[1, 4, 12]"]
    assert at.slider(key="s_i0").value == 3
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 2
    tips = {t["title"] for c in charts for t in tooltips(chart_spec(c))}
    assert strings(lang)["strides.tip_storage_index"] in tips  # tooltips in the reader's language


@pytest.mark.parametrize(
    "field,value",
    [
        ("s_shape", "3,,4"),
        ("s_shape", "a"),
        ("s_shape", "-2"),
        ("s_shape", "1e9"),
        ("s_shape", "9,9"),
        ("s_ops", ".transpose(0, 5)"),
        ("s_ops", "[::0]"),
        ("s_ops", ".view(5)"),
        ("s_ops", "__import__('os')"),
        ("s_ops", ".expand(999, 999)"),
    ],
)
def test_bad_input_is_one_sentence_on_screen_and_the_page_keeps_working(field, value):
    at = open_page(PAGE, "en")
    at.text_input(key=field).input(value).run()
    assert_clean(at)
    assert len(at.error) == 1
    assert at.slider(key="s_as_n")  # the free-mode tab is still there


def test_bad_input_is_explained_in_the_readers_language():
    at = open_page(PAGE, "zh-CN", s_shape="-2")
    assert "不能为负数" in at.error[0].value


def test_an_example_loads_its_chain_and_redraws():
    at = open_page(PAGE, "en")
    at.pills(key="s_ops_example").set_value("expand").run()
    assert at.text_input(key="s_ops").value == "[None, 0].expand(3, 4)"
    assert list(table(at)["stride"])[-1] == "[0, 1]"


def test_the_op_builder_appends_to_the_chain():
    at = open_page(PAGE, "en", s_ops=".t()")
    at.selectbox(key="s_ops_op").select("unsqueeze")
    at.text_input(key="s_ops_args").input("0")
    at.button(key="s_ops_append").click().run()
    assert at.text_input(key="s_ops").value == ".t().unsqueeze(0)"
    assert list(table(at)["size"])[-1] == "[1, 4, 3]"


def test_view_failure_shows_torchs_error_text():
    at = open_page(PAGE, "en", s_ops=".t()")
    assert any("view size is not compatible" in c.value for c in at.code)


def test_the_code_panel_runs_and_reproduces_the_table():
    at = open_page(PAGE, "en", s_shape="2,6", s_ops="[:, 1::2].t()")
    ns: dict = {}
    snippet = next(c.value for c in at.code if c.value.startswith("import torch\n\nx ="))
    exec(snippet, ns)  # the code lib generated from parsed values, not user text
    assert str(list(ns["y"].stride())) == list(table(at)["stride"])[-1]
    assert torch.equal(ns["y"], torch.arange(12.0).view(2, 6)[:, 1::2].t())


def test_free_mode_out_of_bounds_as_strided_is_refused_in_one_sentence():
    at = open_page(PAGE, "en", s_as_n="4", s_as_stride0="9", s_view="free")
    assert_clean(at)
    assert any("only 4 elements" in e.value for e in at.error)


def test_free_mode_draws_the_strided_view():
    at = open_page(PAGE, "en", s_as_n="12", s_as_size0="2", s_as_stride0="3", s_view="free")
    data = chart_rows(at.get("vega_lite_chart")[-1])
    assert sorted(r["k"] for r in data) == [0, 1, 2, 3, 3, 4, 5, 6]


def test_check_yourself_reveals_the_transposed_stride():
    at = open_page(PAGE, "en", s_ops="")
    radio = at.radio[0]
    radio.set_value("(1, 4)").run()
    at.button(key=[b.key for b in at.button if b.key.startswith("s_quiz_reveal")][0]).click().run()
    assert at.success


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_view_keeps_the_table_both_pictures_and_explains_the_refusal(lang):
    at = open_page(PAGE, lang, s_ops=".t().view(-1)")  # the ".view() fails" example
    assert_clean(at)
    assert len(at.error) == 1 and ".view(-1)" in at.error[0].value  # torch's refusal, once
    assert list(table(at)["stride"]) == ["[4, 1]", "[1, 4]"]  # x, then y = x.t() before it
    assert len(at.get("vega_lite_chart")) >= 2  # the storage strip and the grid of y
    assert strings(lang)["strides.why_view"] in [h.value for h in at.subheader]
    assert any("view size is not compatible" in c.value for c in at.code)


def test_only_the_open_tab_draws_the_free_mode_view():
    as_strided = lambda at: [c.value for c in at.code if "as_strided" in c.value]  # noqa: E731
    assert not as_strided(open_page(PAGE, "en", s_as_n="12"))  # the chain tab is open
    assert as_strided(open_page(PAGE, "en", s_as_n="12", s_view="free"))
