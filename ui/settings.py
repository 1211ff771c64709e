"""App-wide widgets in the sidebar: language and presenter mode, both kept in the URL."""

from __future__ import annotations

import streamlit as st

from ui.layout import PHONE_CSS
from ui.text import LANGUAGES, language, language_from_locale, t

PRESENTER_SCALE = 1.5

# Type and pictures readable from the back of a lecture hall, sized from the viewport (a 1920 px
# projector gets 1.2vw ≈ 23 px type); long explanations are hidden.
_PRESENTER_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 3.5rem 2.5rem 4rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label, [data-testid="stMainBlockContainer"] td,
[data-testid="stMainBlockContainer"] th, [data-testid="stMainBlockContainer"] input,
[data-testid="stMainBlockContainer"] textarea, [data-testid="stMainBlockContainer"] code,
[data-testid="stMainBlockContainer"] button, [data-testid="stMainBlockContainer"] [role="tab"] p {
  font-size: max(1.45rem, 1.2vw) !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: max(2.6rem, 2.6vw) !important;
  padding-top: 0; }
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"],
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] p {
  font-size: max(2rem, 2vw) !important; }
[data-testid="stMainBlockContainer"] h2, [data-testid="stMainBlockContainer"] h3 {
  font-size: max(1.8rem, 1.7vw) !important; }
[data-testid="stMainBlockContainer"] td, [data-testid="stMainBlockContainer"] th {
  padding: 0.4em 0.7em !important; }
[data-testid="stMainBlockContainer"] [data-testid="stSliderThumbValue"] {
  transform: translateY(-0.5em); }
[data-testid="stMainBlockContainer"] [data-baseweb="checkbox"] > div:first-child {
  transform: scale(1.5); margin-right: 0.7em; }
[data-testid="stMainBlockContainer"] [data-baseweb="tag"] { height: auto; padding: 0.2em 0.4em; }
[data-testid="stMainBlockContainer"] [data-baseweb="tag"] span {
  font-size: max(1.1rem, 1vw) !important; }
[data-testid="stMainBlockContainer"] [data-testid="stSlider"] [role="slider"] {
  transform: scale(1.4); }
</style>
"""

# Always: a picture wider than a phone scrolls inside itself; the page never pans sideways; on a
# phone a picture comes before the controls beside it (ui/layout.py).
# A chart's described caption (ui/chart.py) is read by screen readers and takes no space.
_LAYOUT_CSS = (
    """
<style>
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; overflow-y: hidden; }
[data-testid="stLayoutWrapper"]:has(> [class*="key-described_"]),
[class*="key-described_"] { position: absolute !important; width: 1px !important;
  height: 1px !important; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
"""
    + PHONE_CSS
    + "\n</style>\n"
)


def _document_language(lang: str) -> str:
    """A one-line script that sets `<html lang>` to the reader's language (screen readers,
    hyphenation and the browser's choice of CJK glyphs follow it). `lang` is one of LANGUAGES."""
    return f"<script>document.documentElement.lang = {lang!r};</script>"


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
    st.html(_LAYOUT_CSS + (_PRESENTER_CSS if presenting() else ""))
    st.html(_document_language(language()), unsafe_allow_javascript=True)


def presenting() -> bool:
    """True in presenter mode: bigger type and charts, fewer words."""
    return bool(st.session_state.get("present", False))


def scaled(px: int) -> int:
    """A picture's size in px (a cell's side, a chart's height), larger in presenter mode, where
    the sidebar is collapsed and the main area is about 1.5 times a laptop's."""
    return round(px * PRESENTER_SCALE) if presenting() else px
