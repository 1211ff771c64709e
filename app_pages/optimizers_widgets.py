"""Controls of the optimizers page: the optimizer slots, each a class and its keyword arguments
drawn from the table in lib.optimizers.knobs, and the surface picker that moves the start; and
the numbers of step k, one small table per run."""

from __future__ import annotations

import streamlit as st

from charts import optimizers as charts
from lib.optimizers import WINDOWS, Trajectory, knobs
from ui.controls import Controls
from ui.text import t

KINDS = ["none", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]  # torch's own class names
# The race a student sees first: plain SGD, SGD with momentum, RMSprop and Adam.
SLOTS = [
    ("SGD", {"lr": 0.15}),
    ("SGD", {"lr": 0.02, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.05}),
    ("Adam", {"lr": 0.1}),
]
WIDGETS = {"slider": st.slider, "log": st.select_slider, "toggle": st.toggle}


def new_surface() -> None:
    """A new surface starts from its own classic point (the old one may lie outside it)."""
    st.session_state.opt_x, st.session_state.opt_y = WINDOWS[st.session_state.opt_surface].start


def _knob(c: Controls, i: int, k: knobs.Knob, value):
    args = (k.options,) if k.kind == "log" else () if k.kind == "toggle" else (k.lo, k.hi)
    kw = {"value": value} | ({"step": k.step} if k.kind == "slider" else {})
    return c(WIDGETS[k.kind], f"{k.arg}{i}", *args, label=k.arg, **kw)


def slot(c: Controls, i: int) -> tuple[str, tuple[str, tuple]] | None:
    """Slot i: (label, (optimizer, torch keyword arguments as a hashable tuple)), or None.
    The class is a bound selectbox of torch's names; its arguments sit in a popover."""
    kind, preset = SLOTS[i]
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    label = t("optimizers.slot", n=i + 1)
    kind = c(a.selectbox, f"o{i}", KINDS, index=KINDS.index(kind), label=label)
    if kind == "none":
        return None
    name = kind.lower()
    start = knobs.defaults(name) | preset
    with b.popover("⚙", help=t("optimizers.hyper_help")):
        values = {k.arg: _knob(c, i, k, start[k.arg]) for k in knobs.knobs(name)}
    return f"{i + 1} · {kind}", (name, tuple(knobs.hyper(values).items()))


def step_cards(runs: dict[str, Trajectory], k: int, words: dict) -> None:
    """Step k of every run, two runs to a row: Streamlit stacks columns on a phone, so each
    run's table keeps its full width there and nothing needs sideways panning."""
    names = list(runs)
    for pair in (names[i : i + 2] for i in range(0, len(names), 2)):
        for col, name in zip(st.columns(2), pair):
            r = runs[name]
            card = charts.step_card(r, k, words["update"])
            if card is None:
                col.caption(f"**{name}** · {words['stopped']} {len(r.points) - 1}")
            else:
                col.caption(f"**{name}** · lr = {r.lrs[k]:.4g}")
                col.table(card)
