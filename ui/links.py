"""What a link may set: every URL parameter is checked against its widget before Streamlit
seeds the widget from it.

Streamlit turns `?key=value` into a widget's value inside the widget call, and some values make
that call raise (`int('inf')` in a number input, an empty `?sm_y=` for a required choice, a
number past every float) — on every rerun, since the value stays in the address bar. So a value
the widget cannot take is dropped from the URL and from session state first, with one sentence,
and the widget starts from its default.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from ui.text import t

MAX_TEXT = 1000  # characters a link may type into a text box (lib bounds what it parses itself)
MAX_NUMBER = 40  # characters of one number in a link: '1e999' fits, 5,000 nines do not
INTEGER = re.compile(r"[+-]?\d{1,16}")  # what an int number input or slider can hold exactly
CHOICES = {"selectbox", "radio", "segmented_control", "pills", "select_slider"}
MULTI = {"multiselect"}


def _link_values(key: str) -> list[list[str]]:
    """The value(s) of `key` the URL holds now and held when the page was opened (Streamlit
    seeds a widget from the latter)."""
    with get_session_state().query_params() as qp:
        now = qp.get_all(key) if qp.has_param(key) else None
        first = qp.get_initial_value(key)
    found = [now] if now is not None else []
    if first is not None:
        found.append(first if isinstance(first, list) else [first])
    return found


def _drop(key: str) -> None:
    with get_session_state().query_params() as qp:
        qp.remove_param(key)  # bound or not: this also rewrites the browser's address bar
        qp._initial_query_params.pop(key, None)  # noqa: SLF001  (what the widget seeds from)
    if key in st.session_state:
        del st.session_state[key]


def check(key: str, ok: Callable[[list[str]], bool], label: str) -> bool:
    """Drop `key` from the URL (and session state) unless `ok(values)`; say so once."""
    for values in _link_values(key):
        try:
            good = ok(values)
        except (ValueError, TypeError, OverflowError):
            good = False
        if not good:
            _drop(key)
            st.warning(t("common.bad_link", control=label), icon="🔗")
            return False
    return True


def _number(text: str, low: float | None, high: float | None, whole: bool) -> bool:
    if len(text) > MAX_NUMBER or (whole and not INTEGER.fullmatch(text.strip())):
        return False
    x = float(text)
    return math.isfinite(x) and (low is None or x >= low) and (high is None or x <= high)


def numbers(
    low: float | None, high: float | None, count: int, whole: bool
) -> Callable[[list[str]], bool]:
    """`count` finite numbers in [low, high] (whole numbers for an int widget)."""
    return lambda vs: len(vs) == count and all(_number(v, low, high, whole) for v in vs)


def choices(
    options: Iterable, shown: Callable[[object], str], count: int | None
) -> Callable[[list[str]], bool]:
    """Labels of `options` as the widget shows them: exactly `count`, or (None) any number of
    different ones, none at all included."""
    labels = {str(shown(o)) for o in options}

    def ok(vs: list[str]) -> bool:
        if count is None:
            vs = [v for v in vs if v != ""]
            return len(set(vs)) == len(vs) <= len(labels) and all(v in labels for v in vs)
        return len(vs) == count and all(v in labels for v in vs)

    return ok


def text(limit: int) -> Callable[[list[str]], bool]:
    return lambda vs: len(vs) == 1 and len(vs[0]) <= limit


def flag(vs: list[str]) -> bool:
    return len(vs) == 1 and vs[0].lower() in ("true", "false")


def rule(kind: str, args: tuple, kw: dict) -> Callable[[list[str]], bool] | None:
    """The check for widget `kind` (st.slider -> 'slider') called with `args` and `kw`; None
    for a widget with nothing a link could break."""
    arg = lambda i, name, default=None: args[i] if len(args) > i else kw.get(name, default)  # noqa: E731
    if kind in ("slider", "number_input"):
        low, high, value = arg(0, "min_value"), arg(1, "max_value"), arg(2, "value")
        ends = [v for v in (low, high, value) if isinstance(v, (int, float))]
        whole = all(isinstance(v, int) and not isinstance(v, bool) for v in ends)
        count = 2 if isinstance(value, (tuple, list)) else 1
        return numbers(low, high, count, whole)
    if kind in CHOICES | MULTI:
        options, shown = list(arg(0, "options", [])), kw.get("format_func", str)
        if kind == "select_slider":  # one label, or the two ends of a range
            return choices(options, shown, 2 if isinstance(arg(1, "value"), (tuple, list)) else 1)
        many = kind in MULTI or kw.get("selection_mode") == "multi"
        return choices(options, shown, None if many else 1)
    if kind in ("text_input", "text_area"):
        return text(min(kw.get("max_chars") or MAX_TEXT, MAX_TEXT))
    if kind in ("toggle", "checkbox"):
        return flag
    return None
