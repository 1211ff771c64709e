"""The storage strip and the logical grid: the same memory, read two ways.

Each picture comes in two halves (see charts.named): a builder that depends only on plain options
(title, how many storage cells, the 2-D slice shape) and reads the named data set "cells", and a
`*_rows` function giving those cells from the tensors. Moving an index slider changes only the
rows (the picked cell is a `status`), so a page builds each spec once and ships new rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import torch

from charts.described import Sentence, describes
from charts.theme import NEW_STORAGE, PICKED, READ, UNREAD

STRIP_ROW = 16  # storage cells per row of the strip: 64 cells wrap into 4 readable rows
CELL = 38
_STRIP_COLUMNS = ["k", "col", "row", "value", "status", "order", "reads"]
_GRID_COLUMNS = ["panel", "r", "c", "value", "k", "index", "status"]
# Tooltip titles, translated by the page (app_pages/strides_widgets.py): charts/ never knows the
# language.
TIPS = ("storage_index", "value", "read_as", "times_read", "index")


def value_text(v: object) -> str:
    """5.0 -> '5', 2.5 -> '2.5', True -> 'T': short enough to fit a cell."""
    if isinstance(v, bool):
        return "T" if v else "F"
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e5 else f"{v:.1e}"
    return str(v)


def storage_strip(
    *,
    title: str,
    tips: Mapping[str, str],
    cells: int,
    new_storage: bool = False,
    cell: int = CELL,
) -> alt.LayerChart:
    """One cell per storage element ("cells", from strip_rows), numbered by the order the view
    reads it (#0, #1, ...); `cells` storage elements wrap after STRIP_ROW. `tips`: TIPS' words.
    `cell` is a cell's side in px: the numbers inside grow with it (presenter mode)."""
    read_colour = NEW_STORAGE if new_storage else READ
    big, small = font_sizes(cell)
    base = alt.Chart(alt.NamedData("cells")).encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
        tooltip=[
            alt.Tooltip("k:Q", title=tips["storage_index"]),
            alt.Tooltip("value:N", title=tips["value"]),
            alt.Tooltip("order:N", title=tips["read_as"]),
            alt.Tooltip("reads:Q", title=tips["times_read"]),
        ],
    )
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=["read", "unread", "picked"], range=[read_colour, UNREAD, PICKED]),
        legend=None,
    )
    marks = [
        base.mark_rect(stroke="white", strokeWidth=2).encode(color=colour),
        base.mark_text(fontSize=big, fontWeight="bold", dy=-cell // 19).encode(
            text=alt.Text("value:N")
        ),
        base.mark_text(fontSize=small, dy=-cell * 0.36, color="#444").encode(text=alt.Text("k:N")),
        base.mark_text(fontSize=small, dy=cell * 0.32, color="#003a63").encode(
            text=alt.Text("order:N")
        ),
    ]
    width = cell * min(cells, STRIP_ROW) or cell
    height = cell * (1 + (cells - 1) // STRIP_ROW) if cells else cell
    return alt.layer(*marks, width=width, height=height, title=title, autosize="pad")


def font_sizes(cell: int) -> tuple[int, int]:
    """(value, small print) font sizes for a cell of `cell` px: 14 and 9 at the desk's 38 px,
    never under 9 px — the read order "#0,#4,#8" is the lesson of `expand`."""
    return round(cell * 0.37), max(9, round(cell * 0.24))


def strip_rows(
    storage: torch.Tensor, read_by: torch.Tensor | None, picked: int | None
) -> dict[str, pd.DataFrame]:
    """Rows for storage_strip(). `read_by` holds, for every element of the view, the storage
    index it reads (view's shape); a cell read several times (stride 0) lists every reader.
    No `read_by`: a fresh storage written in reading order, every cell in use."""
    readers: dict[int, list[int]] = {}
    if read_by is not None:
        for order, k in enumerate(read_by.flatten().tolist()):
            readers.setdefault(k, []).append(order)
    rows = []
    for k, v in enumerate(storage.tolist()):
        order = readers.get(k, [])
        in_use = bool(order) or read_by is None
        status = "picked" if k == picked else ("read" if in_use else "unread")
        listed = ",".join(f"#{o}" for o in order[:3]) + ("…" if len(order) > 3 else "")
        rows.append((k, k % STRIP_ROW, k // STRIP_ROW, value_text(v), status, listed, len(order)))
    return {"cells": pd.DataFrame(rows, columns=_STRIP_COLUMNS)}


def grid_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    """(rows, columns) of one 2-D slice of the grid: a scalar is one cell, a vector one row."""
    return (1, 1) if len(shape) == 0 else ((1, shape[0]) if len(shape) == 1 else tuple(shape[-2:]))


def logical_grid(
    *,
    title: str,
    tips: Mapping[str, str],
    slice_shape: tuple[int, int],
    sliced: bool,
    cell: int = CELL,
) -> alt.TopLevelMixin:
    """The view as the student indexes it ("cells", from grid_rows): each cell shows its value and
    the storage index read. `slice_shape` is (rows, columns) of one 2-D slice; `sliced` (3-D and
    up) draws a row of such slices, four to a line. `tips`: TIPS' words."""
    base = alt.Chart().encode(
        x=alt.X("c:O", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("r:O", title=None),
        tooltip=[
            alt.Tooltip("index:N", title=tips["index"]),
            alt.Tooltip("value:N", title=tips["value"]),
            alt.Tooltip("k:Q", title=tips["storage_index"]),
        ],
    )
    big, small = font_sizes(cell)
    colour = alt.Color(
        "status:N", scale=alt.Scale(domain=["read", "picked"], range=[READ, PICKED]), legend=None
    )
    marks = [
        base.mark_rect(stroke="white", strokeWidth=2).encode(color=colour),
        base.mark_text(fontSize=big, fontWeight="bold", dy=-cell // 12).encode(
            text=alt.Text("value:N")
        ),
        base.mark_text(fontSize=small, dy=cell * 0.3, color="#003a63").encode(
            text=alt.Text("k:Q", format="d")
        ),
    ]
    size = {"width": cell * slice_shape[1], "height": cell * slice_shape[0]}
    data = alt.NamedData("cells")
    if sliced:
        return alt.layer(*marks, **size).facet(
            facet=alt.Facet("panel:N", title=None, sort=None),
            columns=4,
            data=data,
            title=title,
            autosize="pad",
        )
    return alt.layer(*marks, data=data, title=title, autosize="pad", **size)


def grid_options(shape: tuple[int, ...]) -> dict[str, object]:
    """logical_grid()'s options for a view of `shape` (title aside)."""
    return {"slice_shape": grid_shape(shape), "sliced": len(shape) > 2}


def grid_rows(
    y: torch.Tensor, read_by: torch.Tensor, picked: tuple[int, ...] | None
) -> dict[str, pd.DataFrame]:
    """Rows for logical_grid(): one per element of `y`, in index order; `picked` is highlighted."""
    shape = tuple(y.shape)
    values = y.reshape(-1).tolist()
    ks = read_by.reshape(-1).tolist()
    rows = []
    for flat, index in enumerate(itertools.product(*(range(n) for n in shape))):
        r, c = (0, 0) if len(shape) == 0 else ((0, index[0]) if len(shape) == 1 else index[-2:])
        panel = "y" if len(shape) <= 2 else f"y[{', '.join([*map(str, index[:-2]), ':', ':'])}]"
        status = "picked" if index == picked else "read"
        rows.append((panel, r, c, value_text(values[flat]), ks[flat], str(list(index)), status))
    return {"cells": pd.DataFrame(rows, columns=_GRID_COLUMNS)}


SAID = 24  # storage indices quoted in a description, at most: a screen reader reads each one


def _listed(ks: Sequence[int]) -> tuple[str, ...]:
    """The first SAID items, then "…": a list the reader's language writes (ui/chart.words)."""
    return (*map(str, ks[:SAID]), *(["…"] if len(ks) > SAID else []))


@describes(storage_strip)
def describe_strip(data, /, *, title: str, cells: int, new_storage: bool = False, **_) -> Sentence:
    """How many storage cells the view reads, in which order, and which one is picked."""
    c = data["cells"]
    ks, status = c["k"].tolist(), c["status"].tolist()  # plain lists: cheaper than pandas masks
    read = [k for k, s in zip(ks, status, strict=True) if s != "unread"]
    order = sorted(
        (int(o.lstrip("#")), int(k))
        for k, listed in zip(ks, c["order"].tolist(), strict=True)
        for o in str(listed).replace("…", "").split(",")
        if o
    )
    picked = [k for k, s in zip(ks, status, strict=True) if s == "picked"]
    key = "strip_new" if new_storage else "strip"
    return Sentence(
        f"strides.describe.{key}" + ("_picked" if len(picked) else ""),
        {
            "title": title,
            "cells": cells,
            "read": len(read),
            "unread": cells - len(read),
            "order": _listed([k for _, k in order]) if order else _listed(ks),
            "picked": int(picked[0]) if picked else -1,
        },
    )


@describes(logical_grid)
def describe_grid(data, /, *, title: str, slice_shape: tuple[int, int], **_) -> Sentence:
    """The view's elements in index order and the storage cell each reads."""
    c = data["cells"]
    picked = c[c["status"] == "picked"]
    return Sentence(
        "strides.describe.grid" + ("_picked" if len(picked) else ""),
        {
            "title": title,
            "n": len(c),
            "values": _listed(list(c["value"])),
            "ks": _listed([int(k) for k in c["k"]]),
            "index": picked["index"].iloc[0] if len(picked) else "",
            "k": int(picked["k"].iloc[0]) if len(picked) else -1,
        },
    )
