"""The softmax page's logit editor: a typed list (bound to the URL) and a slider per logit."""

from __future__ import annotations

import math

import streamlit as st

from lib.softmax.parse import MAX_CLASSES, MIN_CLASSES, format_numbers, parse_logits
from ui.controls import Controls
from ui.page import show_error
from ui.text import t

# Slider reach grows with the logits (float16 overflows at 11.1, float32 at 88.7); past ±1000 or
# for nan / inf, the typed list is the only editor.
SLIDER_RANGES = (30.0, 150.0, 1000.0)


def set_logits(text: str) -> None:
    st.session_state.sm_logits = text


def slider_moved(i: int) -> None:
    try:  # the list may have been retyped (shorter, or not numbers) as the slider moved
        values = list(parse_logits(st.session_state.sm_logits))
    except ValueError:
        return
    if i >= len(values):
        return
    values[i] = round(st.session_state[f"sm_z{i}"], 2)
    set_logits(format_numbers(values))


def logit_controls(bound: Controls, default: str) -> tuple[float, ...]:
    """The typed list is the truth (and the URL); the sliders and buttons rewrite it."""
    text = bound(st.text_input, "logits", default)
    try:
        z = parse_logits(text)
    except ValueError as err:
        show_error(err)
        st.stop()
    edits = [("fewer", z[:-1], len(z) <= MIN_CLASSES), ("more", (*z, 0), len(z) >= MAX_CLASSES)]
    for col, (name, new, off) in zip(st.columns(2), edits, strict=True):
        label, args = t(f"softmax.{name}"), (format_numbers(new),)
        col.button(label, key=f"sm_{name}", on_click=set_logits, args=args, disabled=off)
    finite = [abs(v) for v in z if math.isfinite(v)]
    reach = next((r for r in SLIDER_RANGES if max(finite, default=0) <= r), SLIDER_RANGES[-1])
    for i, v in enumerate(z):
        free = math.isfinite(v) and abs(v) <= reach  # nan, inf and 1e5 stay typed
        st.session_state[f"sm_z{i}"] = v if free else 0.0
        kw = dict(key=f"sm_z{i}", step=0.1, on_change=slider_moved, args=(i,), disabled=not free)
        st.slider(f"z{i}" if free else f"z{i} = {v}", -reach, reach, **kw)
    return z
