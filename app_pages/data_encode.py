"""The data page's encodings tab: the notes' decision chart as a flow, one-hot by `scatter_`
beside `F.one_hot`, `nn.Embedding` beside `one_hot @ W` and the memory of both."""

from __future__ import annotations

import streamlit as st

from app_pages.data_text import say, words
from charts import data as charts
from lib.data import facts
from lib.data.code import encode_snippet
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
from lib.data.loader import parse_indices
from ui.chart import draw
from ui.controls import Controls
from ui.page import notice, show_error
from ui.panels import code_panel
from ui.text import language, strings, t

FLOW = "data.f_"  # the flow's boxes' keys start so


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
