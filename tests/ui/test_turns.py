"""A tick of the live redraw that arrives after Pause draws but does not train.

AppTest does not tick fragments; this drives ui.turns with a plain dict for the session state.
"""

from __future__ import annotations

from ui import turns


def test_a_tick_that_arrives_after_pause_does_not_train(monkeypatch):
    state = {"tr_play": False}  # the student paused; the browser's timer had one more tick queued
    monkeypatch.setattr(turns.st, "session_state", state)
    assert turns.still_playing() is False
    state["tr_play"] = True
    assert turns.still_playing() is True
