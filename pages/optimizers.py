"""Optimizers: real torch.optim runs down a 2-D loss surface, with optimizer.state read back."""

import streamlit as st

from charts import optimizers as charts
from lib import optimizers as opt
from lib.optimizers import facts
from ui.chart import draw
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import t

KINDS = ["none", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]  # torch's class names
SLOTS = [("SGD", 0.15, 0.0), ("SGD", 0.02, 0.9), ("RMSprop", 0.05, 0.0), ("Adam", 0.1, 0.0)]
LRS = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.5, 1.0, 2.0, 5.0]
EPS = [1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1]
SLIDERS = {
    "dampening": (0.0, 0.99, 0.0),
    "alpha": (0.5, 0.999, 0.99),
    "weight_decay": (0.0, 1.0, 0.0),
}
TABS = ["race", "zero_grad()", "weight_decay", "lr_scheduler", "state_dict"]


@st.cache_data(max_entries=256, show_spinner=False)
def run(surface, name, start, steps, hyper, zero_grad=True, schedule="none", extra=()):
    return opt.trajectory(
        surface, name, start, steps, zero_grad, schedule=schedule, **dict(extra + hyper)
    )


@st.cache_data(max_entries=16, show_spinner=False)
def cells(surface: str, kappa: float):
    return charts.cell_rows(opt.grid(surface, kappa), opt.WINDOWS[surface])


def new_surface() -> None:
    st.session_state.opt_x, st.session_state.opt_y = opt.WINDOWS[st.session_state.opt_surface].start


def slot(i: int, where) -> tuple[str, tuple] | None:
    """One optimizer: its class, and its torch keyword arguments in a popover."""
    kind0, lr0, mom0 = SLOTS[i]
    a, b = where.columns([3, 1], vertical_alignment="bottom")
    kind = c(
        a.selectbox, f"o{i}", KINDS, index=KINDS.index(kind0), label=t("optimizers.slot", n=i + 1)
    )
    if kind == "none":
        return None
    name, hyper = kind.lower(), {}
    with b.popover("⚙", help=t("optimizers.hyper_help")):
        hyper["lr"] = c(st.select_slider, f"lr{i}", LRS, value=lr0, label="lr")
        for h in opt.HYPER[name][1:]:
            if h == "betas":
                hyper[h] = (
                    c(st.slider, f"b1_{i}", 0.0, 0.999, 0.9, 0.001, label="beta1"),
                    c(
                        st.slider,
                        f"b2_{i}",
                        0.5,
                        0.9999,
                        0.999,
                        0.0001,
                        label="beta2",
                        format="%.4f",
                    ),
                )
            elif h == "eps":
                hyper[h] = c(
                    st.select_slider,
                    f"eps{i}",
                    EPS,
                    value=1e-8 if name != "adagrad" else 1e-10,
                    label=h,
                )
            elif h == "nesterov":
                hyper[h] = c(st.toggle, f"nest{i}", value=False, label=h)
            elif h == "momentum":
                hyper[h] = c(st.slider, f"mom{i}", 0.0, 0.99, mom0, 0.01, label=h)
            else:
                lo, hi, v = SLIDERS[h]
                hyper[h] = c(st.slider, f"{h[:4]}{i}", lo, hi, v, 0.001, label=h)
    return f"{i + 1} · {kind}", (name, tuple(hyper.items()))


def say(points) -> list[str]:
    return [t(f"optimizers.{key}", **nums) for key, nums in points]


header("optimizers")
c = Controls("optimizers", "opt_")
big = presenting()
words = {w: t(f"optimizers.w_{w}") for w in ("level", "loss", "run", "step", "stopped", "update")}
left, view = st.columns([1, 3], gap="medium")
with left:
    surface = c(st.selectbox, "surface", list(opt.SURFACES), on_change=new_surface)
    window, extra = opt.WINDOWS[surface], ()
    if surface == "quadratic":
        extra = (("kappa", c(st.slider, "kappa", 1.0, opt.MAX_KAPPA, 10.0, 1.0)),)
    elif surface == "noisy":
        extra = (
            ("noise", c(st.slider, "noise", 0.0, opt.MAX_NOISE, 1.0, 0.1)),
            ("seed", c(st.number_input, "seed", 0, 9999, 0, label=t("common.seed"))),
        )
    x0 = c(st.slider, "x", -5.0, 5.0, window.start[0], 0.05, label="x₀")
    y0 = c(st.slider, "y", -5.0, 5.0, window.start[1], 0.05, label="y₀")
    steps = c(st.slider, "steps", 1, opt.MAX_STEPS, 100)
    if st.session_state.get("opt_k", 0) > steps - 1:
        st.session_state.opt_k = steps - 1
    k = c(st.slider, "k", 0, max(steps - 1, 1), 0, disabled=steps == 1)
    chosen = dict(filter(None, (slot(i, st) for i in range(len(SLOTS)))))
start, kappa = (x0, y0), dict(extra).get("kappa", 10.0)
if not chosen:
    view.info(t("optimizers.pick_one"))
    st.stop()
try:
    runs = {
        label: run(surface, n, start, steps, h, extra=extra) for label, (n, h) in chosen.items()
    }
except ValueError as err:
    with view:
        show_error(err)
    st.stop()
first_label, (first, first_hyper) = next(iter(chosen.items()))
minima = charts.minima_rows(window, t("optimizers.minimum"))
look = {"x": window.x, "y": window.y, "words": words, "height": 560 if big else 430}
tall = {"words": words, "height": 340 if big else 230, "steps": steps}


def picture(paths: dict, k: int) -> None:
    draw(
        charts.surface,
        {"opt_cells": cells(surface, kappa), "opt_minima": minima} | charts.path_rows(paths, k),
        **look,
    )


def lines(series: dict, title: str, log: bool = True) -> None:
    draw(charts.per_step, charts.line_rows(series, k, log=log), y_title=title, log=log, **tall)


with view:
    tab = st.tabs(TABS, key="opt_tab", on_change="rerun", bind="query-params")
with tab[0]:
    if tab[0].open:
        picture(runs, k)
        lines(
            {n: [v - window.lowest for v in r.losses] for n, r in runs.items()}, t("optimizers.gap")
        )
        st.table(charts.state_table(runs, k, words))
        notice(say(facts.race(surface, runs) + facts.at_step(first_label, runs[first_label], k)))
with tab[1]:
    if tab[1].open:
        pair = {
            t("optimizers.with_zero"): runs[first_label],
            t("optimizers.without_zero"): run(
                surface, first, start, steps, first_hyper, False, extra=extra
            ),
        }
        picture(pair, k)
        lines({n: [abs(complex(*g)) for g in r.grads] for n, r in pair.items()}, "|p.grad|")
        notice(say(facts.forgotten(*pair.values())))
with tab[2]:
    wd = c(st.slider, "wd", 0.0, 1.0, 0.1, 0.01, label="weight_decay λ")
    wd_lr = c(st.select_slider, "wd_lr", LRS, value=0.1, label="lr")
    if tab[2].open:
        trio = {
            cls: run(
                surface,
                cls.lower(),
                start,
                steps,
                (("lr", wd_lr), ("weight_decay", wd)),
                extra=extra,
            )
            for cls in ("SGD", "Adam", "AdamW")
        }
        picture(trio, k)
        notice(say(facts.decay(trio, wd)))
with tab[3]:
    sched = c(
        st.segmented_control, "sched", opt.SCHEDULES[1:], default="CosineAnnealingLR", required=True
    )
    if tab[3].open:
        both = {
            f"{first_label} · {sched}": run(
                surface, first, start, steps, first_hyper, True, sched, extra
            ),
            first_label: runs[first_label],
        }
        a, b = st.columns(2)
        with a:
            lines({n: r.lrs for n, r in both.items()}, "lr", log=False)
        with b:
            lines(
                {n: [v - window.lowest for v in r.losses] for n, r in both.items()},
                t("optimizers.gap"),
            )
        notice(say(facts.schedule(sched, *reversed(both.values()))))
with tab[4]:
    at = c(st.slider, "at", 1, max(steps - 1, 2), min(50, max(steps - 1, 1)))
    if tab[4].open:
        try:
            r = opt.resume_matches(
                surface, first, start, steps, at, kappa=kappa, **dict(first_hyper)
            )
        except ValueError as err:
            show_error(err)
        else:
            three = {
                t(f"optimizers.{w}"): getattr(r, w) for w in ("straight", "resumed", "weights_only")
            }
            lines(
                {n: [v - window.lowest for v in x.losses] for n, x in three.items()},
                t("optimizers.gap"),
            )
            a, b = st.columns(2)
            a.dataframe(
                {"model.state_dict()": list(r.model_keys), "shape": map(str, r.model_keys.values())}
            )
            b.dataframe(
                {
                    "optimizer.state_dict()": list(r.optimizer_keys),
                    "": map(str, r.optimizer_keys.values()),
                }
            )
            st.code(
                f"model.load_state_dict({{'module.xy': ...}}, strict=False)\n"
                f"# missing_keys={r.missing}, unexpected_keys={r.unexpected}"
            )
            notice(say(facts.resumed(r)) + [t("optimizers.n_bytes", n=r.nbytes)])

explanation("optimizers")
code_panel(
    opt.snippet(
        surface, {n: (o, dict(h)) for n, (o, h) in chosen.items()}, start, steps, **dict(extra)
    )
)
q = facts.quiz(surface, runs)
check_yourself(
    "opt_check",
    t("optimizers.check_q", steps=steps),
    [*runs, t("optimizers.none_reach")],
    q.answer or t("optimizers.none_reach"),
    t("optimizers.check_why", **q.why),
)
