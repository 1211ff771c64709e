"""Softmax and log-softmax, NLLLoss and CrossEntropyLoss: every claim computed live by torch."""

import streamlit as st

from app_pages.softmax_widgets import logit_controls, set_logits
from charts import softmax as charts
from charts import softmax_tables as tables
from lib.softmax import facts
from lib.softmax import formulas as sm
from lib.softmax.code import snippet
from lib.softmax.losses import MAX_BATCH, REDUCTIONS, LossOptions, bench, parse_weight
from lib.softmax.parse import DTYPES
from ui.chart import draw
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import scaled
from ui.text import t

DEFAULT = "2, 1, 0.1, -1"
PRESETS = {"overflow": "100, 99, 95", "underflow": "-120, -125, -130", "tiny": "0, -20, -120"}
TEMPERATURES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0]
# Tab names are formulas, the same in every language, so a shared link can open one (bound).
# Bound buttons whose labels are stable technical names: the URL keeps what is shown.
PICK = {"required": True, "wrap": True}
TABS = ["softmax", "log-sum-exp", "z + c, k·z", "CrossEntropyLoss", "∂L/∂u"]


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"softmax.{key}", **numbers) for key, numbers in points]


# The logits above the tabs drive every tab, the code panel and the question: the page below the
# header is one fragment, so a move reruns it, not the app's router, sidebar and header.
def lesson() -> None:
    bound = Controls("softmax", "sm_")
    names = {k: t(f"softmax.{k}") for k in charts.NAMES}
    tall = scaled(340)  # a projector needs room for its larger type
    controls, view = st.columns([1, 3], gap="large")
    with controls:
        z = logit_controls(bound, DEFAULT)
        T = bound(st.select_slider, "temp", TEMPERATURES, 1.0, words="temperature")
        y = bound(st.segmented_control, "y", range(len(z)), words="target", **PICK, default=0)
        dtype_pick = dict(label=t("common.dtype"), **PICK, default="float32")
        dtype = bound(st.segmented_control, "dtype", DTYPES, **dtype_pick)

    r = sm.compare(z, T, DTYPES[dtype])
    read = sm.readout(r, y)
    with view:
        tab = bound.tabs(TABS, "tab", on_change="rerun")
    # Widgets are drawn in every tab on every run (so their URL state survives); charts and tables
    # only in the open one, because building a chart spec is most of a redraw's time.
    with tab[0]:
        if tab[0].open:
            left, right = st.columns(2)
            with left:
                draw(
                    charts.probabilities,
                    charts.probability_rows(r, names),
                    names=names,
                    height=tall,
                )
            with right:
                rows = charts.log_probability_rows(r, names)
                floor = charts.log_floor(r)  # -5, -20 or -100: ordinary logits are not squashed
                draw(charts.log_probabilities, rows, names=names, height=tall, floor=floor)
            for col, (label, value) in zip(st.columns(4), facts.metrics(read, y), strict=True):
                col.metric(label, value)
            notice(say(facts.distribution(r, read, y, T)))
    with tab[1]:
        st.caption(t("softmax.presets"))
        buttons = [*PRESETS.items(), ("reset", DEFAULT)]
        for col, (name, text) in zip(st.columns(len(buttons)), buttons, strict=True):
            label, key = t(f"softmax.preset_{name}"), f"sm_preset_{name}"
            col.button(
                label, key=key, on_click=set_logits, args=(text,), help=text, width="stretch"
            )
        if tab[1].open:
            st.table(tables.steps_table(r, names["class"]), hide_index=True)
            st.markdown(say([facts.steps(r)])[0])
            notice(say(facts.stability(r)))
    with tab[2]:
        a, b = st.columns(2)
        shift = bound(a.slider, "shift", -50.0, 50.0, 5.0, step=0.5)
        factor = bound(b.slider, "factor", 0.0, 5.0, 2.0, step=0.1)
        if tab[2].open:
            inv = sm.invariance(r, shift, factor)
            draw(charts.invariance, charts.invariance_rows(inv), names=names, height=tall)
            notice(say(facts.invariances(inv)))
    with tab[3]:
        c1, c2, c3 = st.columns(3)
        batch = bound(c1.slider, "batch", 1, MAX_BATCH, 4)
        seed = bound(c1.number_input, "seed", 0, 9999, 0, label=t("common.seed"))
        weight = bound(c2.text_input, "weight", "", label="weight")
        classes = [-100, *range(len(z))]  # -100: torch's default, which matches no class
        ignore = bound(c2.selectbox, "ignore", classes, label="ignore_index")
        eps = bound(
            c3.slider, "smooth", 0.0, 1.0, 0.0, 0.05, label="label_smoothing", words="smoothing"
        )
        reduction = bound(
            st.segmented_control, "reduction", REDUCTIONS, label="reduction", **PICK, default="mean"
        )
        try:  # the bench only for the open tab; its options are the code panel's too
            options = LossOptions(parse_weight(weight, len(z)), ignore, eps, reduction)
            losses = bench(r.scaled, y, batch, seed, options) if tab[3].open else None
        except ValueError as err:
            show_error(err)
            options, losses = LossOptions(), None
        if losses is not None and tab[3].open:
            st.table(tables.samples_table(losses, t("softmax.ignored"), ""), hide_index=True)
            verdicts = {k: t(f"softmax.verdict_{k}") for k in tables.VERDICTS}
            st.table(tables.ways_table(losses, verdicts), hide_index=True)
            notice(say(facts.losses(losses, tables.vector(losses.cross_entropy))))
    with tab[4]:
        if tab[4].open:
            grad = sm.gradient(r, y, eps)
            draw(charts.gradient, charts.gradient_rows(grad, y), names=names, height=tall)
            notice(say(facts.gradient(grad, read, y, eps)))

    explanation("softmax")  # under the pictures: they come first
    kw = dict(batch=batch, seed=seed, options=options, shift=shift, factor=factor)
    code_panel(snippet(z, T, dtype, y, **kw))
    outcome, why = facts.check(z, T, dtype)
    answers = {o: t(f"softmax.check_{o}") for o in facts.OUTCOMES}
    question = t("softmax.check_q", dtype=facts.OTHER_DTYPE[dtype])
    check_yourself("sm_check", question, list(answers.values()), answers[outcome], say([why])[0])


header("softmax")
st.fragment(lesson)()
