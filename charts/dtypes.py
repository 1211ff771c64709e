"""Pictures and tables for the dtypes page: the bits of a number, the spacing of representable
numbers, the running sums of the accumulation experiment, the promotion table, and a
standardized column.

Each picture is a builder of plain options (its spec is built once, see ui.chart.draw) and a
`*_rows(...)` function giving its named data sets' rows. Tables are pandas frames whose column
names come in translated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from lib.dtypes import (
    FLOATS,
    SPACING_POWERS,
    Accumulation,
    Crossing,
    DTypeInfo,
    EdgeResult,
    Encoding,
    Spacing,
    Standardized,
    Table,
    category,
    num,
    short,
)

PARTS = ("sign", "exponent", "mantissa")
PART_COLOURS = ("#D55E00", "#0072B2", "#E69F00")  # Okabe–Ito vermillion, blue, orange
DTYPE_COLOURS = {"float64": "#000000", "float32": "#0072B2", "float16": "#D55E00"}
DTYPE_COLOURS["bfloat16"] = "#009E73"
CATEGORY_COLOURS = ("#F0E442", "#56B4E9", "#E69F00")  # bool, int, float
MAX_BITS = 64
GAP_DOMAIN = (1e-26, 1e8)  # float64's gap at 2^-30 up to bfloat16's at 2^30
SHORT = {"float64": "f64", "float32": "f32", "float16": "f16", "bfloat16": "bf16", "int64": "i64"}
SHORT |= {"int32": "i32", "int16": "i16", "int8": "i8", "uint8": "u8", "bool": "bool"}


def row_label(e: Encoding) -> str:
    return f"{e.name} (1+{len(e.exponent)}+{len(e.mantissa)})"


def bits_rows(encodings: Sequence[Encoding], parts: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """One row per bit: which dtype, where in the word, 0 or 1, and which part it belongs to."""
    rows = []
    for e in encodings:
        cells = [("sign", b) for b in e.sign]
        cells += [("exponent", b) for b in e.exponent] + [("mantissa", b) for b in e.mantissa]
        for position, (part, bit) in enumerate(cells):
            rows.append(
                {
                    "dtype": row_label(e),
                    "position": position,
                    "bit": bit,
                    "part": parts[part],
                    "stored": num(e.stored),
                }
            )
    return {"bits": pd.DataFrame(rows)}


def bits_chart(
    *, rows: tuple[str, ...], parts: tuple[str, ...], stored: str, height: int, digits: int = 10
):
    """The bit words as rows of labelled cells, one column per bit position, sign on the left:
    bfloat16 lines up with the first 16 bits of float32, because that is what it is."""
    base = alt.Chart(alt.NamedData("bits")).encode(
        x=alt.X("position:O", scale=alt.Scale(domain=list(range(MAX_BITS))), axis=None),
        y=alt.Y("dtype:N", sort=list(rows), title=None, axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "part:N",
            scale=alt.Scale(domain=list(parts), range=list(PART_COLOURS)),
            legend=alt.Legend(orient="top", title=None),
        ),
        opacity=alt.condition("datum.bit == '1'", alt.value(1.0), alt.value(0.35)),
        tooltip=[
            alt.Tooltip("dtype:N"),
            alt.Tooltip("part:N"),
            alt.Tooltip("position:O", title="bit"),
            alt.Tooltip("bit:N"),
            alt.Tooltip("stored:N", title=stored),
        ],
    )
    # digits only where a cell is wide enough to hold one (not on a phone): colour still tells
    legible = alt.ExprRef(expr=f"width / {MAX_BITS} >= {digits * 0.8} ? 1 : 0")
    labels = base.mark_text(fontSize=digits, opacity=legible).encode(
        text="bit:N",
        color=alt.condition("datum.bit == '1'", alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=height)


def spacing_rows(spacings: Sequence[Spacing], here: Sequence[Encoding]) -> dict[str, pd.DataFrame]:
    lines = [
        {"dtype": s.name, "magnitude": m, "gap": g}
        for s in spacings
        for m, g in zip(s.magnitudes, s.gaps, strict=True)
    ]
    points = [
        {"dtype": e.name, "magnitude": abs(e.stored), "gap": e.above - e.stored, "x": num(e.stored)}
        for e in here
        if math.isfinite(e.stored) and e.stored != 0 and math.isfinite(e.above - e.stored)
    ]
    cols = ["dtype", "magnitude", "gap", "x"]
    one = pd.DataFrame({"gap": [1.0], "label": ["1"]})
    return {"spacing": pd.DataFrame(lines), "here": pd.DataFrame(points, columns=cols), "one": one}


def spacing_chart(*, title: str, x_title: str, y_title: str, height: int):
    """Gap to the next representable number against magnitude, both on log axes: each dtype
    is a staircase that doubles its gap at every power of two; the dots are the typed number."""
    lo, hi = 2.0 ** SPACING_POWERS[0], 2.0 ** SPACING_POWERS[-1]
    x = alt.X("magnitude:Q", title=x_title, scale=alt.Scale(type="log", domain=[lo, hi]))
    y = alt.Y("gap:Q", title=y_title, scale=alt.Scale(type="log", domain=list(GAP_DOMAIN)))
    colour = alt.Color(
        "dtype:N",
        scale=alt.Scale(domain=list(FLOATS), range=[DTYPE_COLOURS[n] for n in FLOATS]),
        legend=alt.Legend(orient="top", title=None),
    )
    tips = [alt.Tooltip("dtype:N"), alt.Tooltip("magnitude:Q", format=".4g")]
    tips.append(alt.Tooltip("gap:Q", format=".4g"))
    lines = (
        alt.Chart(alt.NamedData("spacing"))
        .mark_line(interpolate="step-after", clip=True)
        .encode(x=x, y=y, color=colour, tooltip=tips)
    )
    dots = (
        alt.Chart(alt.NamedData("here"))
        .mark_point(size=90, filled=True, clip=True, stroke="black", strokeWidth=1)
        .encode(x=x, y=y, color=colour, tooltip=[alt.Tooltip("x:N"), *tips])
    )
    one = alt.Chart(alt.NamedData("one")).mark_rule(strokeDash=[4, 4], color="gray").encode(y=y)
    return (one + lines + dots).properties(title=title, height=height)


def accumulation_rows(acc: Accumulation) -> dict[str, pd.DataFrame]:
    sums = [
        {"dtype": name, "additions": n, "sum": s}
        for name, values in acc.running.items()
        for n, s in zip(acc.at, values, strict=True)
    ]
    exact = [{"additions": 0, "sum": 0.0}, {"additions": acc.count, "sum": acc.exact}]
    return {"sums": pd.DataFrame(sums), "exact": pd.DataFrame(exact)}


def accumulation_chart(*, x_title: str, y_title: str, exact: str, height: int):
    """Running sums of the same small number in three dtypes beside the exact line: a flat
    stretch is where adding no longer changes the total."""
    colour = alt.Color(
        "dtype:N",
        scale=alt.Scale(
            domain=["float16", "bfloat16", "float32", exact],
            range=[DTYPE_COLOURS["float16"], DTYPE_COLOURS["bfloat16"], "#0072B2", "#000000"],
        ),
        legend=alt.Legend(orient="top", title=None),
    )
    x = alt.X("additions:Q", title=x_title)
    y = alt.Y("sum:Q", title=y_title, scale=alt.Scale(zero=True))
    tips = [alt.Tooltip("dtype:N"), alt.Tooltip("additions:Q"), alt.Tooltip("sum:Q", format=".6g")]
    sums = alt.Chart(alt.NamedData("sums")).mark_line(strokeWidth=2.5).encode(x, y, colour, tips)
    line = (
        alt.Chart(alt.NamedData("exact"))
        .transform_calculate(dtype=json.dumps(exact))
        .mark_line(strokeDash=[6, 4], color="black")
        .encode(x, y, colour)
    )
    return (line + sums).properties(height=height)


def promotion_rows(table: Table, picked: tuple[str, str] | None) -> dict[str, pd.DataFrame]:
    rows = [
        {
            "a": r,
            "b": c,
            "result": res,
            "numpy": table.numpy[(r, c)] or "—",
            # a dot marks the cells where NumPy 2 returns another dtype for the same operands
            "short": SHORT[res] + ("•" if table.numpy[(r, c)] not in (None, res) else ""),
            "category": category(res),
            "picked": (r, c) == picked,
        }
        for (r, c), res in table.cells.items()
    ]
    return {"cells": pd.DataFrame(rows)}


def promotion_chart(
    *, names: tuple[str, ...], categories: tuple[str, ...], a: str, b: str, height: int
):
    """result_type for every pair: rows the left operand, columns the right; the colour says the
    category (bool < int < float), the text the dtype; the picked pair has a black frame."""
    base = alt.Chart(alt.NamedData("cells")).encode(
        x=alt.X("b:N", sort=list(names), title=b, axis=alt.Axis(orient="top", labelAngle=-45)),
        y=alt.Y("a:N", sort=list(names), title=a),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "category:N",
            scale=alt.Scale(domain=["bool", "int", "float"], range=list(CATEGORY_COLOURS)),
            legend=alt.Legend(orient="bottom", title=None, labelExpr=_labels(categories)),
        ),
        tooltip=[
            alt.Tooltip("a:N", title=a),
            alt.Tooltip("b:N", title=b),
            alt.Tooltip("result:N", title="torch"),
            alt.Tooltip("numpy:N", title="NumPy"),
        ],
    )
    frame = base.transform_filter("datum.picked").mark_rect(
        fill=None, stroke="black", strokeWidth=3
    )
    text = base.mark_text(fontSize=11).encode(text="short:N")
    return (cells + text + frame).properties(height=height)


def _labels(categories: tuple[str, ...]) -> str:
    """Translated legend words for the category keys bool / int / float."""
    pairs = zip(("bool", "int", "float"), categories, strict=True)
    expr = "datum.label"
    for key, word in reversed(list(pairs)):
        expr = f"datum.label == '{key}' ? '{word}' : ({expr})"
    return expr


def z_rows(s: Standardized) -> dict[str, pd.DataFrame]:
    who = ["torch.std (N−1)"] * len(s.z_torch) + ["np.std (N)"] * len(s.z_numpy)
    z = pd.DataFrame({"who": who, "z": [*s.z_torch, *s.z_numpy]})  # columns: cheaper than records
    return {"z": z, "band": pd.DataFrame({"lo": [-1.0], "hi": [1.0]})}


Z_DOMAIN = (-4.0, 4.0)


def z_chart(*, x_title: str, band: str, height: int):
    """Every standardized value as a tick, torch's and NumPy's rows apart, over the [−1, 1]
    band in which about 68 % of normal data falls."""
    x = alt.X("z:Q", title=x_title, scale=alt.Scale(domain=list(Z_DOMAIN)))
    shade = (
        alt.Chart(alt.NamedData("band"))
        .transform_calculate(band=json.dumps(band))
        .mark_rect(color="#56B4E9", opacity=0.25)
        .encode(
            x=alt.X("lo:Q", scale=alt.Scale(domain=list(Z_DOMAIN))), x2="hi:Q", tooltip=["band:N"]
        )
    )
    ticks = (
        alt.Chart(alt.NamedData("z"))
        .mark_tick(thickness=2, opacity=0.6, clip=True)
        .encode(
            x=x,
            y=alt.Y("who:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color("who:N", legend=None, scale=alt.Scale(range=["#D55E00", "#0072B2"])),
            tooltip=[alt.Tooltip("who:N"), alt.Tooltip("z:Q", format=".4f")],
        )
    )
    return (shade + ticks).properties(height=height)


def encodings_frame(encodings: Sequence[Encoding], words: Mapping[str, str]) -> pd.DataFrame:
    """The stored value, its error and its neighbours per dtype, as torch returned them."""
    return pd.DataFrame(
        {
            "dtype": [e.name for e in encodings],
            words["stored"]: [num(e.stored) for e in encodings],
            words["error"]: [short(e.error) for e in encodings],
            words["below"]: [num(e.below) for e in encodings],
            words["above"]: [num(e.above) for e in encodings],
            words["kind"]: [words[f"kind_{e.kind}"] for e in encodings],
        }
    )


def info_frame(infos: Sequence[DTypeInfo], words: Mapping[str, str]) -> pd.DataFrame:
    def cell(v):
        return "" if v is None else num(v) if isinstance(v, int) else f"{v:.6g}"

    return pd.DataFrame(
        {
            "dtype": [i.name for i in infos],
            words["bits"]: [i.bits for i in infos],
            "min": [cell(i.min) for i in infos],
            "max": [cell(i.max) for i in infos],
            "eps": [cell(i.eps) for i in infos],
            words["normal"]: [cell(i.smallest_normal) for i in infos],
            words["subnormal"]: [cell(i.smallest_subnormal) for i in infos],
            words["digits"]: [cell(i.digits) for i in infos],
        }
    )


def edges_frame(results: Sequence[EdgeResult], words: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            words["what"]: [words[f"edge_{r.kind}"] for r in results],
            words["code"]: [r.code for r in results],
            words["result"]: [", ".join(num(v) for v in r.values) for r in results],
            "dtype": [r.dtype for r in results],
        }
    )


def crossings_frame(crossings: Sequence[Crossing], words: Mapping[str, str]) -> pd.DataFrame:
    yes, no = words["yes"], words["no"]
    return pd.DataFrame(
        {
            words["code"]: [c.code for c in crossings],
            words["from"]: [f"{c.start} {c.start_dtype}" for c in crossings],
            words["to"]: [f"{c.end_type} {c.end_dtype}" for c in crossings],
            words["read_back"]: [num(c.read_back) for c in crossings],
            "np.shares_memory": [yes if c.shares else no for c in crossings],
            words["address"]: [yes if c.same_address else no for c in crossings],
        }
    )


@describes(bits_chart)
def describe_bits(data, /, **options) -> Sentence:
    """Every dtype's bits, part by part, as the cells show them (`rows` is an option here)."""
    bits = data["bits"]
    words = tuple(
        Sentence(
            "dtypes.describe.word",
            {
                "dtype": dtype,
                "stored": one["stored"].iloc[0],
                "bits": " | ".join(
                    f"{part} {''.join(map(str, one.loc[one['part'] == part, 'bit']))}"
                    for part in options["parts"]
                    if (one["part"] == part).any()
                ),
            },
        )
        for dtype, one in bits.groupby("dtype", sort=False)
    )
    return Sentence("dtypes.describe.bits", {"words": words})


@describes(spacing_chart)
def describe_spacing(rows, *, title: str, x_title: str, y_title: str, height: int) -> Sentence:
    """The gap above the typed number in each dtype (the dots), or the gap at 1 when none."""
    here = rows["here"]
    if here.empty:
        at_one = rows["spacing"].loc[rows["spacing"]["magnitude"] == 1.0]
        gaps = tuple(
            Sentence("dtypes.describe.gap", {"dtype": d, "gap": float(g)})
            for d, g in zip(at_one["dtype"], at_one["gap"], strict=True)
        )
        return Sentence("dtypes.describe.spacing_one", {"gaps": gaps})
    gaps = tuple(
        Sentence("dtypes.describe.gap", {"dtype": d, "gap": float(g)})
        for d, g in zip(here["dtype"], here["gap"], strict=True)
    )
    return Sentence("dtypes.describe.spacing", {"x": here["x"].iloc[0], "gaps": gaps})


@describes(accumulation_chart)
def describe_accumulation(rows, *, x_title: str, y_title: str, exact: str, height: int) -> Sentence:
    """Each dtype's final running sum against the exact total."""
    sums, total = rows["sums"], rows["exact"]
    last = sums.loc[sums.groupby("dtype")["additions"].idxmax()]
    finals = tuple(
        Sentence("dtypes.describe.sum", {"dtype": d, "sum": float(s)})
        for d, s in zip(last["dtype"], last["sum"], strict=True)
    )
    return Sentence(
        "dtypes.describe.accumulation",
        {
            "n": int(total["additions"].max()),
            "exact": float(total["sum"].iloc[-1]),
            "finals": finals,
        },
    )


@describes(promotion_chart)
def describe_promotion(
    rows, *, names: tuple[str, ...], categories: tuple[str, ...], a: str, b: str, height: int
) -> Sentence:
    """The picked pair's result, how many pairs give a float, and where NumPy differs."""
    cells = rows["cells"]
    picked = cells[cells["picked"]]
    differ = int(cells["short"].str.endswith("•").sum())
    floats = int((cells["category"] == "float").sum())
    params = {"n": len(names), "cells": len(cells), "floats": floats, "differ": differ}
    if picked.empty:
        return Sentence("dtypes.describe.promotion", params)
    one = picked.iloc[0]
    params |= {"a": one["a"], "b": one["b"], "result": one["result"], "numpy": one["numpy"]}
    return Sentence("dtypes.describe.promotion_picked", params)


@describes(z_chart)
def describe_z(rows, *, x_title: str, band: str, height: int) -> Sentence:
    """The most extreme z of each row and each row's share inside [−1, 1]."""
    z = rows["z"]
    per_row: dict[str, list[float]] = {}  # plain lists: cheaper than a pandas groupby
    for who, v in zip(z["who"].tolist(), z["z"].tolist(), strict=True):
        per_row.setdefault(who, []).append(v)
    rows_ = tuple(
        Sentence(
            "dtypes.describe.z_row",
            {
                "who": who,
                "low": float(min(one)),
                "high": float(max(one)),
                "inside": sum(abs(v) <= 1 for v in one) / len(one),
            },
        )
        for who, one in per_row.items()
    )
    return Sentence("dtypes.describe.z", {"n": int(len(z) / 2), "rows": rows_})
