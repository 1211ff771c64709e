"""Pictures for the data page: the epochs × batches grid, ConcatDataset's index map, the loss of
the three loops, embedding gradients and memory.

Each picture comes in two halves (see charts.named): a builder of plain options whose spec the
page builds once (ui.chart.draw), and `*_rows(...)` giving its named data sets' rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from charts.theme import OKABE_ITO

ROW_STEP = 30  # pixels per row of the grid
# Fit the width only: Streamlit's default ("fit") counts legend and axes in the height.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
GAP = 0.35
MIN_TEXT_CELL = 15  # pixels  # empty width between two batches, in cells
DROPPED = "#BBBBBB"
LOSS = (1e-3, 1e2)  # loss axis (log): the lesson is orders of magnitude; beyond it is clipped
LOOP_COLOURS = dict(zip(("full", "sample", "minibatch", "notes"), OKABE_ITO, strict=False))
Words = Mapping[str, str]


def grid_rows(rows: Sequence[tuple[str, list[list[int]], list[int]]], labels=None, workers=None):
    """One cell per sample: (row name, its batches, the indices it dropped). A cell's x is its
    place in the row with a gap after each batch; dropped indices come last, after a gap."""
    cells = []
    for r, (name, batches, dropped) in enumerate(rows):
        x = 0.0
        for b, batch in enumerate(batches):
            for s, i in enumerate(batch):
                label = labels(i) if labels else None
                worker = workers[r][b] if workers else None
                cells.append((name, r, x, b + 1, s, i, label, worker, False))
                x += 1
            x += GAP
        for s, i in enumerate(dropped):
            cells.append((name, r, x + GAP, 0, s, i, labels(i) if labels else None, None, True))
            x += 1
    cols = ["row", "order", "x", "batch", "slot", "index", "label", "worker", "dropped"]
    df = pd.DataFrame(cells, columns=cols)
    df["x2"] = df["x"] + 0.92
    # No spec reads `worker`: it is shipped only where it means something (the workers' grid)
    return {"cells": df if workers else df.drop(columns="worker")}


def batch_grid(
    n: int, words: Words, colour: str = "index", numbers: bool = True, large: bool = False
) -> alt.LayerChart:
    """Rows (epochs, or worker set-ups) × samples in the order the loader yielded them, batches
    separated by a gap; colour says which index (or which label) a cell holds. `large` is
    presenter mode: taller rows and bigger numbers."""
    base = alt.Chart(alt.NamedData("cells"))
    y = alt.Y(
        "row:N",
        title=None,
        sort=alt.EncodingSortField("order"),
        axis=alt.Axis(labelLimit=260 if large else 160),
    )
    x = alt.X("x:Q", axis=None, scale=alt.Scale(nice=False, zero=True))
    tips = [
        alt.Tooltip("row:N", title=words["row"]),
        alt.Tooltip("batch:Q", title=words["batch"]),
        alt.Tooltip("slot:Q", title=words["slot"]),
        alt.Tooltip("index:Q", title=words["index"]),
        alt.Tooltip("label:Q", title=words["label"]),
    ]
    if colour == "label":
        fill = alt.Color(
            "label:N",
            title=words["label"],
            scale=alt.Scale(domain=[0, 1], range=[OKABE_ITO[0], OKABE_ITO[1]]),
        )
    else:
        fill = alt.Color(
            "index:Q",
            title=words["index"],
            scale=alt.Scale(scheme="viridis", domain=[0, max(n - 1, 1)]),
            legend=alt.Legend(orient="bottom", gradientLength=220),
        )
    kept = base.transform_filter("!datum.dropped").mark_rect(cornerRadius=2)
    kept = kept.encode(x=x, x2="x2:Q", y=y, color=fill, tooltip=tips)
    lost = base.transform_filter("datum.dropped").mark_rect(
        color=DROPPED, strokeDash=[3, 2], stroke="#555555", cornerRadius=2
    )
    lost = lost.encode(x=x, x2="x2:Q", y=y, tooltip=[*tips[:1], tips[3]])
    layers = [kept, lost]
    if numbers:
        mid = alt.X("mid:Q", axis=None, scale=alt.Scale(nice=False, zero=True))
        text = base.transform_calculate(mid="(datum.x + datum.x2) / 2").mark_text(
            fontSize=15 if large else 10
        )
        dark = f"datum.index < {0.55 * n}" if colour == "index" else "datum.label == 0"
        light = alt.condition(f"!datum.dropped && {dark}", alt.value("white"), alt.value("black"))
        # Numbers only where a cell is wide enough for them (a phone shrinks the cells).
        wide = alt.condition(
            f"scale('x', 1) - scale('x', 0) >= {MIN_TEXT_CELL}", alt.value(1), alt.value(0)
        )
        layers.append(text.encode(x=mid, y=y, text="index:Q", color=light, opacity=wide))
    # A band scale needs a step: a fixed height on a discrete axis collapses in Streamlit 1.67.
    return alt.layer(*layers).properties(
        height=alt.Step(ROW_STEP * (1.5 if large else 1)), width="container", autosize=FIT_X
    )


def concat_rows(
    cells: Sequence[tuple[int, int, int]], picked: int, chain: Sequence[tuple[int, int, int]] = ()
):
    """ConcatDataset's (global index, data set, local index) cells, the picked one outlined, and
    under them ChainDataset's (place in the stream, data set, local index): nothing to pick."""
    df = pd.DataFrame([*cells, *chain], columns=["global", "dataset", "local"])
    df["picked"] = [g == picked for g, _, _ in cells] + [False] * len(chain)
    df["row"] = ["ConcatDataset"] * len(cells) + ["ChainDataset"] * len(chain)
    return {"concat": df}


def concat_strip(sets: int, words: Words, large: bool = False) -> alt.LayerChart:
    """Global indices 0..N−1 coloured by the data set they come from, each labelled with its
    local index; the picked one outlined. `large` is presenter mode: taller cells, bigger
    numbers."""
    base = alt.Chart(alt.NamedData("concat"))
    x = alt.X("global:O", title=words["global"], axis=alt.Axis(labelAngle=0, labelOverlap=True))
    colour = alt.Color(
        "dataset:N",
        title=words["dataset"],
        scale=alt.Scale(domain=list(range(sets)), range=OKABE_ITO[:sets]),
        legend=alt.Legend(orient="bottom"),
    )
    tips = ["global:Q", "dataset:Q", "local:Q"]
    rows = alt.Axis(labelLimit=260)  # "ConcatDataset" whole, at a projector's font size too
    y = alt.Y("row:N", title=None, sort=["ConcatDataset", "ChainDataset"], axis=rows)
    cells = base.mark_rect(stroke="black").encode(
        x=x,
        y=y,
        color=colour,
        strokeWidth=alt.condition("datum.picked", alt.value(3), alt.value(0)),
        tooltip=tips,
    )
    text = base.mark_text(fontSize=16 if large else 11).encode(x=x, y=y, text="local:Q")
    step = alt.Step(46 if large else 34)
    return alt.layer(cells, text).properties(height=step, width="container", autosize=FIT_X)


def loss_rows(traces: Mapping[str, object], names: Words):
    steps, epochs = [], []
    for loop, tr in traces.items():
        per = tr.updates_per_epoch
        for u, v in enumerate(tr.update_losses):
            steps.append((names[loop], loop, (u + 1) / per, u + 1, v))
        for e, v in enumerate(tr.epoch_losses):
            epochs.append((names[loop], loop, e, v))
    return {
        "updates": pd.DataFrame(steps, columns=["loop", "key", "epoch", "update", "loss"]),
        "epochs": pd.DataFrame(epochs, columns=["loop", "key", "epoch", "loss"]),
    }


def _loop_colour(names: Sequence[str]) -> alt.Color:
    return alt.Color(
        "loop:N",
        title=None,
        sort=list(names),
        scale=alt.Scale(domain=list(names), range=list(LOOP_COLOURS.values())[: len(names)]),
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
    )


def _loss_y(words: Words) -> alt.Y:
    return alt.Y(
        "loss:Q", title=words["loss"], scale=alt.Scale(type="log", domain=list(LOSS), clamp=True)
    )


def loss_per_update(epochs: int, names: Sequence[str], words: Words) -> alt.LayerChart:
    """The loss each optimizer step was taken on, against epochs of data seen; `names` are the
    loops' translated names in the order of lib.data.loops.LOOPS."""
    x = alt.X("epoch:Q", title=words["seen"], scale=alt.Scale(domain=[0, epochs]))
    line = (
        alt.Chart(alt.NamedData("updates"), title=words["per_update"])
        .mark_line(point=alt.OverlayMarkDef(size=14), strokeWidth=1.5)
        .encode(x=x, y=_loss_y(words), color=_loop_colour(names), tooltip=LOSS_TIPS)
    )
    return alt.layer(line).properties(width="container", height=260, autosize=FIT_X)


def loss_per_epoch(epochs: int, names: Sequence[str], words: Words) -> alt.LayerChart:
    """The whole data set's loss before training and after each epoch, same colours and axis."""
    x = alt.X(
        "epoch:Q",
        title=words["epoch"],
        scale=alt.Scale(domain=[0, epochs]),
        axis=alt.Axis(tickMinStep=1),
    )
    line = (
        alt.Chart(alt.NamedData("epochs"), title=words["per_epoch"])
        .mark_line(point=True)
        .encode(
            x=x,
            y=_loss_y(words),
            color=_loop_colour(names),
            tooltip=["loop:N", "epoch:Q", "loss:Q"],
        )
    )
    return alt.layer(line).properties(width="container", height=260, autosize=FIT_X)


LOSS_TIPS = ["loop:N", "update:Q", "loss:Q"]


def grad_rows(grads: Sequence[float], touched: Sequence[int]):
    df = pd.DataFrame({"row": range(len(grads)), "grad": grads})
    df["looked_up"] = df["row"].isin(list(touched))
    return {"grads": df}


def embedding_grads(words: Words) -> alt.LayerChart:
    """|grad| of each row of the embedding weight after one backward: zero unless looked up."""
    return alt.layer(
        alt.Chart(alt.NamedData("grads"))
        .mark_bar()
        .encode(
            x=alt.X("row:O", title=words["row_v"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("grad:Q", title=words["grad"]),
            color=alt.Color(
                "looked_up:N",
                title=words["looked_up"],
                scale=alt.Scale(domain=[True, False], range=[OKABE_ITO[2], DROPPED]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["row:Q", "grad:Q", "looked_up:N"],
        )
    ).properties(height=200, width="container", autosize=FIT_X)


def memory_rows(rows: Sequence[tuple[int, int, int]], words: Words):
    out = []
    for v, hot, table in rows:
        out += [(v, words["one_hot"], hot), (v, words["embedding"], table)]
    return {"memory": pd.DataFrame(out, columns=["vocabulary", "encoding", "bytes"])}


def memory(words: Words) -> alt.LayerChart:
    """Bytes of both encodings against the vocabulary, both axes logarithmic."""
    return alt.layer(
        alt.Chart(alt.NamedData("memory"))
        .mark_line(point=True)
        .encode(
            x=alt.X("vocabulary:Q", title=words["vocabulary"], scale=alt.Scale(type="log")),
            y=alt.Y("bytes:Q", title=words["bytes"], scale=alt.Scale(type="log")),
            color=alt.Color(
                "encoding:N",
                title=None,
                scale=alt.Scale(range=[OKABE_ITO[3], OKABE_ITO[0]]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["encoding:N", "vocabulary:Q", alt.Tooltip("bytes:Q", format=",")],
        )
    ).properties(height=200, width="container", autosize=FIT_X)


SAID_BATCHES = 8  # batches quoted per row at most: enough to hear the order, short enough to read


def _batches(cells: list[tuple[int, int]]) -> str:
    """`[0, 1, 2] [3, 4, 5] …` from a row's kept (batch, index) cells in order."""
    groups = [[i for _, i in g] for _, g in itertools.groupby(cells, key=lambda c: c[0])]
    said = " ".join(str(g) for g in groups[:SAID_BATCHES])
    return said + (" …" if len(groups) > SAID_BATCHES else "")


@describes(batch_grid)
def describe_batch_grid(data, /, *, n: int, words: Words, colour: str = "index", **_) -> Sentence:
    """Each row's batches of indices in the order the loader yielded them, and what it dropped.
    Plain lists, not a pandas group per batch: a 200-item grid has 335 batches per redraw."""
    cells = data["cells"]
    rows: dict[int, tuple[str, list[tuple[int, int]], list[int]]] = {}
    columns = (cells[k].tolist() for k in ("order", "x", "row", "batch", "index", "dropped"))
    for order, _, name, batch, index, dropped in sorted(zip(*columns, strict=True), key=_place):
        _, kept, lost = rows.setdefault(order, (name, [], []))
        if dropped:
            lost.append(int(index))
        else:
            kept.append((batch, int(index)))
    said = tuple(
        Sentence(
            "data.describe.grid_row_dropped" if lost else "data.describe.grid_row",
            {"row": name, "batches": _batches(kept), "dropped": tuple(map(str, lost))},
        )
        for name, kept, lost in rows.values()
    )
    key = "data.describe.grid_label" if colour == "label" else "data.describe.grid"
    return Sentence(key, {"n": n - 1, "rows": said})  # the colour scale runs over 0 … n − 1


def _place(cell: tuple) -> tuple:
    """A cell's row, then its place in the row (grid_rows already yields them in this order)."""
    return cell[:2]


@describes(concat_strip)
def describe_concat(data, /, *, sets: int, words: Words, **_) -> Sentence:
    """Which global indices each data set covers, and where the picked one comes from."""
    both = data["concat"]
    c = both[both["row"] == "ConcatDataset"]
    spans = tuple(
        Sentence(
            "data.describe.concat_span",
            {"set": int(d), "first": int(one["global"].min()), "last": int(one["global"].max())},
        )
        for d, one in c.groupby("dataset", sort=True)
    )
    picked = c[c["picked"]].iloc[0]
    chained = (both["row"] == "ChainDataset").any()
    return Sentence(
        "data.describe.concat_chain" if chained else "data.describe.concat",
        {
            "n": len(c),
            "spans": spans,
            "picked": int(picked["global"]),
            "set": int(picked["dataset"]),
            "local": int(picked["local"]),
        },
    )


def _finals(table: pd.DataFrame, count: str) -> tuple[Sentence, ...]:
    last = table.loc[table.groupby("loop", sort=False)[count].idxmax()]
    return tuple(
        Sentence("data.describe.final", {"loop": loop, "loss": float(loss), "n": int(n)})
        for loop, loss, n in zip(last["loop"], last["loss"], last[count], strict=True)
    )


@describes(loss_per_update)
def describe_loss_per_update(
    data, /, *, epochs: int, names: Sequence[str], words: Words
) -> Sentence:
    """Each loop's last loss and how many updates it made in the same epochs."""
    return Sentence(
        "data.describe.per_update", {"epochs": epochs, "finals": _finals(data["updates"], "update")}
    )


@describes(loss_per_epoch)
def describe_loss_per_epoch(
    data, /, *, epochs: int, names: Sequence[str], words: Words
) -> Sentence:
    """Each loop's loss after its last epoch."""
    e = data["epochs"]
    last = e.loc[e.groupby("loop", sort=False)["epoch"].idxmax()]
    finals = tuple(
        Sentence("data.describe.final_epoch", {"loop": loop, "loss": float(loss)})
        for loop, loss in zip(last["loop"], last["loss"], strict=True)
    )
    return Sentence("data.describe.per_epoch", {"epochs": epochs, "finals": finals})


@describes(embedding_grads)
def describe_embedding_grads(data, /, *, words: Words) -> Sentence:
    """Which rows got a gradient (the looked-up ones) and how large; the others' largest |grad|."""
    g = data["grads"]
    hit, rest = g[g["looked_up"]], g[~g["looked_up"]]
    return Sentence(
        "data.describe.embedding",
        {
            "rows": len(g),
            "hit": tuple(
                f"{int(r)} ({v:.3g})" for r, v in zip(hit["row"], hit["grad"], strict=True)
            ),
            "rest": len(rest),
            "rest_max": float(rest["grad"].abs().max()) if len(rest) else 0.0,
        },
    )


@describes(memory)
def describe_memory(data, /, *, words: Words) -> Sentence:
    """Both encodings' bytes at the largest vocabulary drawn."""
    m = data["memory"]
    top = m[m["vocabulary"] == m["vocabulary"].max()].set_index("encoding")["bytes"]
    return Sentence(
        "data.describe.memory",
        {
            "vocabulary": int(m["vocabulary"].max()),
            "one_hot": words["one_hot"],
            "embedding": words["embedding"],
            "hot_bytes": int(top[words["one_hot"]]),
            "table_bytes": int(top[words["embedding"]]),
        },
    )
