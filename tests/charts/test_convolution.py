"""The convolution page's charts, read through to_dict(): grids labelled in words, the kernel
window at the chosen cell, the transposed overlap and the receptive field."""

from __future__ import annotations

from charts import convolution as charts
from charts.named import with_data
from lib.convolution.field import field_map, parse_stack
from lib.convolution.setting import Setting
from lib.convolution.sweep import position, run

WORDS = {k: k.upper() for k in charts.ROLES + charts.MARKS}
WORDS |= {"input_title": "IN {h}x{w} c{c}", "output_title": "OUT {h}x{w} c{c}"}
LEGEND = tuple(WORDS[k] for k in (*charts.ROLES, *charts.MARKS))


def sweep(s: Setting, index: int = 0, channel: int = 0):
    sw = run(s)
    cell = position(sw, index)
    geo = charts.layout(sw, cell)
    rows = charts.sweep_rows(sw, cell, channel, WORDS)
    chart = charts.sweep_chart(
        rows=geo["rows"], cols=geo["cols"], words=LEGEND, numbers=True, height=300
    )
    return with_data(chart, rows).to_dict(), rows, sw


def test_input_padding_and_output_are_named_in_the_legend_not_only_coloured():
    spec, rows, _ = sweep(Setting(padding=1))
    cells, marks = spec["layer"][0], spec["layer"][2]
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["fill"]["scale"]["domain"] == ["INPUT", "PADDING", "OUTPUT", "CHOSEN"]
    assert marks["encoding"]["stroke"]["scale"]["domain"] == ["KERNEL", "HOLE"]
    roles = rows["cv_cells"]["role"].value_counts().to_dict()
    # 7×7 input, a ring of 9×9 − 49 = 32 padding cells, 7×7 output (one of them chosen)
    assert roles == {"INPUT": 49, "PADDING": 32, "OUTPUT": 48, "CHOSEN": 1}
    titles = rows["cv_titles"]["text"].tolist()
    assert titles == ["IN 7x7 c0", "OUT 7x7 c0"]


def test_the_kernel_window_sits_where_the_chosen_cell_reads_with_dilation_holes():
    _, rows, sw = sweep(Setting(padding=2, dilation=2, stride=2, size=(9, 9)), index=1)
    marks = rows["cv_marks"]
    kernel = marks[marks.role == "KERNEL"][["x", "y"]].values.tolist()
    # output (0, 1): rows −2, 0, 2 and cols 0, 2, 4, shifted by the 2 padding cells drawn first
    assert sorted(map(tuple, kernel)) == [(x, y) for x in (2, 4, 6) for y in (0, 2, 4)]
    assert (marks.role == "HOLE").sum() == 25 - 9
    chosen = rows["cv_cells"][rows["cv_cells"].role == "CHOSEN"]
    assert chosen["value"].tolist() == [f"{float(sw.y[0, 0, 0, 1]):.0f}"]


def test_cells_show_torchs_numbers_and_fixed_domains_hold_both_grids():
    spec, rows, sw = sweep(Setting(op="avg_pool2d", kernel=(2, 2), stride=2), index=5)
    geo = charts.layout(sw, position(sw, 5))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, geo["cols"]]
    out = rows["cv_cells"][rows["cv_cells"].role.isin(["OUTPUT", "CHOSEN"])]
    assert len(out) == 9 and f"{float(sw.y[0, 0, 2, 2]):.2f}" in out["value"].tolist()
    assert rows["cv_marks"].role.tolist() == ["KERNEL"] * 4


def test_transposed_overlap_is_a_heatmap_of_counts():
    sw = run(Setting(op="conv_transpose2d", stride=2))
    chart = with_data(charts.overlap_chart(title="T", most=4, height=200), charts.overlap_rows(sw))
    spec = chart.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [0, 4]
    counts = [r["count"] for r in next(iter(spec["datasets"].values()))]
    assert len(counts) == 15 * 15 and max(counts) == 4 and min(counts) == 1


def test_the_receptive_field_chart_outlines_the_formula_over_the_gradient():
    fm = field_map(parse_stack("conv 3; conv 3"), 12)
    rows = charts.field_rows(fm)
    chart = charts.field_chart(size=12, grad_title="G", box_title="it's a box", height=300)
    spec = with_data(chart, rows).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "rect", "rect"]
    assert spec["layer"][1]["encoding"]["color"]["scale"]["type"] == "log"
    box = rows["cv_box"].iloc[0].to_dict()
    assert box["x2"] - box["x"] == 5 and box["y2"] - box["y"] == 5
    assert rows["cv_grad"]["grad"].notna().sum() == 25
    assert '"it\'s a box"' in spec["layer"][2]["transform"][0]["calculate"]


def test_a_click_on_an_output_cell_selects_its_row_major_position():
    spec, rows, sw = sweep(Setting(op="max_pool2d", kernel=(2, 2), stride=2, size=(9, 7)), index=4)
    cells = rows["cv_cells"]
    ow = sw.out_hw[1]
    for _, cell in cells[cells.role.isin(["OUTPUT", "CHOSEN"])].iterrows():
        i, j = (int(n) for n in cell["name"][2:-1].split(", ")[1:])  # "y[c, i, j]"
        assert cell["pos"] == i * ow + j
    assert (cells[cells.role.isin(["INPUT", "PADDING"])]["pos"] == -1).all()
    assert set(cells["at"]) == {4} and cells.loc[cells.role == "CHOSEN", "pos"].tolist() == [4]
    (param,) = [p for p in spec.get("params", []) if p["name"] == charts.PICK]
    assert param["select"]["type"] == "point" and param["select"]["on"] == "click"
    assert param["select"]["fields"] == ["pos", "at"]


def test_the_sweep_sentence_quotes_the_input_cells_under_the_kernel_and_the_padding():
    """Output cell (0, 1) of a 3×3 kernel with padding 1 reads input rows -1..1, cols 0..2:
    three padding cells (the top row), then six input values read from the tensor itself."""
    _, rows, sw = sweep(Setting(size=(5, 5), padding=1), index=1)
    said = charts.describe_sweep(rows, words=LEGEND).params
    x = sw.x[0, 0]
    inside = [f"x[0, {r}, {c}] = {x[r, c]:.0f}" for r in (0, 1) for c in (0, 1, 2)]
    assert said["k"] == 9
    assert sorted(said["under"]) == sorted(["PADDING"] * 3 + inside)
    assert said["cell"] == "y[0, 0, 1]" and said["padding"] == 7 * 7 - 5 * 5
