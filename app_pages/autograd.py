"""Autograd: the graph torch records, backward(), .grad that adds up, and switching it off."""

import streamlit as st

from app_pages.autograd_views import chain_view, graph_view, words
from app_pages.autograd_widgets import inputs, question_of, second_of
from charts import autograd as charts
from lib.autograd import facts
from lib.autograd.accumulate import MAX_CALLS, grads_after_calls
from lib.autograd.code import snippet
from lib.autograd.graph import trace
from lib.autograd.modes import LABELS, inplace_trap, readbacks
from lib.autograd.parse import functions
from lib.autograd.update import EPOCHS, LOOP, MAX_LR, listing, loop, sgd_step
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.text import t

# Tab names are torch's own words, the same in every language, so a shared link opens one.
TABS = ["grad_fn graph", "backward() × k", "no_grad · detach", "in-place", "optim.SGD"]


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"autograd.{key}", **numbers) for key, numbers in points]


# The inputs above the tabs and the calls slider in a tab both drive the code panel and the
# question below: the page under the header is one fragment, so a move reruns it, not the app's
# router, sidebar and header.
def lesson() -> None:
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
        clicked = graph_view(traced, expr) if tab[0].open else None
        names = [
            f"#{i} {n.leaf + '.grad' if n.leaf else n.name}" for i, n in enumerate(traced.nodes)
        ]
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
            second = second_of((expr.target, expr.text), values, tuple(wanted), expr)
            st.markdown(say([facts.second(second)])[0])
            if second is not None and second.error:
                st.code(second.error, language=None, wrap_lines=True)
            if second is not None:
                leaf = next(iter(second.once), expr.leaves[0])
                twice, once = (
                    facts.numbers(g.get(leaf)) for g in (second.twice_retained, second.once)
                )
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
    quiz = question_of((expr.target, expr.text), values, tuple(wanted), expr)
    question = t("autograd.check_q", leaf=quiz.leaf, index=quiz.index)
    why = t(f"autograd.{quiz.why}", leaf=quiz.leaf, answer=quiz.answer, once=quiz.once)
    check_yourself("ag_check", question, quiz.options, quiz.answer, why)


header("autograd")
st.fragment(lesson)()
