"""Mistakes gallery: PyTorch mistakes the concept pages show live, each run here by torch, with
the fix beside it, a link to the view that explains it, and a search by pasted error text."""

import streamlit as st

from lib import mistakes as M
from ui.concepts import CONCEPTS
from ui.controls import Controls
from ui.page import header
from ui.text import language, strings, t

PAGES = {c.key: c for c in CONCEPTS}
SAID = {"error": "mistakes.torch_says", "warning": "mistakes.torch_warns"}
ICON = {"error": "🛑", "warning": "⚠️", "silent": "🔇"}  # stops, warns, or says nothing


@st.cache_data(show_spinner=False)
def outcome(key: str) -> M.Outcome:
    """The mistake run once per process: every session sees torch's same words."""
    return M.BY_KEY[key].probe()


@st.cache_data(max_entries=3, show_spinner=False)
def index(lang: str) -> M.Index:
    """Torch's live words and the keywords of every mistake, plus its title in `lang`, so a
    student may also search in their own language."""
    words = strings(lang)
    return M.Index(
        {m.key: M.document(m, outcome(m.key), words[f"mistakes.m_{m.key}"]) for m in M.CATALOGUE}
    )


def link(m: M.Mistake) -> None:
    """The concept page, opened in the view that shows this mistake (its widget keys set). The
    language goes along for a link opened in a new tab; presenter mode's own bound toggle puts
    itself back into the address bar after the switch."""
    concept = PAGES[m.page]
    query = dict(m.query) | {"lang": language()}
    label = t("mistakes.open", page=t(f"{m.page}.title"))
    st.page_link(concept.file, label=label, icon=concept.icon, query_params=query)


def card(m: M.Mistake, score: float | None = None) -> None:
    o = outcome(m.key)
    with st.container(border=True):
        st.markdown(f"### {ICON[o.kind]} {t(f'mistakes.m_{m.key}')}")
        st.markdown(t(f"mistakes.m_{m.key}_why"))
        if score is not None:
            st.caption(t("mistakes.score", score=f"{score:.0%}"))
        st.code(m.setup, language="python")
        wrong, right = st.columns(2)
        with wrong:
            st.markdown(f"**{t('mistakes.wrong')}**")
            st.code(m.wrong, language="python")
            if o.said:
                st.markdown(t(SAID[o.kind]))
                st.code(o.said, language=None, wrap_lines=True)
            if o.printed is not None:
                st.markdown(t("mistakes.prints" if o.said else "mistakes.silent"))
                st.code(o.printed, language=None, wrap_lines=True)
        with right:
            st.markdown(f"**{t('mistakes.fix')}**")
            st.code(m.fix, language="python")
            st.markdown(t("mistakes.fix_prints"))
            st.code(o.fixed, language=None, wrap_lines=True)
        link(m)


header("mistakes")
bound = Controls("mistakes", "mk_")
query = bound(st.text_input, "q", "", max_chars=M.MAX_QUERY, words="search")
found = index(language()).rank(query) if query.strip() else []
if query.strip() and not found:
    st.info(t("mistakes.nothing"), icon="🔍")
elif found:
    st.success(t("mistakes.found", n=len(found)), icon="🔍")
for key, score in found:
    card(M.BY_KEY[key], score)
rest = [m for m in M.CATALOGUE if m.key not in dict(found)]
if found:
    with st.expander(t("mistakes.others", n=len(rest))):
        for m in rest:
            card(m)
else:
    for m in rest:
        card(m)
