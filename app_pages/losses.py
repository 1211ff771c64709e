"""The loss zoo: every torch.nn loss the notes list, its curve, gradient, reductions and traps."""

import streamlit as st

from app_pages.losses_widgets import curve_data, curve_of, errors_of, option_controls, say
from charts import losses as charts
from lib import losses as L
from lib.losses import facts
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import language, strings, t

# Tab names are torch's own words and formulas, the same in every language (bound to the URL).
TABS = ["L(x), ∂L/∂x", "reduction", "target", "⚠️ BCE · KL · (N, 1) · sum"]
TRAPS = ("BCELoss(sigmoid(z))", "KLDivLoss(q, p)", "MSELoss((N, 1), (N,))", "reduction='sum'")
WORD, SOFTMAX = "losses.c_", "app_pages/softmax.py"
QUIZ_DELTA = "loss_quiz_delta"  # session state: the Huber δ the quiz was written for


# A tab with controls is a fragment: a move of them reruns that tab, not the page and the quiz.
def curves_view() -> None:
    left, right = picture_last_columns("losses", [1, 3], gap="medium")
    names = c(left.multiselect, "names", L.NAMES, L.FIRST, max_selections=L.MAX_CURVES)
    y = c(left.slider, "y", -3.0, 3.0, 1.0, 0.1)
    label = c(left.segmented_control, "label", [1, -1], default=1, required=True)
    x0 = c(left.slider, "x0", -L.X_LIMIT, L.X_LIMIT, 3.0, 0.05)
    opts = {n: option_controls(c, left, n) for n in names}
    huber = float(opts["HuberLoss"]["delta"]) if "HuberLoss" in opts else 1.0
    if st.session_state.setdefault(QUIZ_DELTA, huber) != huber:  # the quiz below is about it
        st.session_state[QUIZ_DELTA] = huber
        st.rerun()  # the whole page: a fragment's rerun would leave the quiz's answer stale
    if tab[0].open:
        with right:
            if not names:
                st.info(t("losses.pick_one"))
            curves = [k for n in names if (k := errors_of(curve_of, n, y, label, opts[n]))]
            points = [L.point(k.name, x0, y, label, opts[k.name]) for k in curves]
            if curves:
                shown = tuple(k.name for k in curves)
                lo, hi = L.domain(list(shown))
                looks = dict(names=shown, lo=lo, hi=hi, text=W, height=tall)
                rows = curve_data(points, shown, y, label, opts)
                for field in ("loss", "grad"):
                    draw(charts.curve_chart, rows, field=field, **looks)
                notice(say(facts.curve(curves, points)))
                code_panel(L.curve_snippet(shown, x0, y, label, opts))
            if {"CrossEntropyLoss", "NLLLoss"} & set(names):
                st.page_link(SOFTMAX, label=t("losses.to_softmax"), icon="🎯")


def reduction_view() -> None:
    a, b, d = st.columns(3)
    name = c(a.selectbox, "bench", L.NAMES, index=0)
    n = c(b.slider, "n", 1, L.MAX_BATCH, 4)
    seed = c(d.number_input, "seed", 0, L.MAX_SEED, 0, label=t("common.seed"))
    bench_opts = option_controls(c, st, name, "b_")
    typed = st.columns(2)  # on a phone the two boxes stay together, below the batch controls
    p_text = c(typed[0].text_input, "pred", "", max_chars=L.MAX_TEXT)
    y_text = c(typed[1].text_input, "target", "", max_chars=L.MAX_TEXT)
    if tab[1].open:
        data = errors_of(L.batch, name, n, int(seed), p_text, y_text)
        if data and (result := errors_of(L.bench, name, *data, bench_opts)):
            st.code(f"prediction = {result.prediction}\ntarget = {result.target}", wrap_lines=True)
            heads = [W["reduction"], W["value"]]
            st.table(charts.reduction_frame(result.reduced, heads), hide_index=True)
            st.code(f"reduction='none' → {L.rounded(result.per_element)}", wrap_lines=True)
            for said in result.warnings:
                st.warning(t("losses.torch_warns", text=said), icon="⚠️")
            notice(say(facts.bench(result)))
            code_panel(L.bench_snippet(name, result.prediction, result.target, bench_opts))


def traps_view() -> None:
    trap = TRAPS.index(c(st.segmented_control, "trap", TRAPS, default=TRAPS[0], required=True))
    if trap == 0:
        a, b = st.columns([3, 1])
        z = c(a.slider, "z", -L.Z_LIMIT, L.Z_LIMIT, 100.0, 0.5)
        ylab = c(b.segmented_control, "bce_y", [0.0, 1.0], default=0.0, required=True)
        if tab[3].open:
            sweep = L.logits_sweep(ylab)
            draw(charts.trap_chart, charts.trap_rows(sweep, z, W), text=W, height=tall)
            notice(say(facts.logits(L.logits_trap(z, ylab), sweep)))
            code_panel(L.trap_snippet(0, z=z, label=ylab))
    elif trap == 1:
        share = c(st.slider, "kl_q", 0.01, 0.99, 0.2, 0.01)
        if tab[3].open:
            notice(say(facts.kl(L.kl_trap(share))))
            code_panel(L.trap_snippet(1, share=share))
    elif trap == 2:
        size = c(st.slider, "bc_n", 2, 8, 4)
        if tab[3].open:
            r = L.broadcast_trap(size)
            st.warning(t("losses.torch_warns", text=r.warning), icon="⚠️")
            notice(say(facts.broadcast(r)))
            code_panel(L.trap_snippet(2, n=size))
            st.page_link("app_pages/broadcasting.py", label=t("losses.to_broadcasting"), icon="📡")
    elif tab[3].open:
        r = L.sum_trap()
        draw(charts.batch_chart, charts.batch_rows(r.sizes, r.mean, r.sum, W), text=W, height=tall)
        notice(say(facts.batch(r)))
        code_panel(L.trap_snippet(3))


header("losses")
c = Controls("losses", "loss_")
W = {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}
tall = 330 if presenting() else 250
tab = st.tabs(TABS, key="loss_tab", on_change="rerun", bind="query-params")

with tab[0]:
    st.fragment(curves_view)()
with tab[1]:
    st.fragment(reduction_view)()
with tab[2]:
    if tab[2].open:
        f = L.formats()
        st.markdown(t("losses.formats_intro"))
        st.code("\n".join(f"{k:>13} = {v}" for k, v in f.targets.items()), language="python")
        st.dataframe(charts.formats_frame(f, L.FORMAT_LOSSES, W["refused"]))
        with st.expander(t("losses.torch_errors")):
            for cell in (x for x in f.cells if x.error):
                st.markdown(f"- **{cell.loss}** · `{cell.format}`: `{cell.error}`")
        notice(say(facts.formats(f)))
        code_panel(L.formats_snippet(f.logits, f.targets, L.FORMAT_LOSSES))
        st.page_link(SOFTMAX, label=t("losses.to_softmax"), icon="🎯")

with tab[3]:
    st.fragment(traps_view)()
with st.expander(t("losses.catalogue"), icon="📚"):
    explanation("losses")
    uses = {name: t(f"losses.{spec.use_for}") for name, spec in L.LOSSES.items()}
    st.dataframe(charts.catalogue_frame(L.LOSSES, uses, W["heads"].split("|")), hide_index=True)

delta = st.session_state[QUIZ_DELTA]  # the Huber curve's δ, if drawn
options = [*L.CANDIDATES, t("losses.none_of_them")]
answer = dict(zip([*L.CANDIDATES, "none"], options, strict=True))[L.quiz_answer(delta)]
why = t("losses.check_why", numbers=facts.growth(L.growth(delta)))
check_yourself("loss_q", t("losses.check_q"), options, answer, why)
