"""Charts over named data sets: the spec names its data, the rows come separately.

A builder that draws from `alt.NamedData("cells")` gives a spec that does not change when the
numbers do, so a page can build it once and send only new rows (ui.chart.draw).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd


def with_data(chart: alt.TopLevelMixin, data: Mapping[str, pd.DataFrame]) -> alt.TopLevelMixin:
    """The chart with its named data sets inlined: what to_dict() tests and one-off views use.
    NaN becomes null, as in the Arrow tables ui.chart.draw ships (Vega-Lite draws no mark)."""
    full = chart.copy()
    full.datasets = {name: _records(df) for name, df in data.items()}
    return full


def _records(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict(orient="records")
