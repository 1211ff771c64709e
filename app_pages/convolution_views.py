"""What the convolution page draws inside its two tabs; the page itself lists its controls."""

from __future__ import annotations

import streamlit as st

from charts import convolution as charts
from lib.convolution.facts import field_facts, sweep_facts
from lib.convolution.field import field_map, parse_stack
from lib.convolution.formula import formula
from lib.convolution.readout import multiply_add
from lib.convolution.sweep import Sweep
from ui.chart import draw
from ui.page import notice, show_error
from ui.settings import presenting
from ui.text import t

WORDS = ("input", "padding", "output", "chosen", "kernel", "hole")


def say(facts) -> list[str]:
    return [t(f"convolution.{key}", **numbers) for key, numbers in facts]


def refused(problem: ValueError) -> None:
    """Our one sentence, then torch's own words for the same settings."""
    show_error(problem)
    if getattr(problem, "torch_text", None):
        st.caption(t("convolution.torch_says"))
        st.code(problem.torch_text, language=None, wrap_lines=True)


def sweep_view(sw: Sweep, cell: tuple[int, int], channel: int, pick: dict | None = None) -> None:
    """The grids, the formula beside torch's shape, the multiply-add, the cost, the notices.
    `pick`: draw()'s `key` and `on_select` for a click on an output cell."""
    big = presenting()
    words = {k: t(f"convolution.w_{k}") for k in (*WORDS, "input_title", "output_title")}
    geo = charts.layout(sw, cell)
    tall = min((44 if big else 30) * geo["rows"] + 90, 680 if big else 460)
    rows = charts.sweep_rows(sw, cell, channel, words)
    legend = tuple(words[k] for k in WORDS)
    numbers = geo["cols"] <= (40 if big else 32)
    draw(
        charts.sweep_chart,
        rows,
        rows=geo["rows"],
        cols=geo["cols"],
        words=legend,
        numbers=numbers,
        height=tall,
        large=big,
        **(pick or {}),
    )
    left, mid, right = st.columns([5, 5, 3])
    with left:
        st.markdown(f"**{t('convolution.formula_title')}**")
        sizes = f"H_out = {formula(sw.setting, 0)}\nW_out = {formula(sw.setting, 1)}"
        st.code(sizes, language=None, wrap_lines=True)
        ok = "✅" if sw.formula == sw.out_hw else "❌"
        st.markdown(t("convolution.torch_shape", shape=sw.torch_shape, ok=ok))
    with mid:
        sums, count = multiply_add(sw, cell, channel)
        st.markdown(f"**{t('convolution.madd_title', n=count)}**")
        st.code(sums, language=None, wrap_lines=True)
    with right:
        st.metric(t("convolution.weight_shape"), str(list(sw.weight_shape)))
        st.metric(t("convolution.params"), f"{sw.parameters:,}")
        st.metric(t("convolution.macs"), f"{sw.macs:,}")
    if sw.overlap is not None:
        title, most = t("convolution.overlap_title"), int(sw.overlap.max())
        draw(
            charts.overlap_chart,
            charts.overlap_rows(sw),
            title=title,
            most=most,
            height=min(tall, 360),
        )
    notice(say(sweep_facts(sw, cell)))


def field_view(stack: str, size: int) -> None:
    """The receptive field of the typed stack: autograd's map with the formula's square on it."""
    try:
        fm = field_map(parse_stack(stack), size)
    except ValueError as err:
        show_error(err)
        return
    (i, j), (oh, ow) = fm.cell, fm.out_size
    st.caption(t("convolution.field_caption", i=i, j=j, oh=oh, ow=ow))
    picture, words = st.columns([1, 1])
    with picture:
        draw(
            charts.field_chart,
            charts.field_rows(fm),
            size=size,
            grad_title=t("convolution.grad_title"),
            box_title=t("convolution.box_title"),
            height=560 if presenting() else 300,
            stretch=False,
        )
    with words:
        notice(say(field_facts(fm)))
