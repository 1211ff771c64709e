"""Optimizers: real torch.optim runs down a 2-D loss surface, with optimizer.state read back."""

import streamlit as st

from app_pages.optimizers_runs import cells, race, run
from app_pages.optimizers_widgets import new_surface, slot, step_cards
from charts import optimizers as charts
from lib import optimizers as opt
from lib.optimizers import facts, knobs
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import t

TABS = ["race", "zero_grad()", "weight_decay", "lr_scheduler", "state_dict"]


def say(points) -> list[str]:
    return [t(f"optimizers.{key}", **nums) for key, nums in points]


header("optimizers")
c = Controls("optimizers", "opt_")
words = {w: t(f"optimizers.w_{w}") for w in ("level", "loss", "run", "step", "stopped", "update")}
left, view = picture_last_columns("optimizers", [1, 3], gap="medium")
with left:
    surface = c(st.selectbox, "surface", list(opt.SURFACES), on_change=new_surface)
    window, extra = opt.WINDOWS[surface], ()
    if surface == "quadratic":
        extra = (("kappa", c(st.slider, "kappa", 1.0, opt.MAX_KAPPA, 10.0, 1.0)),)
    elif surface == "noisy":
        extra = (("noise", c(st.slider, "noise", 0.0, opt.MAX_NOISE, 1.0, 0.1)),)
        extra += (("seed", c(st.number_input, "seed", 0, 9999, 0, label=t("common.seed"))),)
    x0 = c(st.slider, "x", -5.0, 5.0, window.start[0], 0.05, label="x₀")
    y0 = c(st.slider, "y", -5.0, 5.0, window.start[1], 0.05, label="y₀")
    steps = c(st.slider, "steps", 1, opt.MAX_STEPS, 100)
    if st.session_state.get("opt_k", 0) > steps - 1:
        st.session_state.opt_k = steps - 1
    k = c(st.slider, "k", 0, max(steps - 1, 1), 0, disabled=steps == 1)
    chosen = dict(filter(None, (slot(c, i) for i in range(4))))
    focus = (
        c(st.selectbox, "focus", list(chosen), index=max(len(chosen) - 1, 0)) if chosen else None
    )
start, kappa = (x0, y0), dict(extra).get("kappa", 10.0)
if not chosen:
    view.info(t("optimizers.pick_one"))
    st.stop()
try:
    done = race(surface, tuple(chosen.values()), start, steps, extra)
    runs = {name: done[racer] for name, racer in chosen.items()}
except ValueError as err:
    with view:
        show_error(err)
    st.stop()
first_label, (first, first_hyper) = focus, chosen[focus]
big, gap = presenting(), t("optimizers.gap")
minima = charts.minima_rows(window, t("optimizers.minimum"))
look = {"x": window.x, "y": window.y, "words": words, "height": 680 if big else 540}


def picture(paths: dict) -> None:
    rows = {"opt_cells": cells(surface, kappa), "opt_minima": minima} | charts.path_rows(paths, k)
    draw(charts.surface, rows, **look)


def lines(series: dict, title: str = gap, log=True, fixed_top=False, mark=None) -> None:
    rows = charts.line_rows(series, k if mark is None else mark, log=log)
    top = charts.log_top(series) if fixed_top else None
    kw = {"words": words, "height": 440 if big else 320, "steps": steps, "top": top}
    draw(charts.per_step, rows, y_title=title, log=log, **kw)


def first_run(**kw):
    return run(surface, first, start, steps, first_hyper, extra=extra, **kw)


with view:
    tab = st.tabs(TABS, key="opt_tab", on_change="rerun", bind="query-params")
with tab[0]:
    if tab[0].open:
        picture(runs)
        lines(charts.gaps(runs, window.lowest), fixed_top=True)
        step_cards(runs, k, words)
        notice(say(facts.race(surface, runs) + facts.at_step(first_label, runs[first_label], k)))
with tab[1]:
    if tab[1].open:
        pair = {t("optimizers.with_zero"): runs[first_label]}
        pair[t("optimizers.without_zero")] = first_run(zero_grad=False)
        picture(pair)
        lines(charts.grad_norms(pair), "|p.grad|")
        notice(say(facts.forgotten(*pair.values()) + facts.race(surface, pair)))
with tab[2]:
    wd = c(st.slider, "wd", 0.0, 1.0, 0.1, 0.01, label="weight_decay λ")
    lr = c(st.select_slider, "wd_lr", knobs.LRS, value=0.1, label="lr")
    if tab[2].open:
        same = (("lr", lr), ("weight_decay", wd))
        done = race(surface, tuple((n.lower(), same) for n in opt.DECAYS), start, steps, extra)
        trio = {n: done[(n.lower(), same)] for n in opt.DECAYS}
        picture(trio)
        notice(say(facts.decay(trio, wd) + facts.race(surface, trio)))
with tab[3]:
    sched = c(st.segmented_control, "sched", opt.SCHEDULES[1:], default="CosineAnnealingLR")
    if tab[3].open and sched:
        both = {f"{first_label} · {sched}": first_run(schedule=sched)}
        both[first_label] = runs[first_label]
        a, b = st.columns(2)
        with a:
            lines({n: r.lrs for n, r in both.items()}, "lr", log=False)
        with b:
            lines(charts.gaps(both, window.lowest), fixed_top=True)
        notice(say(facts.schedule(sched, *reversed(both.values()))))
with tab[4]:
    at = c(st.slider, "at", 1, max(steps - 1, 2), min(50, max(steps - 1, 1)))
    if tab[4].open:
        try:
            r = opt.resume_matches(surface, first, start, steps, at, **dict(extra + first_hyper))
        except ValueError as err:
            show_error(err)
        else:
            three = {t(f"optimizers.{w}"): getattr(r, w) for w in opt.RESUME_RUNS}
            lines(charts.gaps(three, window.lowest), fixed_top=True, mark=at)  # the checkpoint
            a, b = st.columns(2)
            a.table(charts.keys_table(r.model_keys, "model.state_dict()"))
            b.table(charts.keys_table(r.optimizer_keys, "optimizer.state_dict()"))
            st.code(facts.strict_report(r))
            notice(say(facts.resumed(r)) + [t("optimizers.n_bytes", n=r.nbytes)])

explanation("optimizers")
plain = {name: (o, dict(h)) for name, (o, h) in chosen.items()}
code_panel(opt.snippet(surface, plain, start, steps, **dict(extra)))
q = facts.quiz(surface, runs)
options, none = [*runs, t("optimizers.none_reach")], t("optimizers.none_reach")
why = t("optimizers.check_why", **q.why)
check_yourself("opt_check", t("optimizers.check_q", steps=steps), options, q.answer or none, why)
