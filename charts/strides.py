"""The storage strip and the logical grid: the same memory, read two ways."""

from __future__ import annotations

import itertools

import altair as alt
import pandas as pd
import torch

from charts.theme import NEW_STORAGE, PICKED, READ, UNREAD

STRIP_ROW = 16  # storage cells per row of the strip: 64 cells wrap into 4 readable rows
CELL = 38


def value_text(v: object) -> str:
    """5.0 -> '5', 2.5 -> '2.5', True -> 'T': short enough to fit a cell."""
    if isinstance(v, bool):
        return "T" if v else "F"
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e5 else f"{v:.1e}"
    return str(v)


def storage_strip(
    storage: torch.Tensor,
    read_by: torch.Tensor | None,
    picked: int | None,
    *,
    title: str,
    new_storage: bool = False,
) -> alt.LayerChart:
    """One cell per storage element, numbered by the order the view reads it (#0, #1, ...).

    `read_by` holds, for every element of the view, the storage index it reads (view's shape);
    a cell read several times (stride 0) lists every reader.
    """
    readers: dict[int, list[int]] = {}
    if read_by is not None:
        for order, k in enumerate(read_by.flatten().tolist()):
            readers.setdefault(k, []).append(order)
    rows = []
    for k, v in enumerate(storage.tolist()):
        order = readers.get(k, [])
        # No reader given: a fresh storage written in reading order, every cell in use.
        in_use = bool(order) or read_by is None
        status = "picked" if k == picked else ("read" if in_use else "unread")
        rows.append(
            {
                "k": k,
                "col": k % STRIP_ROW,
                "row": k // STRIP_ROW,
                "value": value_text(v),
                "status": status,
                "order": ",".join(f"#{o}" for o in order[:3]) + ("…" if len(order) > 3 else ""),
                "reads": len(order),
            }
        )
    df = pd.DataFrame(rows)
    read_colour = NEW_STORAGE if new_storage else READ
    base = alt.Chart(df).encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
        tooltip=[
            alt.Tooltip("k:Q", title="storage index"),
            alt.Tooltip("value:N", title="value"),
            alt.Tooltip("order:N", title="read as element #"),
            alt.Tooltip("reads:Q", title="times read"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(
                domain=["read", "unread", "picked"], range=[read_colour, UNREAD, PICKED]
            ),
            legend=None,
        )
    )
    value = base.mark_text(fontSize=14, fontWeight="bold", dy=-2).encode(text=alt.Text("value:N"))
    index = base.mark_text(fontSize=8, dy=-14, color="#555").encode(text=alt.Text("k:N"))
    order = base.mark_text(fontSize=8, dy=12, color="#003a63").encode(text=alt.Text("order:N"))
    width = CELL * min(len(rows), STRIP_ROW) or CELL
    height = CELL * (1 + (len(rows) - 1) // STRIP_ROW) if rows else CELL
    # Sizes go into the one constructor: each .properties() deep-copies every layer again.
    return alt.layer(
        cells, value, index, order, width=width, height=height, title=title, autosize="pad"
    )


def logical_grid(
    y: torch.Tensor, read_by: torch.Tensor, picked: tuple[int, ...] | None, *, title: str
) -> alt.TopLevelMixin:
    """The view as the student indexes it; each cell shows its value and the storage index read."""
    shape = tuple(y.shape)
    grid2d = (1, 1) if len(shape) == 0 else ((1, shape[0]) if len(shape) == 1 else shape[-2:])
    values = y.reshape(-1).tolist()
    storage = read_by.reshape(-1).tolist()
    rows = []
    for flat, index in enumerate(itertools.product(*(range(n) for n in shape))):
        r, c = (0, 0) if len(shape) == 0 else ((0, index[0]) if len(shape) == 1 else index[-2:])
        panel = (
            "y" if len(shape) <= 2 else "y[" + ", ".join([*map(str, index[:-2]), ":", ":"]) + "]"
        )
        rows.append(
            {
                "panel": panel,
                "r": r,
                "c": c,
                "value": value_text(values[flat]),
                "k": storage[flat],
                "index": str(list(index)),
                "status": "picked" if index == picked else "read",
            }
        )
    df = pd.DataFrame(rows, columns=["panel", "r", "c", "value", "k", "index", "status"])
    base = alt.Chart().encode(
        x=alt.X("c:O", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("r:O", title=None),
        tooltip=[
            alt.Tooltip("index:N", title="index"),
            alt.Tooltip("value:N", title="value"),
            alt.Tooltip("k:Q", title="storage index"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=["read", "picked"], range=[READ, PICKED]),
            legend=None,
        )
    )
    value = base.mark_text(fontSize=14, fontWeight="bold", dy=-3).encode(text=alt.Text("value:N"))
    where = base.mark_text(fontSize=8, dy=11, color="#003a63").encode(
        text=alt.Text("k:Q", format="d")
    )
    size = {"width": CELL * grid2d[1], "height": CELL * grid2d[0]}
    if len(shape) > 2:  # a row of 2-D slices, four to a line
        return alt.layer(cells, value, where, **size).facet(
            facet=alt.Facet("panel:N", title=None, sort=None),
            columns=4,
            data=df,
            title=title,
            autosize="pad",
        )
    return alt.layer(cells, value, where, data=df, title=title, autosize="pad", **size)
