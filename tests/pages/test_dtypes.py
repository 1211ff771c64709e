"""The dtypes page through app.py: languages, shared links, bad input, the code panels, and the
'what to notice' sentences at the edges of the settings."""

from __future__ import annotations

import contextlib
import io

import pytest

from lib import dtypes as dt
from lib.dtypes import facts
from tests.pages.conftest import (
    LANGS,
    assert_clean,
    chart_rows,
    chart_spec,
    one_sentence,
    open_page,
)
from ui.text import strings

PAGE = "app_pages/dtypes.py"


def text_of(at) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def run_code(at) -> list[list[str]]:
    """The code panel's snippet, run in a fresh namespace: its printed lines, split in words."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(at.code[0].value, {})
    return [line.split() for line in out.getvalue().splitlines()]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", LANGS)
def test_the_bits_view_is_drawn_first_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert not at.error
    words = strings(lang)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the bit cells and the spacing staircase
    bits = chart_spec(charts[0])
    assert bits["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        words["dtypes.w_sign"],
        words["dtypes.w_exponent"],
        words["dtypes.w_mantissa"],
    ]
    assert len(chart_rows(charts[0])) == 64 + 32 + 16 + 16
    table = at.table[0].value
    assert table[words["dtypes.w_stored"]].tolist()[2] == "0.0999755859375"  # float16 of 0.1
    assert words["common.notice"] in text_of(at)


def test_a_preset_writes_the_number_and_the_check_is_answered_by_torch():
    at = open_page(PAGE, "en")
    at.button(key="dt_preset1").click().run()  # 2049
    assert at.text_input(key="dt_x").value == "2049"
    table = at.table[0].value
    assert table["stored value"].tolist() == ["2049", "2049", "2048", "2048"]
    assert "steps by 2, so 2049 is not a float16" in text_of(at)
    at.radio[0].set_value("float32").run()
    at.button[-1].click().run()  # the check's Reveal button is the last one drawn
    assert at.success and "float64" in text_of(at)  # NumPy's answer in the explanation


def test_a_shared_link_restores_every_control():
    params = dict(
        dt_tab="result_type",
        dt_x="65504",
        dt_count="2500",
        dt_step="1.0",
        dt_a="zero-dim float16",
        dt_b="int8",
        dt_second="zero-dim",
        dt_n="40",
        dt_seed="7",
    )
    at = open_page(PAGE, "zh-CN", **params)
    assert_clean(at)
    assert at.text_input(key="dt_x").value == "65504"
    assert at.number_input(key="dt_count").value == 2500
    assert at.select_slider(key="dt_step").value == 1.0
    assert at.selectbox(key="dt_a").value == "zero-dim float16"
    assert at.selectbox(key="dt_b").value == "int8"
    assert at.segmented_control(key="dt_second").value == "zero-dim"
    assert at.slider(key="dt_n").value == 40 and at.number_input(key="dt_seed").value == 7
    assert metrics(at)["torch.result_type"] == "float16"  # int8 tensor + zero-dim float16
    # only the open tab computes: one chart (the table), no bit cells
    assert len(at.get("vega_lite_chart")) == 1


@pytest.mark.parametrize(
    ("params", "words"),
    [
        (dict(dt_x="9" * 10_000), "was dropped"),  # ui/links.py: longer than a link may type
        (dict(dt_x="1e400"), "past every dtype"),
        (dict(dt_x="<b>`x`</b>"), "is not a number"),
        (dict(dt_tab="edges", dt_count="100000000"), "outside 1 to 10000"),
    ],
)
def test_bad_input_is_one_sentence_and_the_page_keeps_working(params, words):
    at = open_page(PAGE, "en", **params)
    assert_clean(at)
    said = one_sentence(at)
    assert words in said
    assert len(said) < 200  # at most 40 characters of the input quoted back
    assert at.radio  # the check yourself still works


def test_bits_code_reproduces_the_table_and_the_notice_fits_an_overflow():
    at = open_page(PAGE, "en", dt_x="70000")
    lines = {words[0]: words for words in run_code(at)}
    table = at.table[0].value.set_index("dtype")
    for name in dt.FLOATS:
        stored = float(lines[f"torch.{name}"][2])
        assert facts.num(stored) == table.loc[name, "stored value"]
    assert "float16 stores inf" in text_of(at)


def test_edges_code_reproduces_the_sums_at_the_largest_count():
    at = open_page(PAGE, "en", dt_tab="edges", dt_count="10000", dt_step="0.0001")
    assert_clean(at)
    shown = metrics(at)
    running = {w[0]: float(w[2]) for w in run_code(at) if len(w) > 2 and w[1] == "running:"}
    for name in ("float16", "bfloat16", "float32"):
        assert shown[name] == f"{running[f'torch.{name}']:.7g}"
    assert shown["exact"] == "1"
    assert "stops growing" in text_of(at)  # float16 stalls long before 10000 additions


def test_promotion_code_prints_torchs_answer():
    at = open_page(PAGE, "zh-TW", dt_tab="result_type", dt_a="uint8", dt_b="int8")
    assert run_code(at) == [["torch.int16"]]
    assert metrics(at)["torch.result_type"] == "int16"
    assert strings("zh-TW")["dtypes.rule_holds_both"].split("：")[0] in text_of(at)


def test_the_bridge_table_and_its_code_agree_on_shared_memory():
    at = open_page(PAGE, "en", dt_tab="NumPy ⇄ torch")
    assert_clean(at)
    printed = {w[0]: w[-1] for w in run_code(at)}
    table = at.table[0].value
    assert [printed[r] == "True" for r in dt.ROUTES] == [v == "yes" for v in table.iloc[:, 4]]
    assert "double != float" in text_of(at)


@pytest.mark.parametrize("n", ["2", "2000"])
def test_standardization_at_both_ends_of_the_slider(n):
    at = open_page(PAGE, "zh-CN", dt_tab="std", dt_n=n, dt_seed="3")
    assert_clean(at)
    t_std, np_std = map(float, run_code(at)[0])
    shown = metrics(at)
    assert shown["torch.std(x)"] == f"{t_std:.4f}" and shown["np.std(x)"] == f"{np_std:.4f}"
    assert t_std > np_std


def test_the_range_table_says_what_uint8_really_holds():
    at = open_page(PAGE, "zh-TW", dt_tab="finfo · iinfo")
    table = at.table[0].value.set_index("dtype")
    assert (table.loc["uint8", "min"], table.loc["uint8", "max"]) == ("0", "255")
    assert "0 到 255" in text_of(at) and "正整數" in text_of(at)


def test_every_sentence_renders_in_every_language():
    """Each notice key with the numbers lib gives it: a missing or misspelt placeholder fails."""
    said = facts.bits(dt.encode_all("1e-6"), "1e-6") + facts.bits(dt.encode_all("7e4"), "7e4")
    said += facts.bits(dt.encode_all("1e-9"), "1e-9") + facts.bits(dt.encode_all("0.5"), "0.5")
    said += facts.bits(dt.encode_all("nan"), "nan") + facts.bits(dt.encode_all("inf"), "inf")
    said += facts.table() + facts.accumulation(dt.accumulate(3000, 0.1))
    said += facts.accumulation(dt.accumulate(5, 1.0)) + facts.bridge(
        dt.crossings(), dt.float64_leak()
    )
    said += facts.standardization(dt.standardize(2, 0)) + facts.standardization(
        dt.standardize(9, 1)
    )
    for a, b in [("a", "b") for _ in ()] or [
        ("uint8", "float"),
        ("bfloat16", "int"),
        ("int8", "int8"),
    ]:
        said += facts.promotion(a, b)[2]
    for rule in (
        "same",
        "category",
        "category_scalar",
        "wider",
        "holds_both",
        "no_widen",
        "scalars",
    ):
        said.append((f"rule_{rule}", {"a": "x", "b": "y", "r": "z"}))
    said.append(("numpy_same", {"np": "x", "r": "x"}))
    said += [(k, {"dtype": "x", "count": 1, "sum": 1, "exact": 1}) for k in ["n_exact_sum"]]
    said.append(("n_float32_exact", {"sum": "1", "err": "0"}))
    for lang in LANGS:
        for key, numbers in said:
            text = strings(lang)[f"dtypes.{key}"].format(**numbers)
            assert "{" not in text, (lang, key)
