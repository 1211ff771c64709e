"""The data page's other three tabs: data sets made of data sets, encodings, training loops.
Each draws its widgets on every run (their URL state survives) and computes only when open."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from charts import data as charts
from lib.data import facts
from lib.data.code import compose_snippet, encode_snippet, loops_snippet
from lib.data.compose import MAX_DATASETS, concat_index, concat_map, subset_map, two_workers
from lib.data.encode import (
    KINDS,
    MAX_CLASSES,
    MAX_DIM,
    MEMORY_ROWS,
    TABLE,
    decide,
    embedding,
    encode_column,
    memory,
    missing_unsqueeze,
    one_hot,
)
from lib.data.loader import MAX_EPOCHS, MAX_ITEMS, parse_indices
from lib.data.loops import LOOPS, MAX_LOOP_ITEMS, accumulation, train
from ui.chart import draw
from ui.controls import Controls
from ui.page import notice, show_error
from ui.panels import code_panel
from ui.settings import presenting
from ui.text import language, strings, t

WORD, FLOW = "data.c_", "data.f_"  # chart words; the flow's boxes
RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0]


def words() -> dict[str, str]:
    return {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"data.{key}", **numbers) for key, numbers in points]


@st.cache_data(max_entries=256, show_spinner=False)
def trained_one(loop: str, n: int, batch: int, epochs: int, lr: float, seed: int):
    return train(loop, n, batch, epochs, lr, seed)


def trained(n: int, batch: int, epochs: int, lr: float, seed: int):
    """Each loop cached on its own arguments: full batch and per sample ignore the mini-batch
    size, so moving that slider retrains only the two loops that use it."""
    size = {"full": n, "sample": 1}
    # At batch size 1 the mini-batch loop is the per-sample loop, step for step: same key.
    same = {"minibatch": "sample"} if batch == 1 else {}
    runs = {k: trained_one(same.get(k, k), n, size.get(k, batch), epochs, lr, seed) for k in LOOPS}
    return {k: replace(t, loop=k) for k, t in runs.items()}


def compose_view(c: Controls, open_: bool) -> None:
    a, b, d = st.columns(3)
    pick = c(a.text_input, "pick", "3, 1, 7")
    lengths_text = c(b.text_input, "lengths", "5, 3, 4")
    index = c(b.number_input, "index", -MAX_ITEMS, MAX_ITEMS - 1, 6)
    stream = c(d.slider, "stream", 2, 40, 10)
    wbatch = c(d.slider, "wbatch", 1, 10, 3)
    if not open_:
        return
    try:
        subset = subset_map(12, parse_indices(pick))
        lengths = list(parse_indices(lengths_text.replace("-", " ")))[: MAX_DATASETS + 1]
        cmap = concat_map(lengths)
    except ValueError as err:
        show_error(err)
        return
    try:
        place = concat_index(lengths, index)
    except IndexError:
        st.error(t("data.outside", index=index, total=len(cmap.cells)), icon="⚠️")
        return
    w = words()
    st.markdown(t("data.subset_map", pairs=", ".join(f"{k}→{i}" for k, i in subset)))
    draw(
        charts.concat_strip,
        charts.concat_rows(cmap.cells, index % len(cmap.cells)),
        sets=len(lengths),
        words=w,
    )
    runs = [two_workers(stream, wbatch, shard) for shard in (False, True)]
    rows = [(t(f"data.w_{r.shard}"), r.batches, []) for r in runs]
    cells = charts.grid_rows(rows, workers=[r.workers for r in runs])
    draw(charts.batch_grid, cells, n=stream, words=w, large=presenting())
    notice(say([facts.concat_fact(cmap, index, place), *facts.workers(*runs, stream)]))
    code_panel(compose_snippet(lengths, index, stream, wbatch))


def flow(path: list[str]) -> str:
    """The notes' decision chart as Graphviz, the path this column takes drawn thick."""
    said = {k[len(FLOW) :]: v for k, v in strings(language()).items() if k.startswith(FLOW)}
    w = {k: said[k.rstrip("?").replace(" ", "_").replace("-", "_")] for k in FLOW_NODES}
    on = set(path)
    lines = ["digraph { rankdir=LR; node [shape=box, style=rounded, fontsize=11];"]
    for k in FLOW_NODES:
        style = ', penwidth=3, color="#0072B2"' if k in on else ', color="#999999"'
        lines.append(f'"{k}" [label="{w[k]}"{style}];')
    for src, dst, yes in FLOW_EDGES:
        bold = src in on and dst in on and path.index(dst) == path.index(src) + 1
        lines.append(
            f'"{src}" -> "{dst}" [label="{t("common.yes") if yes else t("common.no")}"'
            + (', penwidth=3, color="#0072B2"]' if bold else ', color="#999999"]')
        )
    return "\n".join([*lines, "}"])


FLOW_NODES = [
    "continuous?",
    "ordinal?",
    "spacing meaningful?",
    "categorical?",
    "use the value",
    "one-hot or embedding",
]
FLOW_EDGES = [
    ("continuous?", "use the value", True),
    ("continuous?", "ordinal?", False),
    ("ordinal?", "spacing meaningful?", True),
    ("ordinal?", "categorical?", False),
    ("spacing meaningful?", "use the value", True),
    ("spacing meaningful?", "one-hot or embedding", False),
    ("categorical?", "one-hot or embedding", True),
]


def encode_view(c: Controls, open_: bool) -> None:
    a, b = st.columns([1, 2], gap="large")
    column = c(a.segmented_control, "column", list(TABLE), required=True, default="quality")
    spacing = c(a.toggle, "spacing", False)
    labels_text = c(a.text_input, "labels", "0, 2, 2, 5")
    classes = c(a.slider, "classes", 1, MAX_CLASSES, 8)
    dim = c(a.slider, "dim", 1, MAX_DIM, 3)
    if not open_:
        return
    with b:
        st.dataframe(TABLE, hide_index=True)
        st.graphviz_chart(flow(decide(KINDS[column], spacing)), width="stretch")
        encoded = encode_column(column, spacing)
        st.caption(t("data.encoded", column=column, shape=str(list(encoded.shape))))
        st.dataframe(encoded.tolist(), height=36 * len(encoded) + 38)
    try:
        labels = list(parse_indices(labels_text))
        hot = one_hot(labels, classes)
        look = embedding(labels, classes, dim, seed=0)
    except ValueError as err:
        show_error(err)
        return
    st.markdown(t("data.scatter", shape=str(list(hot.shape))))
    st.code(
        f"scatter_(1, target, 1.0) → RuntimeError: {missing_unsqueeze(labels, classes)}",
        language=None,
    )
    w = words()
    left, right = st.columns(2)
    with left:
        draw(charts.embedding_grads, charts.grad_rows(look.grad_rows, look.touched), words=w)
    with right:
        rows = memory(MEMORY_ROWS, dim)
        draw(charts.memory, charts.memory_rows(rows, w), words=w)
    notice(say([*facts.embedding_facts(look, classes), facts.memory_fact(rows)]))
    code_panel(encode_snippet(labels, classes, dim, 0))


def loops_view(c: Controls, open_: bool) -> None:
    a, b, d = st.columns(3)
    n = c(a.slider, "loop_n", 4, MAX_LOOP_ITEMS, 24)
    batch = c(a.slider, "loop_batch", 1, MAX_LOOP_ITEMS, 4)
    epochs = c(b.slider, "loop_epochs", 1, MAX_EPOCHS, 3)
    lr = c(b.select_slider, "lr", RATES, 0.1)
    micro = c(d.slider, "micro", 1, MAX_LOOP_ITEMS, 6)
    seed = c(d.number_input, "loop_seed", 0, 9999, 0, label=t("common.seed"))
    if not open_:
        return
    try:
        traces = trained(n, batch, epochs, lr, seed)
        acc = accumulation(n, micro, seed)
    except ValueError as err:
        show_error(err)
        return
    names = {k: t(f"data.loop_{k}") for k in LOOPS}
    rows, options = (
        charts.loss_rows(traces, names),
        dict(names=tuple(names.values()), words=words()),
    )
    for col, build in zip(
        st.columns(2), (charts.loss_per_update, charts.loss_per_epoch), strict=True
    ):
        with col:
            draw(build, rows, epochs=epochs, **options)
    st.table(
        {
            t("data.loop"): list(names.values()),
            t("data.updates"): [traces[k].updates_per_epoch for k in LOOPS],
            t("data.final_loss"): [f"{traces[k].epoch_losses[-1]:.4g}" for k in LOOPS],
        }
    )
    st.table(
        {
            "": ["dL/dw", "dL/db"],
            t("data.acc_full"): acc.full,
            t("data.acc_divided", k=acc.k): acc.divided,
            t("data.acc_plain", k=acc.k): acc.undivided,
        }
    )
    notice(say([*facts.loops_facts(traces), *facts.accumulation_facts(acc)]))
    code_panel(loops_snippet(n, batch, epochs, lr, seed, micro))
