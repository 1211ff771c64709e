"""This session's turn at the trainer, from one queue shared by the whole process.

Every student's page runs in one process, so Play buttons share the same cores: lib.training.queue
lets a few runs train at once and queues the rest, and the runs training together share one pace
of redraws (each of k runs redraws every k x 0.2 s), so the live pictures cost the server about the
same however many students press Play, and the rest of the class's sliders stay quick.
The queue lives in `st.cache_resource` (one per process); the session is known to it by a random
token kept in its own session state.
"""

from __future__ import annotations

import uuid

import streamlit as st

from lib.training.queue import Slots
from ui.text import t

WAIT = 1.0  # seconds between looks at the queue while waiting for a turn
SLOWEST = 8  # a redraw slowed down at most this many times


@st.cache_resource
def _slots() -> Slots:
    return Slots()


def _token() -> str:
    return st.session_state.setdefault("turn_token", uuid.uuid4().hex)


def _my_turn() -> int:
    """0 when this session may train now; otherwise its place in the queue (1 = next)."""
    return _slots().claim(_token())


def _give_back() -> None:
    """Paused, finished or reset: the next student in the queue may train."""
    _slots().release(_token())


def _shared_by() -> int:
    """How many runs are training in the process now (at least 1): they share its redraws, so
    that live training costs the server about the same whether one student plays or three."""
    return max(1, _slots().busy()[0])


def pace(playing: bool) -> int:
    """How many runs share the trainer now, this one included; or 0 when this session should not
    tick: paused (its slot goes back), or waiting for a turn. A waiting session watches the queue
    in a small fragment of its own, so its pictures are not redrawn while nothing changes."""
    st.session_state["tick_open"] = False  # a whole-page run: no redraw was cut short by a tick
    if not playing:
        st.session_state["tick_slower"] = 1  # a new Play measures the settings' cost afresh
        _give_back()
        return 0
    if _my_turn():
        st.fragment(_watch_queue, run_every=WAIT)()
        return 0
    return _shared_by()


def unchanged(pace: int) -> bool:
    """Still our turn, shared by as many runs as when the ticking started (claims the slot)."""
    return _my_turn() == 0 and _shared_by() == pace


def _watch_queue() -> None:
    if (place := _my_turn()) == 0:
        st.rerun()  # our turn: the whole page, to start ticking
    slots = _slots()
    words = {"place": place, "capacity": slots.capacity, "turn": round(slots.turn)}
    st.info(t("training.waiting", **words), icon="⏳")


def slower() -> int:
    """How many times this session's redraws are slowed down (1, 2, 4 or 8)."""
    return st.session_state.get("tick_slower", 1)


def tick_started() -> bool:
    """First thing in a ticking redraw. When its timer fires, Streamlit stops the fragment's run
    still going and starts a new one: a redraw that takes longer than the tick (the largest
    networks with their hidden units' maps) would be cut short every time and the student would
    see no picture at all, while the server did the work. So if the last redraw never reached
    `tick_finished`, the redraws are slowed down (doubling) and the page reruns to restart the
    timer at the new interval. False for a tick the browser sent after the student paused, before
    the page's own run switched the timer off: it must not train."""
    if not st.session_state.get("tr_play"):
        return False
    if st.session_state.get("tick_open") and slower() < SLOWEST:
        st.session_state["tick_slower"] = 2 * slower()
        st.rerun()
    st.session_state["tick_open"] = True
    return True


def tick_finished() -> None:
    st.session_state["tick_open"] = False
