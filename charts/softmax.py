"""Bars for the softmax page: one group per class, values that are not finite drawn as missing.

A naive softmax that overflowed has no bar at all and says `nan` where the bar would be; a
value beyond the fixed axis keeps its bar at the edge and prints its number. Nothing is ever
drawn as 0 unless torch returned 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import torch

from charts.theme import OKABE_ITO
from lib.softmax import Comparison, Gradient, Invariance
from lib.softmax_input import number

BROKEN, TORCH = "#D55E00", "#0072B2"  # vermillion for the naive route (and its failures)
PROBABILITY = (0.0, 1.0)
LOG_PROBABILITY = (-20.0, 0.0)  # p = 2e-9 at the bottom: below that, the bar's label tells
GRADIENT = (-1.0, 1.0)  # softmax(u) - onehot(y): each entry lies between -1 and 1


def _values(t: torch.Tensor | Sequence[float]) -> list[float]:
    return t.double().tolist() if isinstance(t, torch.Tensor) else [float(v) for v in t]


def _inside(v: float, domain: tuple[float, float]) -> float:
    """Where a value's label goes: on the value, or just inside the edge it was clipped at."""
    low, high = domain
    margin = 0.03 * (high - low)
    return low + margin if v < low else high - margin if v > high else v


def _rows(
    series: Mapping[str, torch.Tensor | Sequence[float]], domain: tuple[float, float], anchor: float
) -> pd.DataFrame:
    rows = []
    low, high = domain
    for name, values in series.items():
        for c, v in enumerate(_values(values)):
            finite = math.isfinite(v)
            outside = finite and not low <= v <= high
            rows.append(
                {
                    "class": c,
                    "series": name,
                    "value": v if finite else None,
                    "shown": number(v),
                    # the text mark: where a missing bar would start, or the edge a clipped bar hits
                    "label": "" if finite and not outside else number(v),
                    "kind": "clipped" if outside else "ok" if finite else "missing",
                    "label_y": _inside(v, domain) if finite else anchor,
                }
            )
    return pd.DataFrame(rows)


def grouped_bars(
    series: Mapping[str, torch.Tensor | Sequence[float]],
    *,
    title: str,
    y_title: str,
    class_title: str,
    domain: tuple[float, float] = PROBABILITY,
    colours: Sequence[str] | None = None,
    height: int = 360,
) -> alt.LayerChart:
    """One bar per (class, series) on a fixed y axis; inf / -inf / nan are labelled gaps."""
    anchor = 0.0 if domain[0] <= 0 <= domain[1] else domain[0]
    df = _rows(series, domain, anchor)
    names = list(series)
    colour = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
        scale=alt.Scale(domain=names, range=list(colours or OKABE_ITO)[: len(names)]),
    )
    x = alt.X("class:O", title=class_title, axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("series:N", sort=names)
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
        dy=10 if anchor >= domain[1] else -8, fontWeight="bold", color=BROKEN
    )
    clipped = base.transform_filter(alt.datum.kind == "clipped").mark_text(
        angle=270, align="left", baseline="middle", fontWeight="bold", color="#FFFFFF"
    )
    layers = [bars, missing.encode(**text), clipped.encode(**text)]
    return alt.layer(*layers, data=df).properties(title=title, height=height, width="container")


def gradient_bars(
    autograd: torch.Tensor,
    formula: torch.Tensor,
    *,
    target: int,
    title: str,
    subtitle: str,
    class_title: str,
    y_title: str,
    height: int = 320,
) -> alt.LayerChart:
    """Autograd's gradient as bars, the formula softmax(u) - q as a tick on each: they coincide."""
    grad, form = _values(autograd), _values(formula)
    df = pd.DataFrame(
        {
            "class": range(len(grad)),
            "grad": [v if math.isfinite(v) else None for v in grad],
            "formula": [v if math.isfinite(v) else None for v in form],
            "grad_shown": [number(v) for v in grad],
            "formula_shown": [number(v) for v in form],
            "true": [c == target for c in range(len(grad))],
        }
    )
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
    return alt.layer(bars, ticks, rule, data=df).properties(
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


def probabilities(r: Comparison, names: Mapping[str, str], height: int = 360) -> alt.LayerChart:
    series = {names["naive"]: r.naive_softmax, "torch.softmax": r.softmax}
    return grouped_bars(
        series,
        title=names["prob_title"],
        y_title="p",
        class_title=names["class"],
        colours=[BROKEN, TORCH],
        height=height,
    )


def log_probabilities(r: Comparison, names: Mapping[str, str], height: int = 360) -> alt.LayerChart:
    series = {names["naive_log"]: r.naive_log_softmax, "torch.log_softmax": r.log_softmax}
    return grouped_bars(
        series,
        title=names["log_title"],
        y_title="log p",
        class_title=names["class"],
        domain=LOG_PROBABILITY,
        colours=[BROKEN, TORCH],
        height=height,
    )


def invariance(inv: Invariance, names: Mapping[str, str], height: int = 360) -> alt.LayerChart:
    series = {
        "softmax(u)": inv.base,
        f"softmax(u + {inv.shift:g})": inv.shifted,
        f"softmax({inv.factor:g}·u)": inv.scaled,
    }
    return grouped_bars(
        series,
        title=names["inv_title"],
        y_title="p",
        class_title=names["class"],
        colours=[TORCH, OKABE_ITO[5], OKABE_ITO[1]],
        height=height,
    )


def gradient(
    g: Gradient, names: Mapping[str, str], target: int, height: int = 320
) -> alt.LayerChart:
    return gradient_bars(
        g.autograd,
        g.formula,
        target=target,
        title=names["grad_title"],
        subtitle=names["grad_subtitle"],
        class_title=names["class"],
        y_title="∂L/∂u",
        height=height,
    )
