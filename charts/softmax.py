"""Bars for the softmax page: one group per class, values that are not finite drawn as missing.

A naive softmax that overflowed has no bar at all and says `nan` where the bar would be; a
value beyond the fixed axis keeps its bar at the edge and prints its number. Nothing is ever
drawn as 0 unless torch returned 0.

Each picture comes in two halves (see charts.named): a builder of plain options whose spec a
page builds once (ui.chart.draw), and `*_rows(...)` giving its named data sets' rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import torch

from charts.described import Sentence, describes
from charts.theme import OKABE_ITO
from lib.softmax.formulas import Comparison, Gradient, Invariance
from lib.softmax.parse import number

BROKEN, TORCH = "#D55E00", "#0072B2"  # vermillion for the naive route (and its failures)
PROBABILITY = (0.0, 1.0)
# log p axes: the first of these floors that holds every finite log p, so ordinary logits are not
# squashed into a sliver while underflow still shows on a fixed scale (p = 2e-9 at -20).
LOG_FLOORS = (-5.0, -20.0, -100.0)
GRADIENT = (-1.0, 1.0)  # softmax(u) - onehot(y): each entry lies between -1 and 1
Values = torch.Tensor | Sequence[float]


def _values(t: Values) -> list[float]:
    return t.double().tolist() if isinstance(t, torch.Tensor) else [float(v) for v in t]


def _inside(v: float, domain: tuple[float, float]) -> float:
    """Where a value's label goes: on the value, or just inside the edge it was clipped at."""
    low, high = domain
    margin = 0.03 * (high - low)
    return low + margin if v < low else high - margin if v > high else v


def _rows(series: Mapping[str, Values], domain: tuple[float, float]) -> pd.DataFrame:
    rows = []
    low, high = domain
    anchor = _anchor(domain)
    for order, (name, values) in enumerate(series.items()):
        for c, v in enumerate(_values(values)):
            finite = math.isfinite(v)
            outside = finite and not low <= v <= high
            rows.append(
                {
                    "class": c,
                    "series": name,
                    "order": order,  # legend, colour and bar order: the series' order here
                    "value": v if finite else None,
                    "shown": number(v),
                    # the text mark: where a missing bar would start, or the edge a clipped bar hits
                    "label": "" if finite and not outside else number(v),
                    "kind": "clipped" if outside else "ok" if finite else "missing",
                    "label_y": _inside(v, domain) if finite else anchor,
                }
            )
    return pd.DataFrame(rows)


def _anchor(domain: tuple[float, float]) -> float:
    """Where a missing bar's label sits: the zero line, or the bottom when 0 is off the axis."""
    return 0.0 if domain[0] <= 0 <= domain[1] else domain[0]


def grouped_bars(
    *,
    title: str,
    y_title: str,
    class_title: str,
    domain: tuple[float, float] = PROBABILITY,
    colours: Sequence[str] = OKABE_ITO,
    height: int = 360,
) -> alt.LayerChart:
    """One bar per (class, series) on a fixed y axis from the rows of `bars` (see _rows); inf,
    -inf and nan are labelled gaps. Series are coloured and ordered by their `order`, so the
    spec does not name them and stays the same while their names change (softmax(u + 5))."""
    in_order = alt.EncodingSortField("order", op="min")
    colour = alt.Color(
        "series:N",
        title=None,
        sort=in_order,
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
        scale=alt.Scale(range=list(colours)),
    )
    x = alt.X("class:O", title=class_title, axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("series:N", sort=in_order)
    tooltip = [
        alt.Tooltip("class:O", title=class_title),
        alt.Tooltip("series:N", title=" "),
        alt.Tooltip("shown:N", title=y_title),
    ]
    base = alt.Chart().encode(x=x, xOffset=offset)  # the data goes on the layer, once
    bars = base.mark_bar().encode(
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=list(domain), clamp=True)),
        color=colour,
        tooltip=tooltip,
    )
    # A missing bar: its label in vermillion next to the zero line (below it when bars grow
    # downwards, as log-probabilities do). A clipped bar: its value written up the bar in white.
    text = dict(y=alt.Y("label_y:Q"), text=alt.Text("label:N"), tooltip=tooltip)
    missing = base.transform_filter(alt.datum.kind == "missing").mark_text(
        dy=10 if _anchor(domain) >= domain[1] else -8, fontWeight="bold", color=BROKEN
    )
    clipped = base.transform_filter(alt.datum.kind == "clipped").mark_text(
        angle=270, align="left", baseline="middle", fontWeight="bold", color="#FFFFFF"
    )
    layers = [bars, missing.encode(**text), clipped.encode(**text)]
    return alt.layer(*layers, data=alt.NamedData("bars")).properties(
        title=title, height=height, width="container"
    )


def gradient_bars(
    *, title: str, subtitle: str, class_title: str, y_title: str, height: int = 320
) -> alt.LayerChart:
    """Autograd's gradient as bars, the formula softmax(u) - q as a tick on each: they coincide.
    Rows: `gradient_rows`."""
    x = alt.X("class:O", title=class_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y("grad:Q", title=y_title, scale=alt.Scale(domain=list(GRADIENT), clamp=True))
    tooltip = [
        alt.Tooltip("class:O", title=class_title),
        alt.Tooltip("grad_shown:N", title="autograd"),
        alt.Tooltip("formula_shown:N", title="softmax(u) − q"),
    ]
    base = alt.Chart().encode(x=x, tooltip=tooltip)
    # The true class in bluish green (the subtitle says so), every other class in blue.
    colour = alt.Color(
        "true:N",
        legend=None,
        scale=alt.Scale(domain=[True, False], range=[OKABE_ITO[2], OKABE_ITO[0]]),
    )
    bars = base.mark_bar().encode(y=y, color=colour)
    ticks = base.mark_tick(color="#000000", thickness=3, size=28).encode(y=alt.Y("formula:Q"))
    rule = alt.Chart().mark_rule(color="#888888").encode(y=alt.datum(0))
    return alt.layer(bars, ticks, rule, data=alt.NamedData("gradient")).properties(
        title=alt.Title(title, subtitle=subtitle), height=height, width="container"
    )


# Translated words the page hands in, one t() each: the charts never look up a language.
NAMES = (
    "class",
    "naive",
    "naive_log",
    "prob_title",
    "log_title",
    "inv_title",
    "grad_title",
    "grad_subtitle",
)


# Each picture: a builder of plain options (its spec is cached, ui.chart.draw) and its rows.
def probabilities(names: Mapping[str, str], height: int = 360) -> alt.LayerChart:
    return grouped_bars(
        title=names["prob_title"],
        y_title="p",
        class_title=names["class"],
        colours=(BROKEN, TORCH),
        height=height,
    )


def probability_rows(r: Comparison, names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    series = {names["naive"]: r.naive_softmax, "torch.softmax": r.softmax}
    return {"bars": _rows(series, PROBABILITY)}


def log_floor(r: Comparison) -> float:
    """The axis floor for this result's log-probabilities (one of LOG_FLOORS)."""
    finite = [v for v in r.log_softmax.double().tolist() if math.isfinite(v)]
    low = min(finite, default=0.0)
    return next((f for f in LOG_FLOORS if low >= f), LOG_FLOORS[-1])


def log_probabilities(
    names: Mapping[str, str], height: int = 360, floor: float = LOG_FLOORS[1]
) -> alt.LayerChart:
    return grouped_bars(
        title=names["log_title"],
        y_title="log p",
        class_title=names["class"],
        domain=(floor, 0.0),
        colours=(BROKEN, TORCH),
        height=height,
    )


def log_probability_rows(r: Comparison, names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    series = {names["naive_log"]: r.naive_log_softmax, "torch.log_softmax": r.log_softmax}
    return {"bars": _rows(series, (log_floor(r), 0.0))}


def invariance(names: Mapping[str, str], height: int = 360) -> alt.LayerChart:
    return grouped_bars(
        title=names["inv_title"],
        y_title="p",
        class_title=names["class"],
        colours=(TORCH, OKABE_ITO[5], OKABE_ITO[1]),
        height=height,
    )


def invariance_rows(inv: Invariance) -> dict[str, pd.DataFrame]:
    series = {
        "softmax(u)": inv.base,
        f"softmax(u + {inv.shift:g})": inv.shifted,
        f"softmax({inv.factor:g}·u)": inv.scaled,
    }
    return {"bars": _rows(series, PROBABILITY)}


def gradient(names: Mapping[str, str], height: int = 320) -> alt.LayerChart:
    return gradient_bars(
        title=names["grad_title"],
        subtitle=names["grad_subtitle"],
        class_title=names["class"],
        y_title="∂L/∂u",
        height=height,
    )


def gradient_rows(g: Gradient, target: int) -> dict[str, pd.DataFrame]:
    grad, form = _values(g.autograd), _values(g.formula)
    rows = {
        "class": range(len(grad)),
        "grad": [v if math.isfinite(v) else None for v in grad],
        "formula": [v if math.isfinite(v) else None for v in form],
        "grad_shown": [number(v) for v in grad],
        "formula_shown": [number(v) for v in form],
        "true": [c == target for c in range(len(grad))],
    }
    return {"gradient": pd.DataFrame(rows)}


def _series(bars: pd.DataFrame) -> tuple[Sentence, ...]:
    """Per series, in legend order: its tallest bar and class, and how many values torch could
    not give (nan or inf: no bar)."""
    # Plain lists, not pandas: a rerun describes every chart, and groupby/idxmax cost more.
    columns = ("order", "series", "kind", "value", "shown", "class")
    groups: dict[str, list[tuple]] = {}
    for _order, name, *rest in sorted(zip(*(bars[c].tolist() for c in columns)), key=_first):
        groups.setdefault(name, []).append(rest)
    said = []
    for name, one in groups.items():
        missing = sum(kind == "missing" for kind, *_ in one)
        drawn = [r for r in one if r[1] is not None and not math.isnan(r[1])]
        if not drawn:
            said.append(Sentence("softmax.describe.series_none", {"series": name}))
            continue
        _, _, shown, c = max(drawn, key=lambda r: r[1])  # the first of equal maxima, as idxmax
        key = "softmax.describe.series_missing" if missing else "softmax.describe.series_top"
        said.append(Sentence(key, {"series": name, "top": shown, "at": int(c), "n": missing}))
    return tuple(said)


def _first(row: tuple) -> object:
    return row[0]


def _describe_bars(rows, title: str) -> Sentence:
    return Sentence("softmax.describe.bars", {"title": title, "series": _series(rows["bars"])})


@describes(probabilities)
def describe_probabilities(rows, names: Mapping[str, str], height: int = 360) -> Sentence:
    return _describe_bars(rows, names["prob_title"])


@describes(log_probabilities)
def describe_log_probabilities(
    rows, names: Mapping[str, str], height: int = 360, floor: float = LOG_FLOORS[1]
) -> Sentence:
    return _describe_bars(rows, names["log_title"])


@describes(invariance)
def describe_invariance(rows, names: Mapping[str, str], height: int = 360) -> Sentence:
    return _describe_bars(rows, names["inv_title"])


@describes(gradient)
def describe_gradient(rows, names: Mapping[str, str], height: int = 320) -> Sentence:
    """The true class's gradient, the others' sum, and autograd's largest gap to the formula."""
    g = rows["gradient"]
    true = g[g["true"]]
    return Sentence(
        "softmax.describe.gradient",
        {
            "y": int(true["class"].iloc[0]) if len(true) else -1,
            "gy": float(true["grad"].iloc[0]) if len(true) else float("nan"),
            "rest": float(g.loc[~g["true"], "grad"].sum()),
            "gap": float((g["grad"] - g["formula"]).abs().max()),
        },
    )
