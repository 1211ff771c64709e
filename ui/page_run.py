"""What one script run of a page has drawn so far, for its code panel's notebook: the page, and
the "what to notice" sentences drawn since the page's header or its last code panel.

Kept in this session's state and started afresh by every page's `header()`, so two students never
share it and no run reads an earlier run's sentences. A fragment that reruns alone (a tab whose
widget moved) starts afresh too, without a header: its code panel gets the sentences it drew
and the number it has in a run of its own. A fragment that reruns alone with no code panel in it
(the live training picture, five times a second) adds nothing to a panel outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_KEY = "page_run"


@dataclass
class PageRun:
    page: str  # its table in the locale files
    notices: list[str] = field(default_factory=list)
    panels: int = 0  # code panels drawn in this run: each gets a button of its own
    rerun: list | None = None  # the fragment rerun these count in (its list of fragment ids)


def start(page: str) -> None:
    st.session_state[_KEY] = PageRun(page)


def noticed(points: list[str]) -> None:
    run = _current()
    if run is not None:
        run.notices.extend(points)


def take() -> tuple[str, tuple[str, ...], int] | None:
    """The page, the sentences for this code panel (then forgotten) and the panel's number in
    this run; None on a page that drew no header."""
    run = _current()
    if run is None:
        return None
    notices, run.notices = tuple(run.notices), []
    run.panels += 1
    return run.page, notices, run.panels


def _current() -> PageRun | None:
    """This session's PageRun, started afresh when a fragment rerun (a new one) reaches it."""
    run = st.session_state.get(_KEY)
    if not isinstance(run, PageRun):
        return None
    ctx = get_script_run_ctx()
    rerun = ctx.fragment_ids_this_run if ctx else None
    if rerun and run.rerun is not rerun:  # the same list object for the whole of one rerun
        run.rerun, run.notices, run.panels = rerun, [], 0
    return run
