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
    if not playing:
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


def still_playing() -> bool:
    """False for a tick the browser sent after the student paused, before the page's own run
    switched the fragment's timer off: it must draw, not train."""
    return bool(st.session_state.get("tr_play"))
