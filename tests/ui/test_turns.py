"""The live redraw's pace: a redraw cut short by its own timer slows the ticks down.

Streamlit stops a fragment's run when its `run_every` timer fires again, so a redraw longer than
the tick would never be seen. AppTest does not tick fragments; these drive ui.turns with a plain
dict for the session state, in the order the page calls it.
"""

from __future__ import annotations

import pytest

from ui import turns


class Rerun(Exception):
    pass


@pytest.fixture
def session(monkeypatch):
    state: dict = {"tr_play": True}
    monkeypatch.setattr(turns.st, "session_state", state)
    monkeypatch.setattr(turns.st, "rerun", lambda: (_ for _ in ()).throw(Rerun()))
    return state


def test_a_redraw_that_finishes_keeps_the_pace(session):
    for _ in range(5):
        turns.tick_started()
        turns.tick_finished()
    assert turns.slower() == 1


def test_each_redraw_cut_short_doubles_the_interval_up_to_the_slowest(session):
    seen = []
    for _ in range(6):
        turns.tick_started()  # ... and the next tick arrives before tick_finished()
        try:
            turns.tick_started()
        except Rerun:
            seen.append(turns.slower())
            session["tick_open"] = False  # the whole page's run (turns.pace) starts afresh
    assert seen == [2, 4, 8]
    assert turns.slower() == turns.SLOWEST


def test_a_whole_page_run_is_not_taken_for_a_cut_short_redraw(session, monkeypatch):
    monkeypatch.setattr(turns, "_give_back", lambda: None)
    turns.tick_started()  # a redraw, then the student moves a slider: the page reruns whole
    assert turns.pace(False) == 0
    turns.tick_started()
    assert turns.slower() == 1


def test_a_tick_that_arrives_after_pause_does_not_train(session):
    session["tr_play"] = False  # the student paused; the browser's timer had one more tick queued
    assert turns.tick_started() is False
    session["tr_play"] = True
    assert turns.tick_started() is True
