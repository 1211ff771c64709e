"""The optimizers page's torch runs, cached for the whole class: thirty students opening the
lecturer's link ask the same question, and torch answers it once."""

from __future__ import annotations

import streamlit as st

from charts import optimizers as charts
from lib import optimizers as opt


@st.cache_data(max_entries=64, show_spinner=False)  # a 500-step run pickles to ~60 kB
def run(surface, name, start, steps, hyper, zero_grad=True, schedule="none", extra=()):
    kw = dict(extra + hyper)
    return opt.trajectory(surface, name, start, steps, zero_grad, schedule=schedule, **kw)


@st.cache_data(max_entries=64, show_spinner=False)  # shared: a class opening one link
def race(surface, racers, start, steps, extra=()):
    """The slots' runs computed together (one backward pass per step for all of them)."""
    together = opt.trajectories(
        surface, [(o, dict(h)) for o, h in racers], start, steps, **dict(extra)
    )
    return dict(zip(racers, together))


@st.cache_data(max_entries=16, show_spinner=False)
def cells(surface: str, kappa: float):
    return charts.cell_rows(opt.grid(surface, kappa), opt.WINDOWS[surface])
