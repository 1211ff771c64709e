"""The autograd page's graph tab: torch's recorded graph as a clickable picture, and the chain
rule at the node picked in it."""

from __future__ import annotations

import streamlit as st

from charts import autograd as charts
from lib.autograd import facts
from lib.autograd.graph import arriving
from ui.chart import draw
from ui.settings import presenting
from ui.text import t


def words(*keys: str) -> dict[str, str]:
    return {k.split("_", 1)[-1]: t(f"autograd.{k}") for k in keys}


def graph_view(traced, expr) -> int | None:
    """The picture: torch's own graph, output at the top, AccumulateGrad nodes at the bottom.
    Returns the index of the box last clicked, if any."""
    value, shape = facts.numbers(traced.output), str(traced.shape or "()")
    st.markdown(t("autograd.output", target=expr.target, value=value, shape=shape))
    if traced.nodes:
        kinds = [t(f"autograd.kind_{k}") for k in charts.KINDS]
        tips = words("tip_code", "tip_value", "tip_grad", "tip_sent", "tip_local", "tip_slot")
        rows = charts.graph_rows(traced, dict(zip(charts.KINDS, kinds, strict=True)))
        layers, large = charts.layers(traced), presenting()
        event = draw(charts.graph, rows, kinds=kinds, tips=tips, layers=layers, large=large,
                     on_select="rerun", key="ag_graph")  # fmt: skip
        st.caption(t("autograd.graph_caption"))
        points = event.selection.get(charts.PICK, []) if event else []
        return points[0].get("id") if points else None
    return None


def chain_view(traced, i: int) -> None:
    """The chain rule at node i, with torch's numbers."""
    node = traced.nodes[i]
    if i == 0:
        st.markdown(t("autograd.chain_root", grad=facts.numbers(node.grad)))
        return
    cols = words("col_above", "col_upstream", "col_local", "col_sent")
    st.table(charts.chain_table(traced, i, cols), hide_index=True)
    total, grad = facts.numbers(arriving(traced, i)), facts.numbers(node.grad)
    st.markdown(t("autograd.chain_sum", sum=total, code=node.code[:80], grad=grad))
