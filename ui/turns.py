"""This session's turn at the trainer, from one queue shared by the whole process.

Every student's page runs in one process, so Play buttons share the same cores: lib.training_slots
lets a few runs train at once and queues the rest. The queue lives in `st.cache_resource` (one per
process); the session is known to it by a random token kept in its own session state.
"""

from __future__ import annotations

import uuid

import streamlit as st

from lib.training_slots import Slots


@st.cache_resource
def _slots() -> Slots:
    return Slots()


def _token() -> str:
    return st.session_state.setdefault("turn_token", uuid.uuid4().hex)


def my_turn() -> int:
    """0 when this session may train now; otherwise its place in the queue (1 = next)."""
    return _slots().claim(_token())


def give_back() -> None:
    """Paused, finished or reset: the next student in the queue may train."""
    _slots().release(_token())


def limits() -> dict[str, int]:
    """The queue's rules, for the page's message."""
    slots = _slots()
    return {"capacity": slots.capacity, "turn": round(slots.turn)}
