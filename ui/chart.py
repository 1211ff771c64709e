"""Showing an altair chart with the app's theme, larger in presenter mode."""

from __future__ import annotations

import altair as alt
import streamlit as st

from charts.theme import themed
from ui.settings import presenting


def show(chart: alt.TopLevelMixin, *, stretch: bool = True, key: str | None = None) -> None:
    """Draw `chart`; `stretch=False` for charts whose cells have a meaningful size (grids,
    strips), which should also set `autosize="pad"` so width/height are the plot itself.

    The spec goes to Streamlit as a dict built without schema validation: validating and
    deep-copying in `st.altair_chart` took most of a rerun, under a process-wide lock that every
    student's session waits on. tests/charts validates every builder's spec instead.
    """
    spec = themed(chart, large=presenting()).to_dict(validate=False)
    st.vega_lite_chart(spec, width="stretch" if stretch else "content", key=key)
