"""Controls of the storage page: building an op chain, picking an element, as_strided sliders;
and its two pictures, drawn from cached specs (only their rows change with the picked element)."""

from __future__ import annotations

import streamlit as st
import torch

from charts import strides as pictures
from lib.common.errors import InputError
from lib.strides import sharing
from lib.strides.ops import OPS, Step, StepResult, run_chain
from lib.strides.storage import MAX_STORAGE
from ui.chart import draw
from ui.controls import Controls
from ui.page import show_error
from ui.settings import scaled
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


def run_until_refused(x: torch.Tensor, steps: list[Step]) -> list[StepResult]:
    """Every step's result; when torch refuses an op (`.view()` on a transposed tensor), its
    sentence on screen and the steps before it, so the pictures that explain the refusal stay."""
    try:
        return run_chain(x, steps)
    except InputError as err:
        if err.key != "torch_refused":
            raise
        show_error(err)
        st.caption(t("strides.refused_shown", code=steps[err.params["k"] - 1].code))
        return run_chain(x, steps[: err.params["k"] - 1])


def why_view(y: torch.Tensor, x: torch.Tensor) -> None:
    """Why `.view(-1)` works or fails on y, and what reshape and contiguous do instead."""
    st.subheader(t("strides.why_view"))
    flat = sharing.flatten(y, x)
    if flat.view_error:
        st.markdown(t("strides.view_fails"))
        st.code(f"RuntimeError: {flat.view_error}", language="text", wrap_lines=True)
    else:
        st.markdown(t("strides.view_works"))
    shared = {True: t("strides.shares"), False: t("strides.copies")}
    reshape, contiguous = shared[flat.reshape_shares], shared[flat.contiguous_shares]
    st.markdown(t("strides.reshape_and_contiguous", reshape=reshape, contiguous=contiguous))
    if not flat.contiguous_shares:
        title = t("strides.contiguous_storage")
        storage_picture(flat.contiguous_storage, None, None, title=title, new_storage=True)


def write_through(x, steps, picked, value_text: str) -> None:
    """Writing `value_text` at y[picked] three ways: through the view, numpy, a clone."""
    try:
        writes = sharing.write_through(x, steps, picked, sharing.parse_value(value_text))
    except ValueError as err:
        return show_error(err)
    yes_no = {True: t("common.yes"), False: t("common.no")}
    rows = [
        {
            t("strides.route"): sharing.WRITE_ROUTES[w.route],
            t("strides.x_changed"): yes_no[w.x_changed],
            t("strides.x_after"): w.error or str(w.x_after.flatten().tolist()),
        }
        for w in writes
    ]
    st.table(rows, hide_index=True)


def layout_table(results: list[StepResult]) -> None:
    """After every op: what torch reports for size, stride, offset, contiguity and sharing
    (an HTML table: its type grows in presenter mode, which a canvas data grid's does not)."""
    yes_no = {True: t("common.yes"), False: t("common.no")}
    st.table(
        [
            {
                t("strides.col_op"): "x" if r.step.name == "x" else r.step.code,
                "size": str(list(r.layout.size)),
                "stride": str(list(r.layout.stride)),
                t("strides.col_bytes"): str(list(r.layout.byte_stride)),
                "storage_offset": r.layout.offset,
                "is_contiguous": yes_no[r.layout.is_contiguous],
                t("strides.col_shares"): yes_no[r.shares_storage],
            }
            for r in results
        ],
        hide_index=True,
    )


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


def storage_picture(
    storage: torch.Tensor,
    read_by: torch.Tensor | None,
    picked: int | None,
    *,
    title: str,
    new_storage: bool = False,
) -> None:
    """The storage strip: every cell of `storage`, those `read_by` reads highlighted."""
    draw(
        pictures.storage_strip,
        pictures.strip_rows(storage, read_by, picked),
        stretch=False,
        title=title,
        tips=tips(),
        cells=storage.numel(),
        new_storage=new_storage,
        cell=scaled(pictures.CELL),
    )


def grid_picture(
    y: torch.Tensor, read_by: torch.Tensor, picked: tuple[int, ...] | None, *, title: str
) -> None:
    """The logical grid of `y`: 3-D and up as a row of 2-D slices."""
    rows = pictures.grid_rows(y, read_by, picked)
    options = pictures.grid_options(tuple(y.shape))
    options["cell"] = scaled(pictures.CELL)
    draw(pictures.logical_grid, rows, stretch=False, title=title, tips=tips(), **options)


def tips() -> dict[str, str]:
    """The pictures' tooltip titles, in the reader's language."""
    return {key: t(f"strides.tip_{key}") for key in pictures.TIPS}
