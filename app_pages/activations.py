"""Activation functions: sensitive and saturated regions, and what they do to gradients."""

import streamlit as st

from app_pages.activations_widgets import curve, measured, network
from charts import activations as charts
from charts import activations_network as nets
from charts.activations_properties import properties_frame
from lib.activations import curves as act
from lib.activations.code import function_snippet, neuron_snippet
from lib.activations.facts import curve_facts, network_facts, neuron_facts, table_facts
from lib.activations.network import MAX_DEPTH, MAX_SEED, MAX_WIDTH, snippet
from lib.activations.neuron import neuron
from lib.activations.quiz import layer_quiz, point_quiz
from ui.chart import draw
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.tabs import view_tabs
from ui.text import language, strings, t

VIEWS = ("curves", "properties", "neuron", "network")
FNS = ["sigmoid", "tanh", "relu"]
WORD = "activations.c_"  # chart words and table headers


def say(keys: list[str], facts: dict, **extra) -> None:
    notice([t(f"activations.{k}", **facts, **extra) for k in keys])


def curves_view() -> None:
    curves = []
    for n in names:
        try:
            curves.append(curve(n, lo, hi, thr, P[n]))
        except ValueError as err:
            show_error(err)
    if not curves:
        return
    at_x0 = {c.name: act.at_point(c.name, x0, params[c.name]) for c in curves}
    looks = {"names": tuple(c.name for c in curves), "lo": lo, "hi": hi, "text": W}
    for field, rows in charts.function_rows(curves, at_x0, x0, thr, W).items():
        draw(charts.function_chart, rows, field=field, **looks)
    draw(charts.strip_chart, charts.strip_rows(curves, W), **looks)
    facts = curve_facts(curves[0], x0)
    say(["n_share", "n_point", "n_peak"], facts, where=W[facts["region"]])
    code_panel(function_snippet([c.name for c in curves], params, lo, hi, x0, thr))
    q = point_quiz(curves[0].name, lo, hi, thr, params[curves[0].name])
    if q:
        ask = t("activations.q_point", name=curves[0].name, kind=W[q.kind], thr=thr)
        why = t("activations.q_point_why", thr=thr, slopes=q.why)
        check_yourself("act_q_point", ask, q.labels, q.answer_label, why)


def properties_view() -> None:
    rows = []
    for n in act.NAMES:
        try:
            rows.append(measured(n, P.get(n, ())))
        except ValueError as err:  # hardtanh with min_val >= max_val
            show_error(err)
    st.dataframe(properties_frame(rows, W), hide_index=True, height=35 * len(rows) + 38)
    say(["n_measured", "n_centred", "n_kinks"], table_facts(rows))


def neuron_view() -> None:
    a, b = st.columns(2)
    w = bound(a.slider, "w", -5.0, 5.0, 1.0, 0.1)
    bias = bound(b.slider, "b", -10.0, 10.0, 0.0, 0.1)
    try:
        unit = neuron(first, w, bias, lo, hi, thr, params[first])
        plain = neuron(first, 1.0, 0.0, lo, hi, thr, params[first])
    except ValueError as err:
        show_error(err)
        return
    for field, rows in charts.neuron_rows(unit, plain, W).items():
        draw(charts.neuron_chart, rows, field=field, lo=lo, hi=hi, text=W)
    say(["n_unit", "n_stretch" if w else "n_zero_w", "n_slope"], neuron_facts(unit, plain))
    code_panel(neuron_snippet(first, params[first], w, bias, lo, hi, thr))


def network_view() -> None:
    explanation("activations_network")
    cols = st.columns(4)
    depth = bound(cols[0].slider, "depth", 1, MAX_DEPTH, 10)
    width = bound(cols[1].slider, "width", 1, MAX_WIDTH, 64)
    tip = t("activations.init_help")
    scale = bound(cols[2].slider, "scale", 0.1, 4.0, 1.0, 0.05, words="init_scale", help=tip)
    seed = bound(cols[3].number_input, "seed", 0, MAX_SEED, 0, label=t("common.seed"))
    try:
        net = network(first, P[first], depth, width, scale, thr, int(seed), lo, hi)
        shape = curve(first, lo, hi, thr, P[first])
    except ValueError as err:
        show_error(err)
        return
    st.caption(t("activations.net_caption", name=first, depth=depth, width=width))
    draw(nets.shape_chart, nets.shape_rows(shape, W), lo=lo, hi=hi, text=W)
    draw(nets.histogram_chart, nets.histogram_rows(net, shape), layers=depth, lo=lo, hi=hi, text=W)
    a, b = st.columns(2)
    with a:
        draw(nets.share_chart, nets.share_rows(net, W), layers=depth, text=W)
    with b:
        draw(nets.gradient_chart, nets.gradient_rows(net), layers=depth, text=W)
    facts = network_facts(net)
    say(["n_grad", f"n_verdict_{facts['verdict']}", "n_sat", "n_spread"], facts)
    code_panel(snippet(net.config))
    q = layer_quiz(net)
    opts = [t("activations.layer_n", n=k) for k in q.options]
    why = t("activations.q_layer_why", norms=q.why)
    check_yourself(
        "act_q_layer", t("activations.q_layer"), opts, opts[q.options.index(q.answer)], why
    )


header("activations")
left, right = st.columns([3, 2])
bound = Controls("activations", "act_")
choose = t("common.choose")
names = bound(
    left.multiselect, "fns", act.NAMES, FNS, max_selections=3, words="functions", placeholder=choose
)
lo, hi = bound(left.slider, "x", -20.0, 20.0, (-6.0, 6.0), 0.5, words="x_range")
thr = bound(right.slider, "thr", 0.01, 0.5, 0.1, 0.01, words="threshold")
x0 = bound(right.slider, "x0", -20.0, 20.0, 1.0, 0.1, words="point")
tunable = [(n, p) for n in names for p in act.CATALOGUE[n].params]
params: dict[str, dict[str, float]] = {n: {} for n in names}
for col, (n, p) in zip(st.columns(max(len(tunable), 3)), tunable, strict=False):
    label = f"{n} · {p.name}"
    params[n][p.name] = bound(col.slider, p.key[4:], p.lo, p.hi, p.default, p.step, label=label)
P = {n: tuple(v.items()) for n, v in params.items()}  # hashable, for the caches
if not names:
    st.info(t("activations.pick_one"))
    st.stop()
try:
    act.check_range(lo, hi)
except ValueError as err:
    show_error(err)
    st.stop()
W = {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}
first = names[0]
tabs = view_tabs("activations", VIEWS, "act_tab", param="act_view")
# Each view is a fragment: a move of its own controls reruns that view, not the whole page.
for tab, view in zip(tabs, (curves_view, properties_view, neuron_view, network_view), strict=True):
    with tab:
        if tab.open:
            st.fragment(view)()
explanation("activations")  # under the pictures: they come first
