"""The convolution page's two other ways to pick the output cell besides its slider: a click on
an output cell, and Play, which walks every position in turn.

Both end in the cell slider's state, so the slider, the URL and the multiply-add agree. While
playing, only the picture reruns (a fragment, one position a tick); the slider outside it
catches up with the position when the whole page next runs: on Pause, at the last position, or
when another control moves. Moving the slider by hand stops Play. A tick cannot write the
slider's state (the browser would send the slider's old value back with the next click), so it
keeps the position in `PLAYED`, which the next whole run hands to the slider.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from charts.convolution import PICK
from lib.convolution.play import TICK, clicked, start, step
from lib.convolution.sweep import Sweep, position
from ui.text import t

CELL = "cv_cell"  # the slider's key: its URL parameter
CHART = "cv_sweep"
PLAYING = "cv_playing"  # session state only: a shared link opens paused
PLAYED = "cv_played"  # the position the last tick drew, until the slider takes it over


def playing() -> bool:
    """Whether Play is on; first hands the position the ticks reached to the cell slider
    (call before the slider is drawn)."""
    if (at := st.session_state.pop(PLAYED, None)) is not None:
        st.session_state[CELL] = at
    return bool(st.session_state.get(PLAYING))


def play_button(cells: int, on: bool) -> None:
    label = t("convolution.pause" if on else "convolution.play")
    tip = t("convolution.play_help", tick=TICK)
    kw = {"on_click": _toggle, "args": (cells,), "disabled": cells <= 1, "help": tip}
    st.button(label, key="cv_play", **kw)


def _toggle(cells: int) -> None:
    if st.session_state.get(PLAYING):
        st.session_state[PLAYING] = False
    else:
        st.session_state[CELL] = start(st.session_state.get(CELL, 0), cells)
        st.session_state[PLAYING] = True


def pause() -> None:
    """The slider moved by hand (or a cell was clicked): Play stops, and the hand wins."""
    st.session_state[PLAYING] = False
    st.session_state.pop(PLAYED, None)


def _picked(cells: int) -> None:
    """A click on an output cell: that position, and Play stops there."""
    event = st.session_state.get(CHART) or {}
    pos = clicked(event.get("selection", {}).get(PICK, []), cells)
    if pos is not None:
        pause()
        st.session_state[CELL] = pos


def sweep(view: Callable, sw: Sweep, index: int, channel: int, on: bool) -> None:
    """`view(sw, cell, channel, pick)` at `index`; while playing, ticking one position on."""
    if on:
        st.fragment(_tick, run_every=TICK)(view, sw, channel)
    else:
        _draw(view, sw, position(sw, index), channel)


def _tick(view: Callable, sw: Sweep, channel: int) -> None:
    index = st.session_state.get(PLAYED, st.session_state.get(CELL, 0))
    ctx = get_script_run_ctx()
    if ctx and ctx.fragment_ids_this_run:  # a tick, not the page's own run
        if not st.session_state.get(PLAYING):
            st.rerun()  # a click in the chart stopped it: the whole page takes the position
        cells = sw.out_hw[0] * sw.out_hw[1]
        index, more = step(index, cells)
        st.session_state[PLAYED] = index
        if not more:
            st.session_state[PLAYING] = False
            st.rerun()  # the whole page, at the last position, with Play back on its button
    _draw(view, sw, position(sw, index), channel)


def _draw(view: Callable, sw: Sweep, cell: tuple[int, int], channel: int) -> None:
    cells = sw.out_hw[0] * sw.out_hw[1]
    view(sw, cell, channel, pick={"key": CHART, "on_select": partial(_picked, cells)})
