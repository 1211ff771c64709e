"""Controls of the storage page: building an op chain, picking an element, as_strided sliders."""

from __future__ import annotations

import streamlit as st

from lib.strides.ops import OPS
from lib.strides.storage import MAX_STORAGE
from ui.controls import Controls
from ui.text import t

# One click away from each lesson; the chain box stays editable.
EXAMPLES = {
    "transpose": ".t()",
    "every_other": "[:, ::2]",
    "row": "[1]",
    "expand": "[None, 0].expand(3, 4)",
    "unfold": "[0].unfold(0, 2, 1)",
    "diagonal": ".diagonal()",
    "view_fails": ".t().view(-1)",
    "contiguous": ".t().contiguous().view(-1)",
}


def chain_builder(key: str) -> None:
    """Append ops to the chain text box without typing Python, or load an example chain."""

    def append() -> None:
        op, args = st.session_state[f"{key}_op"], st.session_state[f"{key}_args"].strip()
        st.session_state[key] = st.session_state.get(key, "") + (
            f"[{args}]" if op == "[ ]" else f".{op}({args})"
        )

    def load_example() -> None:
        chosen = st.session_state[f"{key}_example"]
        if chosen:
            st.session_state[key] = EXAMPLES[chosen]

    st.pills(
        t("strides.examples"),
        list(EXAMPLES),
        key=f"{key}_example",
        format_func=lambda k: t(f"strides.example_{k}"),
        on_change=load_example,
    )
    # Folded away: the pictures come first, and typing in the chain box does the same.
    with st.expander(t("strides.add_op"), icon="➕"):
        op_col, args_col, add_col, clear_col = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
        op_col.selectbox(t("strides.add_op"), [*OPS, "[ ]"], key=f"{key}_op")
        args_col.text_input(t("strides.add_args"), "0, 1", key=f"{key}_args")
        add_col.button(t("strides.append"), on_click=append, key=f"{key}_append")
        clear = lambda: st.session_state.update({key: ""})  # noqa: E731
        clear_col.button(t("strides.clear"), on_click=clear, key=f"{key}_clear")


def index_picker(shape: tuple[int, ...], bound: Controls, name: str) -> tuple[int, ...] | None:
    """One slider per dim; None when the view has no elements."""
    if 0 in shape:
        return None
    index = []
    columns = st.columns(max(len(shape), 1))
    for d, n in enumerate(shape):
        key = f"{bound.prefix}{name}{d}"
        if n == 1:
            index.append(0)
            continue
        if st.session_state.get(key, 0) > n - 1:  # the shape shrank under the slider
            st.session_state[key] = n - 1
        index.append(bound(columns[d].slider, f"{name}{d}", 0, n - 1, 0, label=f"index[{d}]"))
    return tuple(index)


def strided_controls(bound: Controls) -> tuple[int, tuple[int, ...], tuple[int, ...], int]:
    """Storage size, dims, and per-dim size/stride sliders plus the offset, for as_strided."""
    top = st.columns(3)
    n = bound(top[0].slider, "as_n", 1, MAX_STORAGE, 12, words="storage_size")
    dims = bound(top[1].radio, "as_dims", [1, 2, 3], index=1, horizontal=True, words="dims")
    offset = bound(top[2].slider, "as_offset", 0, MAX_STORAGE, 0, label="storage_offset")
    size, stride = [], []
    for d, (size0, stride0) in enumerate([(3, 4), (4, 1), (1, 1)][:dims]):
        a, b = st.columns(2)
        size.append(bound(a.slider, f"as_size{d}", 0, 8, size0, label=f"size[{d}]"))
        stride.append(bound(b.slider, f"as_stride{d}", 0, 16, stride0, label=f"stride[{d}]"))
    return n, tuple(size), tuple(stride), offset
