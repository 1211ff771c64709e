"""Showing an altair chart with the app's theme, larger in presenter mode."""

from __future__ import annotations

import altair as alt
import streamlit as st

from charts.theme import themed
from ui.settings import presenting


def show(chart: alt.TopLevelMixin, *, key: str | None = None) -> None:
    st.altair_chart(themed(chart, large=presenting()), width="stretch", key=key)
