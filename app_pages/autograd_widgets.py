"""Inputs of the autograd page: presets, the expression, the leaves' values and which of them
require grad — all bound to the URL, all read through lib.autograd's parsers (never eval)."""

from __future__ import annotations

import streamlit as st

from lib.autograd.accumulate import SecondCall, second_call
from lib.autograd.parse import Expression, parse
from lib.autograd.presets import DEFAULT, PRESETS
from lib.autograd.quiz import Quiz, two_calls
from lib.autograd.values import parse_values
from ui.controls import Controls
from ui.page import show_error
from ui.text import t

START = PRESETS[DEFAULT]


def _use_preset() -> None:
    preset = PRESETS[st.session_state.ag_preset]
    st.session_state.update(
        ag_expr=preset.expression, ag_values=preset.values, ag_grad=list(preset.requires_grad)
    )
    st.session_state.ag_preset = None  # a preset is a starting point, not a state


def _all_leaves_require_grad() -> None:
    """A newly typed expression starts with every leaf requiring grad."""
    try:
        st.session_state.ag_grad = list(parse(st.session_state.ag_expr).leaves)
    except ValueError:
        pass  # the page says what is wrong with it


def inputs(c: Controls) -> tuple[Expression, dict, list[str]]:
    """The parsed expression, the values and the leaves that require grad; on bad input, one
    sentence and the rest of the page is not drawn."""
    st.selectbox(  # not bound: a preset only fills the bound inputs below
        t("autograd.presets"),
        list(PRESETS),
        index=None,
        key="ag_preset",
        on_change=_use_preset,
        format_func=lambda k: t(f"autograd.preset_{k}"),
        placeholder="…",
    )
    text = c(st.text_input, "expr", START.expression, on_change=_all_leaves_require_grad)
    typed = c(st.text_input, "values", START.values)
    try:
        expr, values = parse(text), parse_values(typed)
    except ValueError as err:
        show_error(err)
        st.stop()
    # The preset's choice where it applies; for another expression, every leaf.
    default = [n for n in START.requires_grad if n in expr.leaves] or list(expr.leaves)
    wanted = c(st.pills, "grad", expr.leaves, selection_mode="multi", default=default)
    return expr, values, list(wanted)


# What the calls slider does not change, once per expression, values and leaves (shared by the
# class): the question's two calls and the second call on one graph. `_expr` is the parsed `key`.
@st.cache_data(max_entries=64, show_spinner=False)
def question_of(key: tuple[str, str], values: dict, wanted: tuple[str, ...], _expr) -> Quiz:
    return two_calls(_expr, values, wanted)


@st.cache_data(max_entries=64, show_spinner=False)
def second_of(key: tuple[str, str], values: dict, wanted: tuple, _expr) -> SecondCall | None:
    return second_call(_expr, values, wanted)
