"""Panels every page ends with: the PyTorch code for the view, and a predict-then-reveal check."""

from __future__ import annotations

import hashlib

import streamlit as st

from ui import notebook, page_run
from ui.concepts import CONCEPTS
from ui.text import language, t


def code_panel(code: str, *, expanded: bool = False) -> None:
    """Runnable torch code reproducing exactly what the page shows (st.code has a copy button),
    and the same view as a Jupyter notebook to download."""
    with st.expander(t("common.code_title"), expanded=expanded, icon="🐍"):
        notebook_button(code)  # above the code: a long snippet would push it out of sight
        st.code(code, language="python")


def notebook_button(code: str) -> None:
    """The "download as notebook" button: the title, the link back to this view, the "what to
    notice" sentences of this run and `code` in cells. A rerun only hands Streamlit a function; the
    notebook is built when the student clicks (nbformat included)."""
    taken = page_run.take()
    if taken is None:
        return
    page, notices, number = taken
    where = next((c.url_path for c in CONCEPTS if c.key == page), page)
    view = notebook.View(
        title=t(f"{page}.title"),
        intro=t(f"{page}.intro"),
        link=notebook.link_to(_page_address(where), _query()),
        link_words=t("notebook.open"),
        notice_title=t("common.notice"),
        notices=notices,
        code_title=t("common.code_title"),
        lang=language(),
    )
    st.download_button(
        t("notebook.download"),
        lambda: notebook.build(view, code),
        file_name=f"{where}.ipynb" if number == 1 else f"{where}-{number}.ipynb",
        mime="application/x-ipynb+json",
        key=f"notebook_{number}",
        on_click="ignore",  # a download needs no rerun
        icon="📓",
        help=t("notebook.help"),
    )


def _page_address(url_path: str) -> str:
    """This page's address as the browser shows it, without the query (a relative one where no
    browser tells it, as in AppTest)."""
    return st.context.url or f"/{url_path}"


def _query() -> list[tuple[str, str]]:
    """What the address bar holds after `?` (the bound widgets, the open tab, the language),
    without presenter mode: the notebook is read at a desk, not on a projector."""
    qp = st.query_params
    return [(key, value) for key in qp if key != "present" for value in qp.get_all(key)]


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
