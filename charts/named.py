"""Charts over named data sets: the spec names its data, the rows come separately.

A builder that draws from `alt.NamedData("cells")` gives a spec that does not change when the
numbers do, so a page can build it once and send only new rows (ui.chart.draw).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd


def with_data(chart: alt.TopLevelMixin, data: Mapping[str, pd.DataFrame]) -> alt.TopLevelMixin:
    """The chart with its named data sets inlined: what to_dict() tests and one-off views use."""
    full = chart.copy()
    full.datasets = {name: df.to_dict(orient="records") for name, df in data.items()}
    return full
