"""Panels every page ends with: the PyTorch code for the view, and a predict-then-reveal check."""

from __future__ import annotations

import hashlib

import streamlit as st

from ui.text import t


def code_panel(code: str, *, expanded: bool = False) -> None:
    """Runnable torch code reproducing exactly what the page shows (st.code has a copy button)."""
    with st.expander(t("common.code_title"), expanded=expanded, icon="🐍"):
        st.code(code, language="python")


def check_yourself(
    key: str, question: str, options: list[str], answer: str, explanation: str
) -> None:
    """Ask before telling: the student commits to an answer, then the app reveals and explains.

    A new question (different text, options or answer) starts unanswered, so the check follows
    the page's current state.
    """
    digest = hashlib.sha1(repr((question, options, answer)).encode()).hexdigest()[:10]
    revealed_key = f"{key}_revealed"
    with st.container(border=True):
        st.markdown(f"**{t('common.check_title')}** · {question}")
        choice = st.radio(
            question,
            options,
            index=None,
            key=f"{key}_{digest}",
            label_visibility="collapsed",
            horizontal=len(options) <= 4,
        )
        if st.button(t("common.reveal"), key=f"{key}_reveal_{digest}", disabled=choice is None):
            st.session_state[revealed_key] = digest
        if st.session_state.get(revealed_key) == digest:
            if choice == answer:
                st.success(t("common.correct"), icon="✅")
            else:
                st.warning(t("common.not_quite", answer=answer), icon="🤔")
            st.markdown(explanation)
