"""Showing an altair chart with the app's theme, larger in presenter mode."""

from __future__ import annotations

import altair as alt
import streamlit as st

from charts.theme import themed
from ui.settings import presenting


def show(chart: alt.TopLevelMixin, *, stretch: bool = True, key: str | None = None) -> None:
    """`stretch=False` for charts whose cells have a meaningful size (grids, strips): give them
    `autosize="pad"` so width/height are the plot itself, not plot + title + axes."""
    st.altair_chart(
        themed(chart, large=presenting()), width="stretch" if stretch else "content", key=key
    )
