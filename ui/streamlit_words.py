"""Streamlit's own words on our pages, in the reader's language.

Placeholders are set through the API (`placeholder=t("common.choose")`). The file uploader's
button and its "6MB per file" line have no API: they are replaced here by CSS with our words,
which also state our real limit (lib refuses past 5 MB; the browser lets 6 MB through so that a
5.x MB file gets that refusal in the reader's language rather than Streamlit's English one).
"""

from __future__ import annotations

import json

import streamlit as st

from ui.text import t

_ZONE = '[data-testid="stFileUploaderDropzone"]'


def _css_text(text: str) -> str:
    """A CSS string literal: JSON's escaping of quotes and backslashes is valid CSS."""
    return json.dumps(text, ensure_ascii=False)


def uploader_words(limit_mb: int, types: list[str]) -> None:
    """Call just before `st.file_uploader`: its button and limit line in the reader's language."""
    limit = t("common.upload_limit", mb=limit_mb) + " · " + ", ".join(x.upper() for x in types)
    st.html(
        f"""<style>
{_ZONE} [data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0 !important; }}
{_ZONE} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: {_css_text(limit)}; font-size: 0.875rem; }}
{_ZONE} button [data-testid="stMarkdownContainer"] p {{ font-size: 0 !important; }}
{_ZONE} button [data-testid="stMarkdownContainer"] p::after {{
  content: {_css_text(t("common.upload_button"))}; font-size: 1rem; }}
</style>"""
    )
