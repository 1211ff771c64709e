"""Views of a broadcast: the right-aligned rule table, the operand grids, the pairwise matrix."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import torch
from pandas.io.formats.style import Styler

from charts.described import Sentence, with_sentence
from charts.theme import OKABE_ITO
from lib.broadcasting.ops import NAMES, Run
from lib.broadcasting.rules import CONFLICT, PREPENDED, STRETCHED, Broadcast, Row, show_shape

PANEL_COLOURS = [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3]]  # a, b, c, result
WIDTH, HEIGHT = 1050, 720  # pixels the grids may fill, in the app's wide layout
CELL = 36  # px, a cell's side when the grids are small
TEXT_MIN_CELL = 20  # below this a number no longer fits in its cell: tooltips only
ROLE_TINT = {STRETCHED: "#FBE3B0", PREPENDED: "#EEEEEE", CONFLICT: "#F6C3A8"}
# The translated words the tables need, looked up by the page as `broadcasting.<word>`.
WORDS = (
    "equal",
    "stretched",
    "prepended",
    "conflict",
    "dim",
    "rule",
    "result",
    "operand",
    "stride",
    "expanded",
    "expand_bytes",
    "repeat_bytes",
)


def _rule_text(row: Row, names: Sequence[str], words: Mapping[str, str]) -> str:
    """One cell of the 'rule' column: which operands were stretched, prepended, or clash."""
    parts = []
    for role in (CONFLICT, PREPENDED, STRETCHED):
        who = [n for n, r in zip(names, row.roles, strict=True) if r == role]
        if who:
            sizes = " ≠ ".join(str(s) for s in dict.fromkeys(row.sizes) if s not in (None, 1))
            parts.append(words[role].format(names=", ".join(who), size=row.size, sizes=sizes))
    return " · ".join(parts) or words["equal"]


def rule_table(b: Broadcast, words: Mapping[str, str]) -> Styler:
    """One row per dim, lined up from the right: each operand's size (blank where torch
    prepends a 1), the rule applied, and the result's size (✗ where the sizes conflict).

    `words` holds the translated templates `equal`, `stretched`, `prepended`, `conflict`
    (with {names}, {size}, {sizes}) and the column titles `dim`, `rule`, `result`.
    """
    ndim, names = len(b.rows), NAMES[: len(b.shapes)]
    columns = [f"{n} {show_shape(s)}" for n, s in zip(names, b.shapes, strict=True)]
    result = f"{words['result']} {show_shape(b.shape)}" if b.ok else words["result"]
    data = {words["dim"]: [f"{r.dim} ({r.dim + ndim})" for r in b.rows]}
    for k, column in enumerate(columns):
        data[column] = ["" if r.sizes[k] is None else str(r.sizes[k]) for r in b.rows]
    data[words["rule"]] = [_rule_text(r, names, words) for r in b.rows]
    data[result] = ["✗" if r.size is None else str(r.size) for r in b.rows]

    def tint(column: pd.Series) -> list[str]:
        if column.name in columns:
            k = columns.index(column.name)
            roles = [r.roles[k] for r in b.rows]
        else:
            roles = [CONFLICT if r.size is None else "" for r in b.rows]
        return [f"background-color: {ROLE_TINT[x]}" if x in ROLE_TINT else "" for x in roles]

    numbers = [*columns, result]
    return (
        pd.DataFrame(data)
        .style.apply(tint)
        .hide(axis="index")
        .set_properties(subset=numbers, **{"text-align": "right", "font-family": "monospace"})
    )


def _columns(text: str) -> int:
    """Display width in a monospace font: a CJK character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned(b: Broadcast, result: str) -> str:
    """The shapes written one under the other, right-aligned: how torch lines them up."""
    names = [*NAMES[: len(b.shapes)], result]
    rows = [
        [("" if r.sizes[k] is None else str(r.sizes[k])) for r in b.rows]
        for k in range(len(b.shapes))
    ]
    rows.append(["✗" if r.size is None else str(r.size) for r in b.rows])
    width = max([len(c) for row in rows for c in row] + [1])
    label = max(_columns(n) for n in names) + 2
    return "\n".join(
        name + " " * (label - _columns(name)) + (" ".join(c.rjust(width) for c in row) or "()")
        for name, row in zip(names, rows, strict=True)
    )


def human_bytes(n: int) -> str:
    """4096 -> '4.0 KB': powers of 1024, as memory is counted."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n} B" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} PB"


def numbers(r: Run) -> dict[str, str]:
    """The live numbers the page's sentences quote, written once: {shape}, {dim}, {expr}..."""
    b = r.broadcast
    return {
        "shape": show_shape(b.shape or ()),
        "dim": str(b.conflict_dim),
        "expr": r.expression,
        "n": f"{r.numel:,}",
        "ndim": str(len(b.shape or ())),
        "size": human_bytes(4 * r.numel),
    }


def stride_table(r: Run, words: Mapping[str, str]) -> Styler:
    """Per operand: its stride, the stride of its expanded view (a 0 = stretched, tinted), and
    the bytes behind the view (the operand's own) against the bytes `repeat` allocates."""
    expanded = words["expanded"].format(shape=show_shape(r.broadcast.shape))
    frame = pd.DataFrame(
        {
            words["operand"]: [f"{e.name} {show_shape(e.shape)}" for e in r.expansions],
            words["stride"]: [str(e.stride) for e in r.expansions],
            expanded: [str(e.expanded_stride) for e in r.expansions],
            words["expand_bytes"]: [human_bytes(e.expand_bytes) for e in r.expansions],
            words["repeat_bytes"]: [human_bytes(e.repeat_bytes) for e in r.expansions],
        }
    )
    zeros = [0 in e.expanded_stride for e in r.expansions]
    tint = [f"background-color: {ROLE_TINT[STRETCHED]}" if z else "" for z in zeros]
    return frame.style.apply(lambda _: tint, subset=[expanded]).hide(axis="index")


def _text(value: float | bool) -> str:
    if isinstance(value, bool):
        return "T" if value else "F"
    return f"{value:.3g}" if not float(value).is_integer() else str(int(value))


def panel_titles(r: Run, result: str) -> list[str]:
    """`a (3, 1)`, `+ b (4,)`, `= a + b`: the grids read as the expression they compute."""
    names = [f"{n} {show_shape(s)}" for n, s in zip(NAMES, r.broadcast.shapes, strict=False)]
    return [names[0], *(f"{r.op} {n}" for n in names[1:]), f"= {result}"]


def grids(
    r: Run, result: str, real: str, virtual: str, index_title: str, *, largest: int = CELL
) -> alt.FacetChart:
    """Each operand stretched to the result's shape, next to the result torch computed.

    Cells a student's operand really holds are solid; virtual copies (the same storage
    element read again through a stride of 0) are faded. A 3-D result gets one row per slice.
    `largest` is the side of a cell when the grids are small (larger in presenter mode).
    """
    shape, titles = r.broadcast.shape, panel_titles(r, result)
    rows_, cols = (shape[-2] if len(shape) >= 2 else 1), (shape[-1] if shape else 1)
    panels = len(titles)
    slices = shape[0] if len(shape) == 3 else 1
    room = largest / CELL  # the grids fill more pixels where the cells are larger
    fit = (WIDTH * room // max(1, cols * panels), HEIGHT * room // max(1, rows_ * slices))
    cell = int(max(6, min(largest, *fit)))
    stacked = cell < 14  # too narrow side by side: one panel under the other
    if stacked:
        cell = int(max(4, min(largest, WIDTH * room // max(1, cols))))
    records = []
    for c in r.cells:
        index = c.index
        records.append(
            {
                "panel": titles[c.panel],
                "slice": f"[{index[0]}]" if len(index) == 3 else "",
                "row": index[-2] if len(index) >= 2 else 0,
                "col": index[-1] if index else 0,
                "value": _text(c.value),
                "kind": real if c.real else virtual,
                "ink": "black" if c.real else "#888888",
                "storage": c.storage,
                index_title: str(list(index)),
            }
        )
    df = pd.DataFrame.from_records(records)
    x = alt.X("col:O", axis=None)
    y = alt.Y("row:O", axis=None)
    # Channel objects, not shorthand strings or alt.condition: altair validates those against
    # its JSON schema on every rerun, which costs tens of milliseconds per chart.
    tooltip = [alt.Tooltip(f) for f in ("panel:N", f"{index_title}:N", "value:N", "kind:N")]
    tooltip.append(alt.Tooltip("storage:Q"))
    rect = (
        alt.Chart()
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            tooltip=tooltip,
            color=alt.Color(
                "panel:N",
                scale=alt.Scale(
                    domain=list(titles), range=PANEL_COLOURS[: panels - 1] + [PANEL_COLOURS[3]]
                ),
                legend=None,
            ),
            opacity=alt.Opacity(
                "kind:N",
                sort=[real, virtual],
                scale=alt.Scale(domain=[real, virtual], range=[0.85, 0.2]),
                legend=alt.Legend(title=None, orient="top", labelLimit=600),
            ),
        )
    )
    layers = [rect]
    if cell >= TEXT_MIN_CELL:
        layers.append(
            alt.Chart()
            .mark_text(fontSize=min(largest * 0.4, cell * 0.45))
            .encode(
                x=x,
                y=y,
                text=alt.Text("value:N"),
                tooltip=tooltip,
                color=alt.Color("ink:N", scale=None),
            )
        )
    inner = alt.layer(*layers, data=df).properties(width=cols * cell, height=rows_ * cell)
    header = alt.Header(labelAngle=0, labelAlign="left", title=None, labelOrient="top")
    panel = alt.Facet("panel:N", sort=list(titles), header=header, title=None)
    if len(shape) == 3:
        slices = alt.Facet(
            "slice:N",
            sort=[f"[{i}]" for i in range(shape[0])],
            header=alt.Header(labelAngle=0, title=None),
            title=None,
        )
        return (
            inner.facet(row=panel, column=slices)
            if stacked
            else inner.facet(row=slices, column=panel)
        )
    chart = inner.facet(row=panel) if stacked else inner.facet(column=panel)
    return with_sentence(chart, describe_grids(df, titles, real, virtual))


SAID = 24  # result values quoted at most: a screen reader reads each one


def describe_grids(df: pd.DataFrame, titles: Sequence[str], real: str, virtual: str) -> Sentence:
    """Per operand: how many cells it really holds and how many are virtual copies; the result's
    values in index order."""
    operands = tuple(
        Sentence(
            "broadcasting.describe.operand",
            {
                "panel": title,
                "real": int((one["kind"] == real).sum()),
                "virtual": int((one["kind"] == virtual).sum()),
            },
        )
        for title in titles[:-1]
        for one in [df[df["panel"] == title]]
    )
    values = list(df.loc[df["panel"] == titles[-1], "value"])
    said = (*values[:SAID], *(["…"] if len(values) > SAID else []))
    return Sentence(
        "broadcasting.describe.grids",
        {
            "cells": len(values),
            "operands": operands,
            "result": titles[-1],
            "values": said,
            "real_word": real,
            "virtual_word": virtual,
        },
    )


def pairs(diff: torch.Tensor, title: str, wanted: str, unwanted: str) -> alt.Chart:
    """The (N, N) matrix `pred - target` really computed: only its diagonal was meant."""
    n = diff.shape[0]
    bound = max(1e-6, math.ceil(float(diff.abs().max()) * 10) / 10)
    df = pd.DataFrame(
        [
            {
                "i": i,
                "j": j,
                "value": round(float(diff[i, j]), 3),
                "kind": wanted if i == j else unwanted,
                # white type on the deepest colours of the scale
                "ink": "white" if abs(float(diff[i, j])) > 0.6 * bound else "black",
            }
            for i in range(n)
            for j in range(n)
        ]
    )
    base = alt.Chart().encode(
        x=alt.X("j:O", title="target[j]", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("i:O", title="pred[i]"),
        tooltip=[alt.Tooltip(f) for f in ("i:O", "j:O", "value:Q", "kind:N")],
    )
    rect = base.mark_rect().encode(
        color=alt.Color(
            "value:Q", scale=alt.Scale(scheme="blueorange", domain=[-bound, bound]), legend=None
        ),
        stroke=alt.Stroke(
            "kind:N",
            sort=[wanted, unwanted],
            scale=alt.Scale(domain=[wanted, unwanted], range=["black", "transparent"]),
            legend=None,
        ),
        strokeWidth=alt.StrokeWidth(
            "kind:N",
            sort=[wanted, unwanted],
            scale=alt.Scale(domain=[wanted, unwanted], range=[3, 0]),
            legend=None,
        ),
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("value:Q", format=".2f"), color=alt.Color("ink:N", scale=None)
    )
    # The data on the layer, not on each mark: altair would hash it once per mark to merge.
    # The text's colour is a column of colour names, not the rect's value scale: keep them apart.
    chart = (
        alt.layer(rect, text, data=df)
        .resolve_scale(color="independent")
        .properties(width=alt.Step(40), height=alt.Step(34), title=title)  # a cell per pair
    )
    diagonal = df[df["i"] == df["j"]]["value"]
    off = df[df["i"] != df["j"]]["value"]
    sentence = Sentence(
        "broadcasting.describe.pairs",
        {
            "n": n,
            "wanted": tuple(f"{v:.2f}" for v in diagonal),
            "others": len(off),
            "low": float(off.min()) if len(off) else 0.0,
            "high": float(off.max()) if len(off) else 0.0,
        },
    )
    return with_sentence(chart, sentence)
