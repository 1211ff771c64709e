"""Handout links (TensorFlow Playground's idea): a lecturer hides chosen controls, and the page's
link carries that choice, so a class opens a page with only the knobs the exercise is about.

Hidden controls still run, hidden by CSS: their values keep coming from the link and the
page computes exactly as before.
"""

from __future__ import annotations

import streamlit as st

from ui import links
from ui.text import t


def hide_controls(prefix: str, controls: list[str]) -> None:
    """An expander to pick which of `controls` (widget keys without `prefix`) to hide; the
    choice is kept in the URL as `<prefix>hide`. Option names stay technical (they go into the
    link, which must work in every language). Hiding `seed` also hides every element whose key
    starts with `<prefix>seed` (its 🎲 button, `<prefix>seed_new`)."""
    key = f"{prefix}hide"
    links.check(key, links.choices(controls, str, None), t("common.handout_pick"))
    with st.expander(t("common.handout_title"), icon="🔗"):
        hidden = st.multiselect(
            t("common.handout_pick"),
            controls,
            key=key,
            bind="query-params",
            help=t("common.handout_help"),
            placeholder=t("common.choose"),
        )
    if hidden:
        boxes = ", ".join(f'[class*="st-key-{prefix}{name}"]' for name in hidden)
        st.html(f"<style>{boxes} {{ display: none; }}</style>")
