"""Columns whose last one, the picture, comes first on a phone.

Below 640 px Streamlit stacks columns one under another in source order, so controls in narrow
columns to the left of a picture push it off a phone's first screen. A CSS `order` on the stacked
(wrapped) flex row moves the last column to the top there; wider screens keep the source order.
The rule is written once for the whole app (ui/settings.py puts PHONE_CSS in the page's layout
style) and finds every such row by its container's key prefix.
"""

from __future__ import annotations

import streamlit as st

PHONE_PX = 640  # Streamlit 1.67's `breakpoints.columns`: narrower, columns stack
KEY_PREFIX = "picture_last_"

# Inside it, a row of four (buttons, metrics) stacks as two rows of two, not four rows of one.
PHONE_CSS = f"""@media (max-width: {PHONE_PX}px) {{
[class*="key-{KEY_PREFIX}"] > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]
  > [data-testid="stColumn"]:last-child {{ order: -1; }}
[class*="key-{KEY_PREFIX}"] [data-testid="stHorizontalBlock"]:has(> :nth-child(4))
  > [data-testid="stColumn"] {{ min-width: calc(50% - 1rem); }} }}"""


def picture_last_columns(page: str, spec: list[float], **kw: object) -> list:
    """`st.columns(spec, **kw)` in a container keyed for `page` (not a widget: nothing in the
    URL); on a phone the last column is drawn above the others, and rows of four inside as 2 × 2."""
    return st.container(key=KEY_PREFIX + page).columns(spec, **kw)
