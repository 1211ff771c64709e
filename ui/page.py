"""The shared shape of every concept page: header, explanations, notices, errors."""

from __future__ import annotations

import streamlit as st

from ui import page_run
from ui.settings import presenting
from ui.text import error_text, prose, t


def header(page: str) -> None:
    """Title and one-sentence intro from the page's locale table; a new run of the page starts."""
    page_run.start(page)
    st.title(t(f"{page}.title"))
    st.markdown(t(f"{page}.intro"))


def explanation(name: str) -> None:
    """Longer Markdown prose; hidden in presenter mode, where the lecturer does the talking."""
    if not presenting():
        st.markdown(prose(name))


def notice(points: list[str]) -> None:
    """'What to notice': a few sentences with the live numbers filled in (the code panel's
    notebook says them too)."""
    page_run.noticed(points)
    with st.container(border=True):
        st.markdown(f"**{t('common.notice')}**")
        st.markdown("\n".join(f"- {p}" for p in points))


def show_error(err: ValueError) -> None:
    """One clear sentence for bad input; the rest of the page keeps working."""
    st.error(error_text(err), icon="⚠️")
