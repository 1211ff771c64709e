"""The loss page's helpers: the option widgets of one loss, and its sentences and errors."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from charts import losses as charts
from lib import losses as L
from lib.losses import facts
from ui.controls import Controls
from ui.page import show_error
from ui.text import t


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"losses.{key}", **numbers) for key, numbers in points]


@st.cache_data(max_entries=256, show_spinner=False)
def curve_of(name: str, y: float, label: int, options: dict) -> L.Curve:
    """One loss's curve for one setting, shared by the class: moving x0 does not change it."""
    return L.curve(name, y, label, options)


@st.cache_data(max_entries=64, show_spinner=False)
def curve_lines(names: tuple[str, ...], y: float, label: int, options: dict) -> pa.Table:
    """The charts' "curves" rows as an Arrow table, made once per setting, not per x0 move: both
    charts ship it, and pandas to Arrow was a large part of a move."""
    curves = [curve_of(n, y, label, options[n]) for n in names]
    return pa.Table.from_pandas(charts.curve_rows(curves, [])["curves"], preserve_index=False)


def curve_data(points: list[L.Point], names: tuple[str, ...], y, label, options) -> dict:
    """Both charts' rows: the points at x0 built now, the curves from the cache."""
    return charts.curve_rows([], points) | {"curves": curve_lines(names, y, label, options)}


def option_controls(c: Controls, where, name: str, tag: str = "") -> dict:
    """One widget per option of `name`, keyed loss_<tag><name>_<option> (so, in the URL)."""
    values = {}
    for o in L.LOSSES[name].options:
        key, kw = f"{tag}{name}_{o.name}", {"label": f"{name} · {o.name}"}
        values[o.name] = (
            c(where.segmented_control, key, o.choices, default=o.default, required=True, **kw)
            if o.choices
            else c(where.slider, key, o.lo, o.hi, float(o.default), o.step, **kw)
        )
    return values


def errors_of(call, *args):  # call(*args), or None after one sentence on screen
    try:
        return call(*args)
    except ValueError as err:
        show_error(err)
