"""What the storage page says about a chain: torch's refusal, the layout after every op, why
`.view(-1)` works or fails, and a write through the view."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st
import torch

from app_pages.strides_pictures import storage_picture
from lib.common.errors import InputError
from lib.strides import sharing
from lib.strides.ops import Step, StepResult, run_chain
from ui.page import show_error
from ui.text import t


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


def layout_table(results: list[StepResult]) -> None:
    """After every op: what torch reports for size, stride, offset, contiguity and sharing
    (an HTML table: its type grows in presenter mode, which a canvas data grid's does not)."""
    yes_no = {True: t("common.yes"), False: t("common.no")}
    st.table(
        rows_of(
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
            ]
        ),
        hide_index=True,
    )


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
    st.table(rows_of(rows), hide_index=True)


def rows_of(rows: list[dict]) -> pa.Table:
    """A small table's rows as Arrow, which Streamlit ships as it is: from a list of dicts it
    builds a pandas frame first, and that conversion was a good part of an index move."""
    return pa.Table.from_pylist(rows)
