"""The lesson bar above every page: step k of n, the note in the reader's language, previous /
next and "leave the lesson"; in presenter mode the arrow keys and a clicker's PageUp / PageDown
step. While a lecturer builds a lesson, a second bar adds the view on screen as a step.

Nothing here runs (nor loads torch, which lib/ imports) until a lesson is in use.
"""

from __future__ import annotations

import streamlit as st

from ui.settings import presenting
from ui.text import LANGUAGES, error_text, t

# Presenter mode: the visible buttons answer the arrow keys; these two, hidden, a clicker.
_CLICKER_CSS = "<style>.st-key-lesson_pgup, .st-key-lesson_pgdn { display: none; }</style>"


OPENED = "lesson_opened"  # the (lesson, step) whose page has run at least once


def lesson_bar(page: st.Page) -> None:
    """Call from app.py between st.navigation and the page's run, with the page about to run."""
    ss = st.session_state
    if "lesson" not in st.query_params and "lesson_on" not in ss and "lesson_draft" not in ss:
        return
    from ui import lessons  # noqa: PLC0415  (lib, and with it torch, only once a lesson is in use)

    lesson, k = _follow_url(lessons, page.url_path)
    if lesson is not None:
        _step_bar(lessons, lesson, k, page.url_path)
    if lessons.DRAFT in ss:
        _builder_bar(lessons, page.url_path)


def _follow_url(lessons, url_path: str):
    """The lesson and step (0-based) on now. A link's `?lesson=&step=` wins; when the sidebar
    dropped them from the URL, the session's are written back. Arriving at a step forgets what
    the reader had moved on its page, so the page shows exactly the step's view."""
    ss, qp = st.session_state, st.query_params
    asked = qp.get("lesson")
    if asked is None:
        if lessons.ON not in ss:
            return None, 0
        qp["lesson"], qp["step"] = ss[lessons.ON], str(ss[lessons.AT] + 1)
        return lessons.find(ss[lessons.ON]), ss[lessons.AT]
    lesson = lessons.find(asked)
    if lesson is None:
        key = "lessons.upload_gone" if asked == lessons.UPLOAD else "lessons.unknown"
        st.warning(t(key), icon="📖")
        _leave(lessons)
        return None, 0
    k = _step_index(qp.get("step"), len(lesson.steps))
    if k is None:
        st.warning(t("lessons.bad_step", n=len(lesson.steps)), icon="📖")
        k = 0
        qp["step"] = "1"
    if (ss.get(lessons.ON), ss.get(lessons.AT)) != (asked, k):
        ss[lessons.ON], ss[lessons.AT] = asked, k
        if lesson.steps[k].page == url_path:
            lessons.forget_view(lessons.PAGES[url_path])
    step = lesson.steps[k]
    if step.page == url_path and ss.get(OPENED) != (asked, k):  # the step's first run here
        ss[OPENED] = (asked, k)
        # A typed link (`?lesson=softmax&step=6`) names the step but not its view: open it.
        # Only now: later runs lack the keys whose value is the default (Streamlit drops them).
        if step.query and not any(key.startswith(lessons.PAGES[url_path]) for key in qp):
            lessons.go_to_step(lesson, k)
    return lesson, k


def _step_index(text: str | None, n: int) -> int | None:
    if text is None:
        return 0
    if not (text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= n):
        return None
    return int(text) - 1


def _leave(lessons) -> None:
    for key in (lessons.ON, lessons.AT, OPENED):
        st.session_state.pop(key, None)
    for key in ("lesson", "step"):
        st.query_params.pop(key, None)


def _step_bar(lessons, lesson, k: int, url_path: str) -> None:
    n, step, keys = len(lesson.steps), lesson.steps[k], presenting()
    with st.container(border=True, key="lesson_bar"):
        head, right = st.columns([3, 2], vertical_alignment="center")
        # One row of buttons, on a phone too (three stacked full-width buttons fill its screen).
        row = right.container(horizontal=True, horizontal_alignment="right")
        title = lessons.in_reader_language(lesson.title)
        head.markdown(
            f"📖 **{lessons.note_markdown(title)}** · {t('lessons.step_of', k=k + 1, n=n)}"
        )
        back = row.button(
            ("" if keys else "← ") + t("lessons.previous"), key="lesson_prev", disabled=k == 0,
            shortcut="Left" if keys else None,
        )  # fmt: skip
        forth = row.button(
            t("lessons.next") + ("" if keys else " →"), key="lesson_next", disabled=k == n - 1,
            shortcut="Right" if keys else None, type="primary",
        )  # fmt: skip
        row.button(
            "✕ " + t("lessons.leave"), key="lesson_leave", on_click=_leave,
            args=(lessons,),
        )  # fmt: skip
        if keys:
            back |= st.button("PageUp", key="lesson_pgup", shortcut="PageUp", disabled=k == 0)
            forth |= st.button(
                "PageDown", key="lesson_pgdn", shortcut="PageDown", disabled=k == n - 1
            )
            st.html(_CLICKER_CSS)
        st.markdown(lessons.note_markdown(lessons.in_reader_language(step.note)))
        if step.page != url_path and st.button(
            t("lessons.back_to_step", k=k + 1), key="lesson_back", icon="↩️", type="tertiary"
        ):
            lessons.go_to_step(lesson, k)
    if back:
        lessons.go_to_step(lesson, k - 1)
    if forth:
        lessons.go_to_step(lesson, k + 1)


def _builder_bar(lessons, url_path: str) -> None:
    """'Add this view as a step': the page and its query now, with a note per language."""
    draft = st.session_state[lessons.DRAFT]
    title = lessons.in_reader_language(draft["title"]) or t("lessons.untitled")
    with st.container(border=True, key="lesson_builder"):
        heading = st.empty()  # filled last: a step added in this run counts
        view = lessons.current_view(url_path)
        if view is None:
            st.caption(t("lessons.no_view"))
        else:
            _add_view_form(lessons, view)
        n = len(draft["steps"])
        heading.markdown("✏️ " + t("lessons.building", title=lessons.note_markdown(title), n=n))


def _add_view_form(lessons, view) -> None:
    with st.popover(t("lessons.add_view"), icon="➕"), st.form("lesson_add", clear_on_submit=True):
        st.code("?" + view.query if view.query else t("lessons.defaults"), language=None)
        notes = {
            lang: st.text_area(
                t("lessons.note_label", lang=name),
                key=f"lesson_note_{lang}",
                max_chars=lessons.MAX_NOTE,
                height=80,
            )
            for lang, name in LANGUAGES.items()
        }
        if st.form_submit_button(t("lessons.add_button"), type="primary"):
            try:
                lessons.add_step(view, notes)
            except ValueError as err:
                st.error(error_text(err), icon="⚠️")
            else:
                n = len(st.session_state[lessons.DRAFT]["steps"])
                st.toast(t("lessons.added", n=n), icon="➕")
