"""What the lesson bar and the lessons page share: which lesson is on, going to a step, the
lecturer's draft, and a note shown safely.

State: the lesson being presented is in the URL (`?lesson=<id>&step=<k>`, so a reload or a shared
link keeps it) and in st.session_state (so it survives the sidebar, which drops the URL's
parameters on a page switch). An uploaded lesson lives only in its session: its id is `upload`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

from lib.lessons import (
    MAX_NOTE,  # noqa: F401  (the bar bounds its note boxes by it)
    READER_KEYS,
    Lesson,
    Step,
    lesson_from_table,
    parse_lesson,
    shipped_lessons,
)
from ui.concepts import CONCEPTS, PREFIXES, Concept
from ui.settings import presenting
from ui.text import LANGUAGES, as_code, language, plain

UPLOAD = "upload"  # the id of this session's uploaded lesson
ON, AT = "lesson_on", "lesson_at"  # session keys: the lesson presented, (its id, step index)
UPLOADED, DRAFT = "lesson_uploaded", "lesson_draft"  # an uploaded Lesson; the lecturer's draft
PAGES = {c.url_path: PREFIXES[c.key] for c in CONCEPTS}  # what a step may open, and its keys


def concept(url_path: str) -> Concept:
    return next(c for c in CONCEPTS if c.url_path == url_path)


def in_reader_language(texts: dict[str, str]) -> str:
    """The text in the reader's language; where the lecturer left it empty, another one."""
    for lang in (language(), *LANGUAGES):
        if texts.get(lang, "").strip():
            return texts[lang]
    return ""


def note_markdown(text: str) -> str:
    """A lecturer's note as Markdown in which only `code spans` render: everything else is
    shown as typed (an uploaded file's text never becomes a link, an image or HTML)."""
    parts = re.split(r"(`[^`\n]+`)", " ".join(text.splitlines()))
    return "".join(as_code(p[1:-1]) if i % 2 else plain(p) for i, p in enumerate(parts))


def all_lessons(*, uploaded: bool = True) -> list[Lesson]:
    """The shipped lessons, then this session's uploaded one (if `uploaded`)."""
    mine = st.session_state.get(UPLOADED) if uploaded else None
    return [*_shipped(), *([mine] if mine else [])]


@st.cache_resource(show_spinner=False)
def _shipped() -> list[Lesson]:
    """Read once per process: the files ship with the app and do not change while it runs."""
    return shipped_lessons(PAGES)


def find(lesson_id: str) -> Lesson | None:
    """The lesson a link names: a shipped one, or this session's upload; None for anything else."""
    if lesson_id == UPLOAD:
        return st.session_state.get(UPLOADED)
    return next((x for x in _shipped() if x.id == lesson_id), None)


def read_upload(data: bytes) -> Lesson:
    """An uploaded lesson file: parsed as data and every step checked (InputError otherwise)."""
    return parse_lesson(data, UPLOAD, PAGES)


def step_query(lesson: Lesson, k: int) -> dict[str, str | list[str]]:
    """The URL of step k (0-based): the step's own query, the lesson and step, and the reader's
    language and presenter mode, which a step never sets."""
    query: dict[str, str | list[str]] = {}
    for key, value in lesson.steps[k].params():
        have = query.get(key)
        query[key] = (
            value if have is None else [*([have] if isinstance(have, str) else have), value]
        )
    query |= {"lesson": lesson.id, "step": str(k + 1), "lang": language()}
    if presenting():
        query["present"] = "true"
    return query


def go_to_step(lesson: Lesson, k: int) -> None:
    """Open step k (0-based) of `lesson` on its page, exactly as its query says: every widget
    the query names takes its value, every other one its default, on screen too."""
    query = step_query(lesson, k)
    with get_session_state().query_params() as qp:
        # st.switch_page refuses to set a parameter a widget is bound to (the presenter
        # toggle's `present`; on a step to the same page, the page's own keys): let those
        # bindings go, each widget binds itself again when it is drawn.
        for key in [*query, *qp]:
            if binding := qp.get_binding_for_param(key):
                qp.unbind_widget(binding.widget_id)
    forget_view(PAGES[lesson.steps[k].page])
    # The language picker, set from ?lang= before it was first drawn, falls back to English on
    # a run the server starts (st.rerun, st.switch_page; seen on 1.67): let it read ?lang= again.
    st.session_state.pop("lang", None)
    _as_history_navigation(lambda: st.switch_page(concept(lesson.steps[k].page).file,
                                                  query_params=query))  # fmt: skip


def _as_history_navigation(switch) -> None:
    """Run `switch` (an st.switch_page) with its rerun marked as the browser's back / forward:
    then the URL wins for every bound widget, a key the URL lacks resets the widget to its
    default, and the browser is told so. A plain switch to the same page leaves the slider
    the reader moved showing its old place while the page computes with the default."""
    requests = get_script_run_ctx().script_requests
    plain = requests.request_rerun
    requests.request_rerun = lambda data: plain(replace(data, is_history_navigation=True))
    try:
        switch()
    finally:
        del requests.request_rerun  # this session's object: back to the class's method


def forget_view(prefix: str) -> None:
    """Drop the page's widget state, so that its widgets start from the URL (and from their
    defaults where the step's query says nothing), not from what the reader had moved."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def current_view(url_path: str) -> Step | None:
    """The view on screen as a step (an empty note): the page and its keys in the URL now."""
    if url_path not in PAGES:
        return None
    prefix = PAGES[url_path]
    pairs = [
        (key, value)
        for key in st.query_params
        if key.startswith(prefix) and key not in READER_KEYS
        for value in st.query_params.get_all(key)
    ]
    return Step(url_path, urlencode(pairs), dict.fromkeys(LANGUAGES, ""))


def start_draft(start: Lesson | None = None) -> None:
    """Begin building a lesson: a copy of `start`, or an empty one."""
    title = dict(start.title) if start else dict.fromkeys(LANGUAGES, "")
    st.session_state[DRAFT] = {"title": title, "steps": list(start.steps) if start else []}
    for lang in LANGUAGES:  # the title boxes show the new draft's title, not the last one's
        st.session_state.pop(f"lesson_title_{lang}", None)


def _table(title: dict[str, str], steps: list[Step]) -> dict:
    """A draft as the table a lesson file parses to, so it gets the very same checks."""
    rows = [{"page": s.page, "query": s.query, "note": dict(s.note)} for s in steps]
    return {"title": title, "step": rows}


def add_step(view: Step, notes: dict[str, str]) -> None:
    """Append the view with its notes to the draft, if the lesson stays valid (InputError)."""
    draft = st.session_state[DRAFT]
    steps = [*draft["steps"], Step(view.page, view.query, notes)]
    lesson_from_table(_table(dict.fromkeys(LANGUAGES, "·"), steps), "draft", PAGES)
    draft["steps"] = steps


def draft_lesson() -> Lesson:
    """The draft as a lesson (InputError while it is not one yet: no title, no steps)."""
    draft = st.session_state[DRAFT]
    return lesson_from_table(_table(draft["title"], draft["steps"]), "draft", PAGES)
