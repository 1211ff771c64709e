"""The lessons page's pieces: a lesson's steps as links, and the lecturer's draft editor."""

from __future__ import annotations

import dataclasses
import re

import streamlit as st

from lib.lessons import MAX_TITLE, Lesson, lesson_toml
from ui import lessons
from ui.page import show_error
from ui.text import LANGUAGES, as_code, short, t


def file_name(lesson: Lesson) -> str:
    """`strides.toml` for a shipped lesson; a slug of the English title for one's own."""
    if lesson.id not in (lessons.UPLOAD, "draft"):
        return f"{lesson.id}.toml"
    slug = re.sub(r"[^a-z0-9]+", "-", lesson.title["en"].lower()).strip("-")[:40]
    return f"{slug or 'lesson'}.toml"


def step_list(lesson: Lesson, *, movable: bool) -> None:
    """Each step: a link that opens its view (inside the lesson, unless it is a draft), its
    note, and its query; a draft's steps also move up and down and go."""
    for k, step in enumerate(lesson.steps):
        page = lessons.concept(step.page)
        query = lessons.step_query(lesson, k) if not movable else dict(step.params())
        with st.container(border=True):
            text, *buttons = st.columns([8, 1, 1, 1] if movable else [1])
            text.page_link(
                page.file,
                label=f"{k + 1} · {t(f'{page.key}.title')}",
                icon=page.icon,
                query_params=query,
            )
            text.markdown(lessons.note_markdown(lessons.in_reader_language(step.note)))
            text.caption(as_code(short("?" + step.query, 120)) if step.query else "")
            if movable:
                _move_buttons(buttons, k, len(lesson.steps))


def _move_buttons(columns, k: int, n: int) -> None:
    """Callbacks, not st.rerun(): the list is redrawn in the same run, already changed."""
    up, down, remove = columns
    up.button("", key=f"lesson_up_{k}", icon="⬆️", help=t("lessons.move_up"), disabled=k == 0,
              on_click=_swap, args=(k - 1,))  # fmt: skip
    down.button("", key=f"lesson_down_{k}", icon="⬇️", help=t("lessons.move_down"),
                disabled=k == n - 1, on_click=_swap, args=(k,))  # fmt: skip
    remove.button("", key=f"lesson_remove_{k}", icon="🗑️", help=t("lessons.remove"),
                  on_click=_remove, args=(k,))  # fmt: skip


def _swap(k: int) -> None:
    steps = st.session_state[lessons.DRAFT]["steps"]
    steps[k], steps[k + 1] = steps[k + 1], steps[k]


def _remove(k: int) -> None:
    del st.session_state[lessons.DRAFT]["steps"][k]


def _discard() -> None:
    del st.session_state[lessons.DRAFT]


def draft_editor() -> None:
    """Title per language, the steps (reorder, remove), try it, download it, discard it."""
    draft = st.session_state[lessons.DRAFT]
    st.markdown(t("lessons.build_help"))
    for lang, name in LANGUAGES.items():
        draft["title"][lang] = st.text_input(
            t("lessons.title_label", lang=name),
            draft["title"][lang],
            key=f"lesson_title_{lang}",
            max_chars=MAX_TITLE,
        )
    if not draft["steps"]:
        st.info(t("lessons.draft_empty"), icon="➕")
    else:
        listed = Lesson("draft", draft["title"], tuple(draft["steps"]))
        step_list(listed, movable=True)
    try_col, download_col, discard_col = st.columns(3)
    try:
        lesson = lessons.draft_lesson()
    except ValueError as err:
        show_error(err)  # what is still missing before it can be tried or downloaded
        lesson = None
    if try_col.button(t("lessons.try"), icon="▶️", disabled=lesson is None, width="stretch"):
        st.session_state[lessons.UPLOADED] = dataclasses.replace(lesson, id=lessons.UPLOAD)
        lessons.go_to_step(st.session_state[lessons.UPLOADED], 0)
    download_col.download_button(
        t("lessons.download"),
        lesson_toml(lesson) if lesson else "",
        file_name(lesson) if lesson else "lesson.toml",
        "application/toml",
        icon="⬇️",
        disabled=lesson is None,
        width="stretch",
        on_click="ignore",
        key="lesson_download_draft",
    )
    discard_col.button(t("lessons.discard"), icon="🗑️", width="stretch", on_click=_discard)
