"""The kernel over the input, the output grid, the transposed overlap and the receptive field.

Every part is named in words (legend and grid titles), not by colour alone: conv_arithmetic's
readers kept asking which colour was the input and which the output.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from lib.convolution.field import FieldMap
from lib.convolution.sweep import Sweep, footprint

# Light tints so black numbers stay readable; the chosen cell and the kernel in strong colours.
# input, padding, output, chosen output. Pale, so black digits stay legible, and apart in lightness
# as well as hue: the former light blue / light grey / light green came within CIEDE2000 2.2 of
# each other for tritanopia and 2.4 for deuteranopia (tests/charts/test_palettes.py).
FILLS = ["#9AD2F2", "#BBBBBB", "#F8F2A0", "#E69F00"]
STROKES = ["#D55E00", "#000000"]  # kernel cell, dilation hole (dashed)
GAP = 2  # columns between the input and the output grid
ROLES = ("input", "padding", "output", "chosen")
MARKS = ("kernel", "hole")
PICK = "cv_pick"  # the selection a click on a cell makes: Streamlit reports it under this name


def _number(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def layout(sw: Sweep, cell: tuple[int, int]) -> dict:
    """Where the padded input grid starts and ends (rows/cols in input coordinates), and where
    the output grid goes: plain numbers, so the chart spec can be cached per layout."""
    (h, w), (oh, ow) = sw.setting.size, sw.out_hw
    top, left = sw.top_left
    if sw.setting.op == "conv_transpose2d":
        top = left = 0
    r0, c0 = -top, -left
    r1, c1 = h + top, w + left  # symmetric padding; 'same' may add one more at the end
    for op_cell in ((0, 0), (oh - 1, ow - 1), cell):
        for r, c in footprint(sw, op_cell) if sw.setting.op != "conv_transpose2d" else []:
            r0, c0, r1, c1 = min(r0, r), min(c0, c), max(r1, r + 1), max(c1, c + 1)
    return dict(
        r0=r0,
        c0=c0,
        rows=max(r1 - r0, oh),
        cols=(c1 - c0) + GAP + ow,
        in_rows=r1 - r0,
        in_cols=c1 - c0,
    )


def sweep_rows(
    sw: Sweep, cell: tuple[int, int], channel: int, words: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Cells of the padded input (one channel) and of the output, the kernel's footprint at
    `cell`, and the two grid titles."""
    s, geo = sw.setting, layout(sw, cell)
    (h, w), (oh, ow) = s.size, sw.out_hw
    in_ch = footprint_channel(sw, channel)
    xs, ys = sw.x[0, in_ch].tolist(), sw.y[0, channel].tolist()  # plain floats: fast to read
    cells = []
    for r in range(geo["r0"], geo["r0"] + geo["in_rows"]):
        for c in range(geo["c0"], geo["c0"] + geo["in_cols"]):
            inside = 0 <= r < h and 0 <= c < w
            value = _number(xs[r][c]) if inside else ""
            cells.append(
                _cell(
                    c - geo["c0"],
                    r - geo["r0"],
                    words["input" if inside else "padding"],
                    value,
                    f"x[{in_ch}, {r}, {c}]" if inside else words["padding"],
                    -1,
                )
            )
    x0 = geo["in_cols"] + GAP
    at = cell[0] * ow + cell[1]
    for i in range(oh):
        for j in range(ow):
            role = words["chosen" if (i, j) == cell else "output"]
            value = _number(ys[i][j])
            cells.append(_cell(x0 + j, i, role, value, f"y[{channel}, {i}, {j}]", i * ow + j))
    span = {rc for rc in footprint(sw, cell)}
    marks = [dict(x=c - geo["c0"], y=r - geo["r0"], role=words["kernel"]) for r, c in sorted(span)]
    if s.op != "conv_transpose2d" and s.dilation > 1:
        rows = sorted({r for r, _ in span})
        cols = sorted({c for _, c in span})
        marks += [
            dict(x=c - geo["c0"], y=r - geo["r0"], role=words["hole"])
            for r in range(rows[0], rows[-1] + 1)
            for c in range(cols[0], cols[-1] + 1)
            if (r, c) not in span
        ]
    titles = [
        dict(x=0, text=words["input_title"].format(c=in_ch, h=h, w=w)),
        dict(x=x0, text=words["output_title"].format(c=channel, h=oh, w=ow)),
    ]
    return {
        # `at`, the chosen position, is part of what a click selects: clicking a cell picked
        # before, after the slider moved away, is then a new selection the browser reports.
        "cv_cells": pd.DataFrame(cells).assign(at=at),
        "cv_marks": pd.DataFrame(marks, columns=["x", "y", "role"]),
        "cv_titles": pd.DataFrame(titles),
    }


def footprint_channel(sw: Sweep, channel: int) -> int:
    """The input channel drawn: the first one that feeds output `channel` (its group's first)."""
    s = sw.setting
    if s.op in ("max_pool2d", "avg_pool2d"):
        return channel
    return channel // (s.out_channels // s.groups) * (s.in_channels // s.groups)


def _cell(x: int, y: int, role: str, value: str, name: str, pos: int) -> dict:
    """`pos`: the output position (row-major) a click on the cell picks; −1 on the input side."""
    return dict(x=x, y=y, role=role, value=value, name=name, pos=pos)


def sweep_chart(
    *, rows: int, cols: int, words: tuple[str, ...], numbers: bool, height: int, large: bool = False
) -> alt.LayerChart:
    """Input (with padding cells apart) on the left, output on the right, the kernel outlined.

    `words` are the translated legend names: input, padding, output, chosen, kernel, hole."""
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, cols]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-1.2, rows], reverse=True), axis=None)
    x2, y2 = alt.X2("x2:Q"), alt.Y2("y2:Q")
    box = {"x2": "datum.x + 0.94", "y2": "datum.y + 0.94"}
    fill = alt.Fill(
        "role:N",
        scale=alt.Scale(domain=list(words[:4]), range=FILLS),
        legend=alt.Legend(title=None, orient="bottom", labelLimit=0),
    )
    base = alt.Chart(alt.NamedData("cv_cells")).transform_calculate(**box)
    # A click selects a cell's output position (Streamlit reruns with it); no look depends on
    # the selection: the chosen cell is drawn from the data, whether a click or the slider chose it.
    pick = alt.selection_point(
        name=PICK, fields=["pos", "at"], on="click", clear=False, toggle=False
    )
    cells = (
        base.mark_rect(cursor="pointer")
        .encode(
            x=x,
            x2=x2,
            y=y,
            y2=y2,
            fill=fill,
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("value:N")],
        )
        .add_params(pick)
    )
    layers = [cells]
    if numbers:
        centre = {"cx": "datum.x + 0.47", "cy": "datum.y + 0.47"}
        layers.append(
            alt.Chart(alt.NamedData("cv_cells"))
            .transform_calculate(**centre)
            .mark_text(fontSize=_font(cols, large))
            .encode(
                x=alt.X("cx:Q", scale=alt.Scale(domain=[0, cols]), axis=None),
                y=alt.Y("cy:Q", scale=alt.Scale(domain=[-1.2, rows], reverse=True), axis=None),
                text="value:N",
            )
        )
    stroke = alt.Stroke(
        "role:N",
        scale=alt.Scale(domain=list(words[4:6]), range=STROKES),
        legend=alt.Legend(title=None, orient="top", labelLimit=0),  # its own row on a phone
    )
    hole = f"datum.role == {json.dumps(words[5])}"
    layers.append(
        alt.Chart(alt.NamedData("cv_marks"))
        .transform_calculate(**box)
        .mark_rect(fillOpacity=0, strokeWidth=3)
        .encode(
            x=x,
            x2=x2,
            y=y,
            y2=y2,
            stroke=stroke,
            strokeDash=alt.condition(hole, alt.value([4, 3]), alt.value([1, 0])),
            strokeWidth=alt.condition(hole, alt.value(1.5), alt.value(3)),
        )
    )
    layers.append(
        alt.Chart(alt.NamedData("cv_titles"))
        .transform_calculate(ty="-0.6")
        .mark_text(align="left", fontSize=20 if large else 13, fontWeight="bold")
        .encode(
            x=x,
            y=alt.Y("ty:Q", scale=alt.Scale(domain=[-1.2, rows], reverse=True), axis=None),
            text="text:N",
        )
    )
    return alt.layer(*layers).properties(width="container", height=height)


def _font(cols: int, large: bool) -> int:
    """Numbers shrink as the grids widen, so a phone still fits two digits in a cell."""
    return (16 if large else 11) if cols <= 16 else (12 if large else 9) if cols <= 24 else 8


def overlap_rows(sw: Sweep) -> dict[str, pd.DataFrame]:
    counts = sw.overlap
    rows = [
        dict(x=j, y=i, count=int(counts[i, j]))
        for i in range(counts.shape[0])
        for j in range(counts.shape[1])
    ]
    return {"cv_overlap": pd.DataFrame(rows)}


def overlap_chart(*, title: str, most: int, height: int) -> alt.LayerChart:
    """ConvTranspose2d's checkerboard: how many products each output cell sums."""
    base = alt.Chart(alt.NamedData("cv_overlap"), title=title)
    x = alt.X("x:O", title=None, axis=alt.Axis(labels=False, ticks=False))
    y = alt.Y("y:O", title=None, axis=alt.Axis(labels=False, ticks=False))
    heat = base.mark_rect().encode(
        x=x,
        y=y,
        color=alt.Color(
            "count:Q", scale=alt.Scale(scheme="blues", domain=[0, max(most, 1)]), title=title
        ),
        tooltip=["y:O", "x:O", "count:Q"],
    )
    text = base.mark_text(fontSize=11).encode(x=x, y=y, text="count:Q")
    return alt.layer(heat, text).properties(width="container", height=height)


def field_rows(fm: FieldMap) -> dict[str, pd.DataFrame]:
    g = fm.grad
    cells = [
        dict(x=c, y=r, grad=float(g[r, c]) if g[r, c] != 0 else None)
        for r in range(fm.size)
        for c in range(fm.size)
    ]
    r0, c0 = fm.start
    box = [dict(x=c0, y=r0, x2=c0 + fm.formula[1], y2=r0 + fm.formula[0])]
    return {"cv_grad": pd.DataFrame(cells), "cv_box": pd.DataFrame(box)}


def field_chart(*, size: int, grad_title: str, box_title: str, height: int) -> alt.LayerChart:
    """∂y/∂x of one output pixel over the input (autograd), and the formula's field outlined."""
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, size]), axis=alt.Axis(title=None))
    y = alt.Y("y:Q", scale=alt.Scale(domain=[0, size], reverse=True), axis=alt.Axis(title=None))
    heat = (
        alt.Chart(alt.NamedData("cv_grad"))
        .transform_calculate(x2="datum.x + 1", y2="datum.y + 1")
        .mark_rect()
        .encode(
            x=x,
            x2="x2:Q",
            y=y,
            y2="y2:Q",
            color=alt.Color(
                "grad:Q",
                scale=alt.Scale(type="log", scheme="viridis"),
                title=grad_title,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["y:Q", "x:Q", alt.Tooltip("grad:Q", format=".3g")],
        )
    )
    outline = (
        alt.Chart(alt.NamedData("cv_box"))
        .transform_calculate(what=json.dumps(box_title))
        .mark_rect(fillOpacity=0, strokeWidth=3, clip=True)
        .encode(
            x=x,
            x2="x2:Q",
            y=y,
            y2="y2:Q",
            stroke=alt.Stroke(
                "what:N",
                scale=alt.Scale(range=[STROKES[0]]),
                legend=alt.Legend(title=None, orient="top", labelLimit=0),
            ),
        )
    )
    empty = (
        alt.Chart(alt.NamedData("cv_grad"))
        .mark_rect(color="#EEEEEE")
        .encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
        .transform_filter("datum.grad == null")
        .transform_calculate(x2="datum.x + 1", y2="datum.y + 1")
    )
    # square cells: a square field must look square
    square = alt.AutoSizeParams(type="pad")  # width and height are the plot itself
    return alt.layer(empty, heat, outline).properties(width=height, height=height, autosize=square)


@describes(sweep_chart)
def describe_sweep(data, /, *, words: tuple[str, ...], **_) -> Sentence:
    """The two grids' titles, the chosen output cell and the input cells under the kernel."""
    cells, marks, titles = data["cv_cells"], data["cv_marks"], data["cv_titles"]
    input_, padding, _output, chosen, kernel = words[:5]
    # a dict, not a pandas index: looking up a 7×7 kernel's cells one .loc at a time cost 30 ms
    at = dict(zip(zip(cells["x"], cells["y"]), zip(cells["name"], cells["value"])))
    on = marks[marks["role"] == kernel]
    under = [at[xy] for xy in zip(on["x"], on["y"]) if xy in at]
    picked = cells[cells["role"] == chosen]
    return Sentence(
        "convolution.describe.sweep",
        {
            "input": titles["text"].iloc[0],
            "output": titles["text"].iloc[-1],
            "padding": int((cells["role"] == padding).sum()),
            "cell": picked["name"].iloc[0] if len(picked) else "",
            "value": picked["value"].iloc[0] if len(picked) else "",
            "k": len(under),
            "under": tuple(f"{n} = {v}" if v else str(n) for n, v in under[:SAID]),
        },
    )


SAID = 25  # kernel cells quoted at most: a 5×5 kernel


@describes(overlap_chart)
def describe_overlap(data, /, *, title: str, most: int, height: int) -> Sentence:
    """How many products the output cells sum: the fewest, the most, and how many get the most."""
    counts = data["cv_overlap"]["count"]
    return Sentence(
        "convolution.describe.overlap",
        {
            "title": title,
            "n": len(counts),
            "low": int(counts.min()),
            "high": int(counts.max()),
            "at_high": int((counts == counts.max()).sum()),
        },
    )


@describes(field_chart)
def describe_field(data, /, *, size: int, **_) -> Sentence:
    """Where autograd's gradient is non-zero, against the formula's box."""
    g = data["cv_grad"].dropna(subset=["grad"])
    box = data["cv_box"].iloc[0]
    return Sentence(
        "convolution.describe.field",
        {
            "size": size,
            "n": len(g),
            "rows": int(g["y"].max() - g["y"].min() + 1) if len(g) else 0,
            "cols": int(g["x"].max() - g["x"].min() + 1) if len(g) else 0,
            "top": int(box["y"]),
            "left": int(box["x"]),
            "box_rows": int(box["y2"] - box["y"]),
            "box_cols": int(box["x2"] - box["x"]),
        },
    )
