"""PyTorch Concept Explorer: the router. Each page lives in app_pages/; this file wires them."""

import streamlit as st

from ui.concepts import CONCEPTS
from ui.lesson_bar import lesson_bar
from ui.preload import preload_torch
from ui.settings import app_settings
from ui.text import t

# A link with ?present=true opens with the sidebar folded: the projector gets the full width.
folded = "collapsed" if st.query_params.get("present") == "true" else "auto"
st.set_page_config(
    page_title="PyTorch Concept Explorer",
    page_icon="🔥",
    layout="wide",
    initial_sidebar_state=folded,
)
app_settings()

home = st.Page("app_pages/home.py", title=t("home.title"), icon="🏠", default=True)
mistakes = st.Page(
    "app_pages/mistakes.py", title=t("mistakes.title"), icon="🐞", url_path="common-mistakes"
)
lessons = st.Page(
    "app_pages/lesson_picker.py", title=t("lessons.title"), icon="📖", url_path="lessons"
)
sections: dict[str, list[st.Page]] = {t("app.section_start"): [home, lessons, mistakes]}
for c in CONCEPTS:
    page = st.Page(c.file, title=t(f"{c.key}.title"), icon=c.icon, url_path=c.url_path)
    sections.setdefault(t(f"app.{c.section}"), []).append(page)

current = st.navigation(sections, expanded=True)  # every page listed, no "View more"
lesson_bar(current)  # above the page: a lesson's step k of n, previous / next
current.run()
preload_torch()  # after the page: the home page is drawn without waiting for torch (lib/__init__)
