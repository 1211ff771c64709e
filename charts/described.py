"""What a chart shows, said in words from its own numbers: for a reader who cannot see it.

A chart's describer sits beside its builder in charts/<concept>.py and is attached to it with
`@describes(builder)`. It takes exactly what ui.chart.draw() gives the builder — the rows of the
named data sets and the builder's options — and returns a `Sentence`: the locale key of a
template (`<concept>.describe.<chart>`) and the numbers that fill it. charts/ knows nothing of the
language: ui/chart.py looks the template up in the reader's language and formats the numbers
there, so each language chooses its own word order and precision.

A chart built whole on each rerun (ui.chart.show) carries its sentence in `usermeta` instead
(`with_sentence`), since show() never sees the builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

Rows = Mapping[str, pd.DataFrame]
USERMETA_KEY = "sentence"


@dataclass(frozen=True)
class Sentence:
    """A template's key and the values it quotes (numbers, technical names such as `tanh`)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


Describer = Callable[..., Sentence]


def describes(builder: Callable) -> Callable[[Describer], Describer]:
    """Attach the decorated `describe(rows, **options) -> Sentence` to `builder`, where
    ui.chart.draw() finds it; the describer stays a plain module function for tests."""

    def attach(describe: Describer) -> Describer:
        builder.describe = describe
        return describe

    return attach


def describer_of(builder: Callable) -> Describer | None:
    return getattr(builder, "describe", None)


def with_sentence(chart: alt.TopLevelMixin, sentence: Sentence) -> alt.TopLevelMixin:
    """`chart` carrying `sentence` for ui.chart.show(), which turns it into the description."""
    chart.usermeta = {USERMETA_KEY: {"key": sentence.key, "params": dict(sentence.params)}}
    return chart


def share(mask: pd.Series) -> float:
    """The fraction of rows where `mask` holds (0 for no rows)."""
    return float(mask.mean()) if len(mask) else 0.0
