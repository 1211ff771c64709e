"""Storage, stride & offset: one flat block of memory, read through many (size, stride, offset)."""

import streamlit as st

from app_pages.strides_pictures import grid_picture, storage_picture
from app_pages.strides_views import layout_table, run_until_refused, why_view, write_through
from app_pages.strides_widgets import chain_builder, index_picker, strided_controls
from lib.common.shapes import parse_shape
from lib.strides import ops as op_chain
from lib.strides import storage as strides
from lib.strides.quiz import stride_question
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.tabs import view_tabs
from ui.text import t


# Each tab is a fragment: a move of its controls reruns that tab, not the header and the other tab.
def chain_view() -> None:
    """The chain tab: a base tensor, an op chain, and what torch reports after every op."""
    left, mid, right = st.columns([1, 1, 2])
    shape_text = bound(left.text_input, "shape", "3, 4")
    dtype = bound(mid.selectbox, "dtype", list(strides.DTYPES), label=t("common.dtype"))
    chain_text = bound(right.text_input, "ops", ".t()", words="chain")
    chain_builder("s_ops")
    try:
        shape = parse_shape(shape_text, max_dims=strides.MAX_DIMS, max_elements=strides.MAX_STORAGE)
        x = op_chain.base_tensor(shape, dtype)
        steps = op_chain.parse_chain(chain_text)
        results = run_until_refused(x, steps)
    except ValueError as err:
        show_error(err)
        results = None
    if not results:
        return
    y = results[-1].tensor
    pictures = st.container()  # picked_view draws the index sliders, the pictures and the address
    layout_table(results)
    explanation("strides")
    why_view(y, x)
    st.subheader(t("strides.write_title"))
    value_text = bound(st.text_input, "write", "99", words="write_value")
    written = st.container()  # and here the write through the view at the picked element
    done = steps[: len(results) - 1], results[-1].shares_storage
    st.fragment(picked_view)(pictures, written, x, y, *done, value_text)

    last = results[-1].layout
    notice(
        [
            t(
                "strides.notice_layout",
                size=list(last.size),
                stride=list(last.stride),
                offset=last.offset,
                bytes=list(last.byte_stride),
            ),
            t("strides.notice_shares") if results[-1].shares_storage else t("strides.notice_copy"),
            t("strides.notice_contiguous")
            if last.is_contiguous
            else t("strides.notice_not_contiguous"),
        ]
    )
    code_panel(op_chain.snippet(shape, dtype, steps[: len(results) - 1]))
    q = stride_question(y)
    check_yourself(
        "s_quiz",
        t(f"strides.quiz_{q.kind}"),
        q.options,
        q.answer,
        t(f"strides.quiz_{q.kind}_why", answer=q.answer),
    )


# A fragment inside the chain's, drawing into two of its containers: an index move redraws the
# picked element's pictures, address and write, not the table, prose and quiz it does not change.
def picked_view(pictures, written, x, y, steps, shared: bool, value_text: str) -> None:
    """The element the index sliders pick: its cell in storage and in the grid, its address,
    and (in `written`) writing `value_text` there through the view, a copy and numpy."""
    with pictures:
        picked = index_picker(tuple(y.shape), bound, "i")
        terms, k = strides.element_address(y, picked) if y.numel() else ([], None)
        own = "strides.storage_of_x" if shared else "strides.storage_new"
        read_by = strides.reads(y)
        storage_picture(strides.storage_of(y), read_by, k, title=t(own), new_storage=not shared)
        grid_picture(y, read_by, picked, title=t("strides.grid_title"))
        if picked is not None and y.numel():
            sums = " + ".join(f"{i}·{s}" for i, s in terms) or "0"
            value, offset = y[picked].item(), y.storage_offset()
            address = dict(index=list(picked), offset=offset, sums=sums, k=k, value=value)
            st.markdown(t("strides.address", **address))
    if y.numel() and picked is not None:
        with written:
            write_through(x, steps, picked, value_text)


def free_view() -> None:
    """The free tab: any (size, stride, offset) over a storage, read with as_strided."""
    st.markdown(t("strides.free_intro"))
    n, size, stride, offset = strided_controls(bound)
    try:
        strides.check_view(n, size, stride, offset)
    except ValueError as err:
        show_error(err)
    else:
        if free_tab.open:  # its widgets keep their URL state; only the open tab draws
            storage = strides.make_storage(n, "int64")
            view = storage.as_strided(size, stride, offset)
            read_by = strides.reads(view)
            storage_picture(storage, read_by, None, title=t("strides.storage_of_x"))
            grid_picture(view, read_by, None, title=t("strides.grid_title"))
            code_panel(strides.as_strided_snippet(n, size, stride, offset))


header("strides")
bound = Controls("strides", "s_")
chain_tab, free_tab = view_tabs("strides", ("chain", "free"), "s_tab", param="s_view")
with chain_tab:
    st.fragment(chain_view)()
with free_tab:
    st.fragment(free_view)()
