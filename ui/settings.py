"""App-wide widgets in the sidebar: language and presenter mode, both kept in the URL."""

from __future__ import annotations

import streamlit as st

from ui.text import LANGUAGES, language_from_locale, t

# Type and charts readable from the back of a lecture hall; long explanations are hidden.
_PRESENTER_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 2rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label, [data-testid="stMainBlockContainer"] td,
[data-testid="stMainBlockContainer"] th, [data-testid="stMainBlockContainer"] input,
[data-testid="stMainBlockContainer"] code { font-size: 1.45rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.6rem !important; }
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"],
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] p {
  font-size: 2.6rem !important; }
[data-testid="stMainBlockContainer"] h2, [data-testid="stMainBlockContainer"] h3 {
  font-size: 2.3rem !important; }
</style>
"""


def app_settings() -> None:
    """Draw the language picker and presenter toggle; call once, before st.navigation."""
    if "lang" not in st.session_state:
        # ?lang= wins, else the browser's language. Not `bind=`: a bound selectbox keeps its
        # *label* in the URL (Streamlit #14224); we want `?lang=zh-TW` and always present, so a
        # shared link opens in the language of whoever shared it.
        asked = st.query_params.get("lang")
        st.session_state["lang"] = (
            asked if asked in LANGUAGES else language_from_locale(st.context.locale)
        )
    st.sidebar.selectbox(
        "Language · 語言 · 语言", list(LANGUAGES), format_func=LANGUAGES.get, key="lang"
    )
    if st.query_params.get("lang") != st.session_state["lang"]:
        # Only on a change: writing query_params on every run wipes the URL updates of widgets
        # bound with bind="query-params".
        st.query_params["lang"] = st.session_state["lang"]
    st.sidebar.toggle(
        t("app.presenter"), key="present", bind="query-params", help=t("app.presenter_help")
    )
    if presenting():
        st.html(_PRESENTER_CSS)


def presenting() -> bool:
    """True in presenter mode: bigger type and charts, fewer words."""
    return bool(st.session_state.get("present", False))
