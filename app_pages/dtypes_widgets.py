"""The dtypes page's helpers: its cached computations and the few lines every tab repeats."""

from __future__ import annotations

import streamlit as st

from lib import dtypes as dt
from ui.page import notice, show_error
from ui.text import t


@st.cache_data(max_entries=64, show_spinner=False)
def accumulated(count: int, step: float) -> dt.Accumulation:
    return dt.accumulate(count, step)


@st.cache_resource(show_spinner=False)
def spacings() -> list[dt.Spacing]:
    return [dt.spacing(n) for n in dt.FLOATS]


def say(points: list[tuple[str, dict]]) -> None:
    notice([t(f"dtypes.{key}", **numbers) for key, numbers in points])


def metrics(pairs: list[tuple[str, str]], W: dict[str, str]) -> None:
    for col, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        col.metric(W.get(label, label), value)


def set_number(text: str) -> None:
    st.session_state.dt_x = text


def attempt(routine, *args):
    """The routine's answer, or None after one sentence on screen for bad input."""
    try:
        return routine(*args)
    except ValueError as err:
        show_error(err)
        return None
