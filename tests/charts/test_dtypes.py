"""The dtypes page's charts (read through to_dict()) and tables (read as DataFrames)."""

from __future__ import annotations

import altair as alt

from charts import dtypes as charts
from charts.named import with_data
from lib import dtypes as dt

PARTS = {p: p.upper() for p in charts.PARTS}
WORDS = {"stored": "S", "error": "E", "below": "B", "above": "A", "kind": "K"}
WORDS |= {f"kind_{k}": k for k in ("normal", "subnormal", "zero", "inf", "nan")}


def spec_of(chart: alt.TopLevelMixin) -> dict:
    return chart.to_dict()  # validates against the Vega-Lite schema


def test_bits_are_labelled_cells_sign_first_with_bfloat16_as_wide_as_16_cells():
    encodings = dt.encode_all("-2049")
    rows = charts.bits_rows(encodings, PARTS)
    chart = charts.bits_chart(
        rows=tuple(charts.row_label(e) for e in encodings),
        parts=tuple(PARTS.values()),
        stored="stored",
        height=190,
    )
    spec = spec_of(with_data(chart, rows))
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["scale"]["domain"] == ["SIGN", "EXPONENT", "MANTISSA"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == list(range(64))
    cells = rows["bits"]
    per_dtype = cells.groupby("dtype").size().to_dict()
    assert per_dtype == {
        "float64 (1+11+52)": 64,
        "float32 (1+8+23)": 32,
        "float16 (1+5+10)": 16,
        "bfloat16 (1+8+7)": 16,
    }
    signs = cells[cells.position == 0]
    assert set(signs.bit) == {"1"} and set(signs.part) == {"SIGN"}  # -2049 is negative
    f16 = cells[cells.dtype == "float16 (1+5+10)"].sort_values("position")
    assert "".join(f16.bit) == "1110100000000000"  # -2048 in float16: struct.pack('<e', -2048)


def test_spacing_is_a_log_log_staircase_on_fixed_axes_with_the_typed_number_marked():
    rows = charts.spacing_rows([dt.spacing(n) for n in dt.FLOATS], dt.encode_all("2049"))
    chart = charts.spacing_chart(title="T", x_title="X", y_title="Y", height=340)
    spec = spec_of(with_data(chart, rows))
    line = spec["layer"][1]
    assert line["mark"]["type"] == "line" and line["mark"]["interpolate"] == "step-after"
    assert line["encoding"]["x"]["scale"]["type"] == "log"
    assert line["encoding"]["y"]["scale"]["domain"] == list(charts.GAP_DOMAIN)
    here = rows["here"].set_index("dtype")
    assert here.loc["float16", "gap"] == 2.0 and here.loc["float16", "magnitude"] == 2048.0
    assert rows["one"].gap.tolist() == [1.0]


def test_a_number_float16_cannot_hold_has_no_float16_dot():
    rows = charts.spacing_rows([dt.spacing("float16")], dt.encode_all("70000"))
    assert "float16" not in set(rows["here"].dtype)


def test_accumulation_lines_and_the_exact_sum():
    acc = dt.accumulate(500, 0.1)
    rows = charts.accumulation_rows(acc)
    chart = charts.accumulation_chart(x_title="n", y_title="sum", exact="EXACT", height=300)
    spec = spec_of(with_data(chart, rows))
    domain = spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["float16", "bfloat16", "float32", "EXACT"]
    assert rows["exact"].to_dict("records")[-1] == {"additions": 500, "sum": acc.exact}
    bf = rows["sums"][rows["sums"].dtype == "bfloat16"]
    assert bf["sum"].iloc[-1] == 32.0  # bfloat16 stalls at 32 adding 0.1


def test_promotion_table_colours_by_category_and_frames_the_picked_pair():
    rows = charts.promotion_rows(dt.table("tensor"), dt.cell("uint8", "int8", "tensor"))
    chart = charts.promotion_chart(
        names=tuple(dt.DTYPES), categories=("B", "I", "F"), a="left", b="right", height=440
    )
    spec = spec_of(with_data(chart, rows))
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text", "rect"]
    assert spec["layer"][2]["transform"] == [{"filter": "datum.picked"}]
    cells = rows["cells"]
    picked = cells[cells.picked]
    assert picked[["a", "b", "result", "short"]].values.tolist() == [
        ["uint8", "int8", "int16", "i16"]
    ]
    assert len(cells) == 100 and set(cells.category) == {"bool", "int", "float"}
    marked = cells[cells.short.str.endswith("•")]
    assert ["float32", "int64", "float64"] in marked[["a", "b", "numpy"]].values.tolist()
    assert not (marked.result == marked.numpy).any()


def test_standardized_values_on_a_fixed_axis_over_the_one_std_band():
    s = dt.standardize(20, 1)
    rows = charts.z_rows(s)
    spec = spec_of(with_data(charts.z_chart(x_title="z", band="[-1, 1]", height=190), rows))
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == list(charts.Z_DOMAIN)
    assert rows["band"].values.tolist() == [[-1.0, 1.0]]
    assert len(rows["z"]) == 40


def test_tables_show_torchs_numbers():
    frame = charts.encodings_frame(dt.encode_all("0.1"), WORDS)
    assert frame["S"].tolist() == ["0.1", "0.10000000149011612", "0.0999755859375", "0.10009765625"]
    columns = {w: w for w in ("bits", "normal", "subnormal", "digits")}
    infos = charts.info_frame([dt.info(n) for n in dt.DTYPES], columns)
    assert infos.set_index("dtype").loc["uint8", "max"] == "255"
    assert infos.set_index("dtype").loc["float16", "normal"] == "6.10352e-05"
