"""The code panel's notebook after a fragment reruns alone: the sentences that fragment drew and
the panel number of a run of its own (not the full run's count going on: `-2.ipynb`, no notes)."""

from types import SimpleNamespace

import pytest

from ui import page_run


@pytest.fixture
def session(monkeypatch):
    """A session's state and the script run's context, as Streamlit gives them to page_run."""
    ctx = SimpleNamespace(fragment_ids_this_run=None)
    monkeypatch.setattr(page_run, "st", SimpleNamespace(session_state={}))
    monkeypatch.setattr(page_run, "get_script_run_ctx", lambda: ctx)
    return ctx


def test_a_full_run_numbers_its_panels_and_hands_each_its_sentences(session):
    page_run.start("strides")
    page_run.noticed(["a", "b"])
    assert page_run.take() == ("strides", ("a", "b"), 1)
    page_run.noticed(["c"])
    assert page_run.take() == ("strides", ("c",), 2)


def test_a_fragment_rerun_hands_its_panel_its_own_sentences_as_panel_one(session):
    page_run.start("strides")
    page_run.noticed(["full run"])
    assert page_run.take() == ("strides", ("full run",), 1)
    session.fragment_ids_this_run = ["chain_view"]  # a tab's slider moved: that tab reruns alone
    page_run.noticed(["moved"])
    assert page_run.take() == ("strides", ("moved",), 1)
    session.fragment_ids_this_run = ["chain_view"]  # the next move: a new rerun, a new list
    page_run.noticed(["moved again"])
    assert page_run.take() == ("strides", ("moved again",), 1)


def test_within_one_fragment_rerun_the_count_goes_on(session):
    page_run.start("data")
    session.fragment_ids_this_run = ["loader_view"]
    page_run.noticed(["x"])
    page_run.take()
    page_run.noticed(["y"])
    assert page_run.take() == ("data", ("y",), 2)


def test_no_header_no_panel(session):
    assert page_run.take() is None
