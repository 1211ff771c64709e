"""Lessons: pick one (shipped or uploaded), start it, hand it out; or build your own."""

import streamlit as st

from app_pages.lesson_picker_widgets import draft_editor, file_name, step_list
from lib.lessons import MAX_BYTES, lesson_toml
from ui import lessons
from ui.page import header, show_error
from ui.text import t

header("lessons")
present_col, build_col = st.columns(2, gap="large")

with present_col:
    st.subheader(t("lessons.present_title"))
    upload = st.file_uploader(
        t("lessons.upload"),
        ["toml"],
        key="lesson_file",
        max_upload_size=1,  # MB, the uploader's smallest; the parser refuses past MAX_BYTES
        help=t("lessons.upload_help", kib=MAX_BYTES // 1024),
    )
    if upload is not None:
        try:
            uploaded = lessons.read_upload(upload.getvalue())
        except ValueError as err:
            show_error(err)
        else:
            if st.session_state.get("lesson_file_id") != upload.file_id:  # a new file: show it
                st.session_state["lesson_file_id"] = upload.file_id
                st.session_state["lesson_pick"] = len(lessons.all_lessons(uploaded=False))
            st.session_state[lessons.UPLOADED] = uploaded
    choices = lessons.all_lessons()
    labels = [
        f"{lessons.in_reader_language(x.title)} · {t('lessons.steps_count', n=len(x.steps))}"
        for x in choices
    ]
    picked = st.selectbox(
        t("lessons.pick"), range(len(choices)), format_func=labels.__getitem__, key="lesson_pick"
    )
    lesson = choices[picked]
    start, copy, download = st.columns(3)
    if start.button(t("lessons.start"), icon="▶️", type="primary", width="stretch"):
        lessons.go_to_step(lesson, 0)
    copy.button(t("lessons.edit_copy"), icon="✏️", width="stretch", on_click=lessons.start_draft,
                args=(lesson,))  # fmt: skip
    download.download_button(
        t("lessons.download"),
        lesson_toml(lesson),
        file_name(lesson),
        "application/toml",
        icon="⬇️",
        width="stretch",
        on_click="ignore",
    )
    st.caption(t("lessons.keys_hint"))
    step_list(lesson, movable=False)

with build_col:
    st.subheader(t("lessons.build_title"))
    if lessons.DRAFT not in st.session_state:
        st.markdown(t("lessons.build_help"))
        st.button(t("lessons.build_new"), icon="✏️", on_click=lessons.start_draft)
    else:
        draft_editor()
