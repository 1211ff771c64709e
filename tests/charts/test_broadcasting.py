"""charts.broadcasting through to_dict(), the rule table's frame and the aligned text."""

import pytest

from charts.broadcasting import (
    WORDS,
    aligned,
    grids,
    human_bytes,
    pairs,
    panel_titles,
    rule_table,
    stride_table,
)
from lib.broadcasting.bugs import gallery
from lib.broadcasting.ops import run
from lib.broadcasting.rules import explain

EN = {w: w for w in WORDS} | {
    "stretched": "{names}: 1 -> {size}",
    "prepended": "{names}: prepended -> {size}",
    "conflict": "{sizes}: clash",
    "expanded": "expand{shape}.stride()",
}


def spec(chart) -> dict:
    return chart.to_dict()


def rows_of(d: dict) -> list[dict]:
    return next(iter(d["datasets"].values()))


def test_the_grids_show_every_operand_at_the_result_shape_next_to_the_result():
    r = run(((3, 1), (4,)), "+")
    d = spec(grids(r, "a + b", "real", "virtual", "index"))
    assert d["facet"]["column"]["field"] == "panel"
    assert d["facet"]["column"]["sort"] == ["a (3, 1)", "+ b (4,)", "= a + b"]
    marks = [layer["mark"]["type"] for layer in d["spec"]["layer"]]
    assert marks == ["rect", "text"]
    data = rows_of(d)
    assert len(data) == 3 * 12
    faded = [row for row in data if row["panel"] == "a (3, 1)" and row["kind"] == "virtual"]
    assert sorted({row["col"] for row in faded}) == [1, 2, 3]  # column 0 is a's own value
    assert {row["value"] for row in data if row["panel"] == "= a + b"} >= {"11", "43"}


def test_the_fading_is_an_opacity_scale_with_a_legend_and_tooltips():
    r = run(((2, 1), (1, 2)), "*")
    rect = spec(grids(r, "a * b", "real", "virtual", "index"))["spec"]["layer"][0]
    enc = rect["encoding"]
    assert enc["opacity"]["scale"]["domain"] == ["real", "virtual"]
    assert enc["opacity"]["scale"]["range"][0] > enc["opacity"]["scale"]["range"][1]
    assert {t["field"] for t in enc["tooltip"]} >= {"value", "kind", "storage", "index"}


def test_a_3d_result_gets_one_row_of_grids_per_slice():
    r = run(((2, 1, 3), (4, 1)), "+")
    d = spec(grids(r, "a + b", "real", "virtual", "index"))
    assert d["facet"]["row"]["field"] == "slice"
    assert d["facet"]["row"]["sort"] == ["[0]", "[1]"]


def test_a_long_row_stacks_the_panels_and_drops_the_numbers_for_tooltips():
    r = run(((2, 150), (1,)), "+")
    d = spec(grids(r, "a + b", "real", "virtual", "index"))
    assert d["facet"]["row"]["field"] == "panel"
    assert [layer["mark"]["type"] for layer in d["spec"]["layer"]] == ["rect"]


def test_comparison_results_read_true_and_false():
    r = run(((2, 1), (2,)), "<")
    values = {row["value"] for row in rows_of(spec(grids(r, "a < b", "r", "v", "i")))}
    assert {"T", "F"} <= values


def test_panel_titles_read_as_the_expression():
    r = run(((2, 1, 1), (3, 1), (4,)), "-")
    assert panel_titles(r, "(a - b) - c") == [
        "a (2, 1, 1)",
        "- b (3, 1)",
        "- c (4,)",
        "= (a - b) - c",
    ]


def test_the_rule_table_is_right_aligned_with_blanks_where_a_1_is_prepended():
    styled = rule_table(explain((5, 1, 7), (6, 7)), EN)
    frame = styled.data
    assert list(frame.columns) == ["dim", "a (5, 1, 7)", "b (6, 7)", "rule", "result (5, 6, 7)"]
    assert frame["b (6, 7)"].tolist() == ["", "6", "7"]
    assert frame["rule"].tolist() == ["b: prepended -> 5", "a: 1 -> 6", "equal"]
    assert frame["dim"].tolist() == ["-3 (0)", "-2 (1)", "-1 (2)"]
    html = styled.to_html()
    assert "text-align: right" in html and "#FBE3B0" in html  # the stretched cell is tinted


def test_the_rule_table_marks_the_conflicting_dim():
    frame = rule_table(explain((3, 2), (3,)), EN).data
    assert frame["result"].tolist() == ["3", "✗"]
    assert frame["rule"].tolist()[-1] == "2 ≠ 3: clash"


def test_the_aligned_text_lines_the_shapes_up_from_the_right_even_in_chinese():
    text = aligned(explain((5, 1, 7), (6, 7)), "結果")
    lines = text.splitlines()
    assert lines == ["a     5 1 7", "b       6 7", "結果  5 6 7"]
    assert aligned(explain((), ()), "result").splitlines()[-1] == "result  ()"


def test_the_stride_table_shows_the_zeros_and_the_bytes():
    styled = stride_table(run(((3, 1), (4,)), "+"), EN)
    frame = styled.data
    assert frame["expand(3, 4).stride()"].tolist() == ["(1, 0)", "(0, 1)"]
    assert frame["expand_bytes"].tolist() == ["12 B", "16 B"]
    assert frame["repeat_bytes"].tolist() == ["48 B", "48 B"]


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0 B"), (1023, "1023 B"), (4096, "4.0 KB"), (2**30, "1.0 GB")]
)
def test_bytes_are_counted_in_powers_of_1024(n, text):
    assert human_bytes(n) == text


def test_the_pairs_matrix_outlines_the_diagonal_that_was_meant():
    bug = gallery(4, 0)[0]
    d = spec(pairs(bug.wrong.tensor, "title", "meant", "accidental"))
    data = rows_of(d)
    assert len(data) == 16
    assert sum(row["kind"] == "meant" for row in data) == 4
    rect = d["layer"][0]
    assert rect["mark"]["type"] == "rect"
    scale = rect["encoding"]["color"]["scale"]
    assert scale["domain"][0] == -scale["domain"][1]  # symmetric: 0 is the middle colour
    # the text colours are colour names: merged with the value scale, vega draws nothing
    assert d["resolve"]["scale"]["color"] == "independent"
