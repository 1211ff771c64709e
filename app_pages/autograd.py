"""Autograd: the graph torch records, backward(), .grad that adds up, and switching it off."""

import streamlit as st

from app_pages.autograd_widgets import inputs
from charts import autograd as charts
from lib.autograd import facts
from lib.autograd.accumulate import MAX_CALLS, grads_after_calls, second_call
from lib.autograd.code import snippet
from lib.autograd.graph import arriving, trace
from lib.autograd.modes import LABELS, inplace_trap, readbacks
from lib.autograd.parse import functions
from lib.autograd.quiz import two_calls
from lib.autograd.update import EPOCHS, LOOP, MAX_LR, listing, loop, sgd_step
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import t

# Tab names are torch's own words, the same in every language, so a shared link opens one.
TABS = ["grad_fn graph", "backward() × k", "no_grad · detach", "in-place", "optim.SGD"]


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"autograd.{key}", **numbers) for key, numbers in points]


def words(*keys: str) -> dict[str, str]:
    return {k.split("_", 1)[-1]: t(f"autograd.{k}") for k in keys}


def graph_view(traced) -> int | None:
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


header("autograd")
c = Controls("autograd", "ag_")
controls, view = picture_last_columns("autograd", [1, 2.3], gap="medium")
with controls:
    expr, values, wanted = inputs(c)
try:
    traced = trace(expr, values, wanted)
except ValueError as err:
    with controls:
        show_error(err)
    st.stop()

with view:
    tab = st.tabs(TABS, key="ag_tab", on_change="rerun", bind="query-params")
with tab[0]:
    clicked = graph_view(traced) if tab[0].open else None
    names = [f"#{i} {n.leaf + '.grad' if n.leaf else n.name}" for i, n in enumerate(traced.nodes)]
    if clicked in range(len(names)) and st.session_state.get("ag_clicked") != (expr, clicked):
        st.session_state.ag_clicked = (expr, clicked)  # a new click, not the one shown before
        st.session_state.ag_node = names[clicked]
    picked = c(st.selectbox, "node", names, index=len(names) - 1) if names else None
    if tab[0].open:
        if picked:
            chain_view(traced, names.index(picked))
        notice(say(facts.graph(traced, "detach" in functions(expr.tree))))
with tab[1]:
    calls = c(st.slider, "calls", 1, MAX_CALLS, 3)
    if tab[1].open:
        kept = grads_after_calls(expr, values, calls, False, wanted)
        zeroed = grads_after_calls(expr, values, calls, True, wanted)
        runs = {t("autograd.run_kept"): kept, t("autograd.run_zeroed"): zeroed}
        titles = words("acc_x", "acc_y", "acc_run")
        draw(charts.accumulation, charts.accumulation_rows(runs), x_title=titles["x"],
             y_title=titles["y"], run_title=titles["run"])  # fmt: skip
        st.table(charts.grads_table(runs, t("autograd.col_call")), hide_index=True)
        notice(say(facts.accumulation(kept, zeroed)))
        st.markdown(f"**{t('autograd.second_title')}**")
        second = second_call(expr, values, wanted)
        st.markdown(say([facts.second(second)])[0])
        if second is not None and second.error:
            st.code(second.error, language=None, wrap_lines=True)
        if second is not None:
            leaf = next(iter(second.once), expr.leaves[0])
            twice, once = (facts.numbers(g.get(leaf)) for g in (second.twice_retained, second.once))
            st.markdown(t("autograd.second_ok", leaf=leaf, twice=twice, once=once))
with tab[2]:
    if tab[2].open:
        rows = readbacks(expr, values, wanted)
        cols = words("col_mode", "col_backward") | {"ran": t("autograd.backward_ran")}
        st.table(charts.modes_table(rows, LABELS, cols), hide_index=True)
        notice(say(facts.modes(rows)))
with tab[3]:
    if tab[3].open:
        trap = inplace_trap(expr, values, wanted)
        if trap is not None:
            st.markdown(t("autograd.trap_intro", code=trap.tensor[:80]))
            st.code(trap.error or t("autograd.trap_ran"), language=None, wrap_lines=True)
        notice(say([facts.trap(trap)]))
with tab[4]:
    lr = c(st.select_slider, "lr", [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, MAX_LR], 0.01)
    line = c(st.slider, "line", 1, EPOCHS * len(LOOP), 3)
    if tab[4].open:
        try:
            step, moments = sgd_step(expr, values, lr, wanted), loop(expr, values, lr, wanted)
        except ValueError as err:
            show_error(err)
        else:
            cols = words("col_tensor", "col_before", "col_hand", "col_sgd", "col_loss") | {
                "now": t("autograd.now")
            }
            st.table(charts.step_table(step, cols), hide_index=True)
            notice(say(facts.update(step)))
            m = moments[line - 1]
            st.code(listing(expr, not traced.shape, m.epoch, m.line), language="python")
            st.table(charts.moment_table(m, cols), hide_index=True)

explanation("autograd")
code_panel(snippet(expr, values, wanted, calls))
quiz = two_calls(expr, values, wanted)
question = t("autograd.check_q", leaf=quiz.leaf, index=quiz.index)
why = t(f"autograd.{quiz.why}", leaf=quiz.leaf, answer=quiz.answer, once=quiz.once)
check_yourself("ag_check", question, quiz.options, quiz.answer, why)
