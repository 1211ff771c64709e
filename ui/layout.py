"""Columns whose last one, the picture, comes first on a phone.

Below 640 px Streamlit stacks columns one under another in source order, so controls in narrow
columns to the left of a picture push it off a phone's first screen. A CSS `order` on the stacked
(wrapped) flex row moves the last column to the top there; wider screens keep the source order.
"""

from __future__ import annotations

import streamlit as st

PHONE_PX = 640  # Streamlit 1.67's `breakpoints.columns`: narrower, columns stack

# Inside it, a row of four (buttons, metrics) stacks as two rows of two, not four rows of one.
_CSS = """<style>@media (max-width: {px}px) {{
[class*="key-{key}"] > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]
  > [data-testid="stColumn"]:last-child {{ order: -1; }}
[class*="key-{key}"] [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]:nth-child(4))
  > [data-testid="stColumn"] {{ min-width: calc(50% - 1rem); }} }}</style>"""


def picture_last_columns(key: str, spec: list[float], **kw: object) -> list:
    """`st.columns(spec, **kw)` in a container keyed `key` (not a widget: nothing in the URL);
    on a phone the last column is drawn above the others, and rows of four inside as 2 × 2."""
    st.html(_CSS.format(px=PHONE_PX, key=key))
    return st.container(key=key).columns(spec, **kw)
