"""Activation charts: f and f′ with saturated regions, one neuron, and pre-activations by layer.

Every builder takes the translated words in `text` (a dict) and draws only what lib measured.
Charts meant to be read against each other share one x scale and one y-axis width, so their
plotting areas line up when stacked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from charts.theme import OKABE_ITO
from lib.activations import Curve
from lib.activations_network import NetworkProbe
from lib.activations_neuron import Neuron
from lib.activations_properties import Properties

AXIS_EXTENT = 56  # px for every y axis, so stacked charts line up
SHADE = "#BBBBBB"  # saturated: grey, whatever the function's colour
SENSITIVE_TEXT, SATURATED_TEXT = OKABE_ITO[0], "#555555"
LABEL_SHARE = 0.08  # write a region's name only when it spans this much of the x axis
# Stretch to the column; `height` is then the plotting area, whatever titles and legends need.
SIZE = {"width": "container", "autosize": alt.AutoSizeParams(type="fit-x", contains="padding")}
Text = Mapping[str, str]
Parts = Sequence[tuple[float, float]]


def _x(lo: float, hi: float, title: str, field: str = "x") -> alt.X:
    return alt.X(f"{field}:Q", title=title, scale=alt.Scale(domain=[lo, hi], nice=False))


def _y(field: str, title: str, **kwargs) -> alt.Y:
    return alt.Y(f"{field}:Q", title=title, axis=alt.Axis(minExtent=AXIS_EXTENT), **kwargs)


def _colour(names: Sequence[str], title: str, legend: bool = True) -> alt.Color:
    return alt.Color(
        "function:N",
        title=title,
        scale=alt.Scale(domain=list(names), range=OKABE_ITO[: len(names)]),
        legend=alt.Legend(orient="top") if legend else None,
    )


def _regions(parts: Parts, kind: str, lo: float, hi: float) -> pd.DataFrame:
    rows = [
        {
            "start": a,
            "end": b,
            "mid": (a + b) / 2,
            "kind": kind,
            "labelled": (b - a) >= LABEL_SHARE * (hi - lo),
        }
        for a, b in parts
    ]
    df = pd.DataFrame(rows, columns=["start", "end", "mid", "kind", "labelled"])
    return df.astype({"start": float, "end": float, "mid": float})  # typed even when empty


def _region_tips(text: Text) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("kind:N", title=text["region"]),
        alt.Tooltip("start:Q", title=text["from"], format=".3f"),
        alt.Tooltip("end:Q", title=text["to"], format=".3f"),
    ]


def _bands(
    c: Curve | Neuron, lo: float, hi: float, axis: str, text: Text, named: bool = True
) -> list[alt.Chart]:
    """Grey bands where |f′| < threshold, and (if `named`) both regions named along the top."""
    shade = (
        alt.Chart(_regions(c.saturated, text["saturated"], lo, hi))
        .mark_rect(color=SHADE, opacity=0.35)
        .encode(x=_x(lo, hi, axis, "start"), x2=alt.X2("end"), tooltip=_region_tips(text))
    )
    if not named:
        return [shade]
    regions = (
        (c.sensitive, text["sensitive"], SENSITIVE_TEXT),
        (c.saturated, text["saturated"], SATURATED_TEXT),
    )
    return [shade, *(_names(parts, kind, colour, lo, hi, axis) for parts, kind, colour in regions)]


def _names(parts: Parts, kind: str, colour: str, lo: float, hi: float, axis: str) -> alt.Chart:
    """The region's name written along the top, wherever it is wide enough to read."""
    df = _regions(parts, kind, lo, hi)
    return (
        alt.Chart(df[df["labelled"]])
        .mark_text(baseline="top", dy=4, fontWeight="bold", color=colour)
        .encode(x=_x(lo, hi, axis, "mid"), y=alt.YValue(0), text=alt.Text("kind:N"))
    )


def function_charts(
    curves: Sequence[Curve],
    at_x0: Mapping[str, tuple[float, float]],
    x0: float,
    threshold: float,
    text: Text,
) -> tuple[alt.LayerChart, alt.LayerChart, alt.Chart]:
    """f, then f′ with the ±threshold lines, then the per-function strip; bands for the first."""
    first = curves[0]
    lo, hi = float(first.x[0]), float(first.x[-1])
    names = [c.name for c in curves]
    df = pd.concat(
        [
            pd.DataFrame(
                {"function": c.name, "x": c.x.tolist(), "f": c.y.tolist(), "df": c.dy.tolist()}
            )
            for c in curves
        ]
    )
    tips = [
        alt.Tooltip("function:N", title=text["function"]),
        alt.Tooltip("x:Q", format=".3f"),
        alt.Tooltip("f:Q", title=text["f"], format=".4f"),
        alt.Tooltip("df:Q", title=text["df"], format=".4f"),
    ]
    points = pd.DataFrame(
        [
            {"function": n, "x": x0, "f": v[0], "df": v[1]}
            for n, v in at_x0.items()
            if lo <= x0 <= hi
        ],
        columns=["function", "x", "f", "df"],
    )

    def panel(field: str, height: int, top: bool, *extra: alt.Chart) -> alt.LayerChart:
        colour = _colour(names, text["function"], legend=top)
        line = (
            alt.Chart(df)
            .mark_line(strokeWidth=2.5)
            .encode(x=_x(lo, hi, text["x"]), y=_y(field, text[field]), color=colour, tooltip=tips)
        )
        rule = (
            alt.Chart(points.head(1))
            .mark_rule(strokeDash=[4, 3], color="black")
            .encode(x=_x(lo, hi, text["x"]))
        )
        dots = (
            alt.Chart(points)
            .mark_point(filled=True, size=90, stroke="black")
            .encode(x=_x(lo, hi, text["x"]), y=alt.Y(f"{field}:Q"), color=colour, tooltip=tips)
        )
        return alt.layer(
            *_bands(first, lo, hi, text["x"], text, named=top), line, *extra, rule, dots
        ).properties(**SIZE, height=height, title=text[field])

    limits = pd.DataFrame({"y": [threshold, -threshold], "label": text["threshold"]})
    band = (
        alt.Chart(limits)
        .mark_rule(strokeDash=[6, 4], color=OKABE_ITO[3])
        .encode(
            y=alt.Y("y:Q"),
            tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("y:Q", format=".3f")],
        )
    )
    return panel("f", 260, True), panel("df", 200, False, band), strip_chart(curves, text)


def strip_chart(curves: Sequence[Curve], text: Text) -> alt.Chart:
    """One row per function: where it is sensitive (its colour) and saturated (grey)."""
    lo, hi = float(curves[0].x[0]), float(curves[0].x[-1])
    names = [c.name for c in curves]
    rows = [
        {"function": c.name, "start": a, "end": b, "kind": kind, "paint": paint}
        for c in curves
        for paint, kind, parts in (
            (c.name, text["sensitive"], c.sensitive),
            (text["saturated"], text["saturated"], c.saturated),
        )
        for a, b in parts
    ]
    df = pd.DataFrame(rows, columns=["function", "start", "end", "kind", "paint"])
    # Each function's own colour where it is sensitive, one grey wherever it is saturated.
    paint = alt.Color(
        "paint:N",
        legend=None,
        scale=alt.Scale(
            domain=[*names, text["saturated"]], range=[*OKABE_ITO[: len(names)], SHADE]
        ),
    )
    return (
        alt.Chart(df)
        .mark_bar(height={"band": 0.7})
        .encode(
            x=_x(lo, hi, text["x"], "start"),
            x2=alt.X2("end"),
            y=alt.Y(
                "function:N",
                title=text["function"],
                sort=names,
                axis=alt.Axis(minExtent=AXIS_EXTENT),
            ),
            color=paint,
            tooltip=[alt.Tooltip("function:N", title=text["function"]), *_region_tips(text)],
        )
        .properties(**SIZE, height=34 * len(curves), title=text["strip"])
    )


def neuron_charts(unit: Neuron, plain: Neuron, text: Text) -> tuple[alt.LayerChart, alt.LayerChart]:
    """y = act(w·x + b) against the plain act(x), the unit's saturated bands shaded; dy/dx."""
    lo, hi = float(unit.x[0]), float(unit.x[-1])
    curves = ((text["neuron"], unit), (text["plain"], plain))
    df = pd.concat(
        [
            pd.DataFrame(
                {"curve": label, "x": n.x.tolist(), "y": n.y.tolist(), "dydx": n.dydx.tolist()}
            )
            for label, n in curves
        ]
    )
    domain = [label for label, _ in curves]
    colour = alt.Color(
        "curve:N",
        title=None,
        legend=alt.Legend(orient="top"),
        scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], "#888888"]),
    )
    dash = alt.StrokeDash(
        "curve:N", legend=None, scale=alt.Scale(domain=domain, range=[[1, 0], [5, 4]])
    )
    tips = [
        alt.Tooltip("curve:N", title=""),
        alt.Tooltip("x:Q", format=".3f"),
        alt.Tooltip("y:Q", format=".4f"),
        alt.Tooltip("dydx:Q", title=text["dydx"], format=".4f"),
    ]

    def panel(field: str, height: int, named: bool) -> alt.LayerChart:
        line = (
            alt.Chart(df)
            .mark_line(strokeWidth=2.5)
            .encode(
                x=_x(lo, hi, text["x"]),
                y=_y(field, text[field]),
                color=colour,
                strokeDash=dash,
                tooltip=tips,
            )
        )
        return alt.layer(*_bands(unit, lo, hi, text["x"], text, named), line).properties(
            **SIZE, height=height, title=text[field]
        )

    return panel("y", 260, True), panel("dydx", 170, False)


def histogram_charts(
    probe: NetworkProbe, curve: Curve, text: Text
) -> tuple[alt.LayerChart, alt.LayerChart]:
    """The activation over z; below it one row per layer: where its pre-activations fall."""
    lo, hi = probe.config.hist_range
    edges = probe.bin_edges
    df = pd.DataFrame(
        [
            {
                "layer": s.layer,
                "start": edges[k],
                "end": edges[k + 1],
                "share": c / (sum(s.counts) or 1),
                "saturated": s.saturated_share,
                "std": s.pre_std,
            }
            for s in probe.layers
            for k, c in enumerate(s.counts)
            if c  # an empty bin stays background: "nothing lands here"
        ]
    )
    shape = (
        alt.Chart(pd.DataFrame({"x": curve.x.tolist(), "f": curve.y.tolist()}))
        .mark_line(strokeWidth=2.5, color=OKABE_ITO[0])
        .encode(
            x=_x(lo, hi, text["z"]),
            y=_y("f", text["f"]),
            tooltip=[
                alt.Tooltip("x:Q", title="z", format=".3f"),
                alt.Tooltip("f:Q", title=text["f"], format=".4f"),
            ],
        )
    )
    top = alt.layer(*_bands(curve, lo, hi, text["z"], text), shape).properties(
        **SIZE, height=150, title=text["shape_title"]
    )
    cuts = pd.DataFrame(
        {"edge": sorted({e for part in curve.saturated for e in part if lo < e < hi})},
        columns=["edge"],
    )
    heat = (
        alt.Chart(df)
        .mark_rect()
        .encode(
            x=_x(lo, hi, text["z"], "start"),
            x2=alt.X2("end"),
            y=alt.Y("layer:O", title=text["layer"], axis=alt.Axis(minExtent=AXIS_EXTENT)),
            color=alt.Color(
                "share:Q",
                title=text["share"],
                scale=alt.Scale(scheme="viridis"),
                legend=alt.Legend(format=".0%", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("layer:O", title=text["layer"]),
                alt.Tooltip("start:Q", title=text["from"], format=".2f"),
                alt.Tooltip("end:Q", title=text["to"], format=".2f"),
                alt.Tooltip("share:Q", title=text["share"], format=".1%"),
                alt.Tooltip("saturated:Q", title=text["saturated_share"], format=".1%"),
                alt.Tooltip("std:Q", title=text["std"], format=".3f"),
            ],
        )
    )
    rule = (
        alt.Chart(cuts)
        .mark_rule(color="white", strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=_x(lo, hi, text["z"], "edge"))
    )
    bottom = alt.layer(heat, rule).properties(
        **SIZE, height=max(120, 18 * len(probe.layers)), title=text["hist_title"]
    )
    return top, bottom


def _layer_x(probe: NetworkProbe, text: Text) -> alt.X:
    return alt.X(
        "layer:Q",
        title=text["layer"],
        axis=alt.Axis(tickMinStep=1, format="d"),
        scale=alt.Scale(domain=[1, max(2, len(probe.layers))]),
    )


def share_chart(probe: NetworkProbe, text: Text) -> alt.Chart:
    """Saturated values and dead units per layer, on a fixed 0–100 % axis."""
    measures = (("saturated_share", "saturated_share"), ("dead_share", "dead_share"))
    df = pd.DataFrame(
        [
            {"layer": s.layer, "measure": text[key], "value": getattr(s, field)}
            for key, field in measures
            for s in probe.layers
        ]
    )
    colour = alt.Color(
        "measure:N",
        title=None,
        legend=alt.Legend(orient="top"),
        scale=alt.Scale(domain=[text[k] for k, _ in measures], range=[OKABE_ITO[1], OKABE_ITO[3]]),
    )
    return (
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=_layer_x(probe, text),
            y=alt.Y(
                "value:Q",
                title=text["share_axis"],
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=colour,
            strokeDash=alt.StrokeDash("measure:N", legend=None),
            tooltip=[
                alt.Tooltip("layer:Q", title=text["layer"]),
                alt.Tooltip("measure:N", title=""),
                alt.Tooltip("value:Q", format=".1%"),
            ],
        )
        .properties(**SIZE, height=220, title=text["share_title"])
    )


def gradient_chart(probe: NetworkProbe, text: Text) -> alt.Chart:
    """‖∂L/∂W‖ per layer on a log axis: a straight slope is a geometric vanishing or explosion."""
    df = pd.DataFrame(
        [
            {"layer": s.layer, "norm": s.weight_grad_norm, "pre": s.pre_grad_norm}
            for s in probe.layers
            if s.weight_grad_norm > 0
        ],
        columns=["layer", "norm", "pre"],
    )
    return (
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=2.5, color=OKABE_ITO[2])
        .encode(
            x=_layer_x(probe, text),
            y=alt.Y(
                "norm:Q",
                title=text["grad_axis"],
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~g"),
            ),
            tooltip=[
                alt.Tooltip("layer:Q", title=text["layer"]),
                alt.Tooltip("norm:Q", title=text["grad_axis"], format=".3e"),
                alt.Tooltip("pre:Q", title=text["pre_grad"], format=".3e"),
            ],
        )
        .properties(**SIZE, height=220, title=text["grad_title"])
    )


def layer_charts(probe: NetworkProbe, text: Text) -> tuple[alt.Chart, alt.Chart]:
    """Side by side under the histograms: what saturates, and what gradient gets through."""
    return share_chart(probe, text), gradient_chart(probe, text)


def _number(v: float) -> str:
    return "−∞" if v == -math.inf else "+∞" if v == math.inf else f"{v:.3g}"


def _saturates(slope: float, saturates: bool, flat: bool, text: Text) -> str:
    if not saturates:
        return f"{text['no']} (f′ → {slope:.3g})"
    return f"{text['yes']} ({text['flat'] if flat else text['fading']})"


def _kinks(p: Properties, text: Text) -> str:
    return (
        "; ".join(f"{k.x:g}: {k.left:g}→{k.right:g} (autograd {k.autograd:g})" for k in p.kinks)
        or text["none"]
    )


def properties_frame(rows: Sequence[Properties], text: Text) -> pd.DataFrame:
    """The properties table: one row per function, every cell measured by lib."""
    return pd.DataFrame(
        [
            {
                text["function"]: p.name,
                text["range"]: f"{_number(p.lower)} … {_number(p.upper)}",
                text["zero_centred"]: f"{text['yes'] if p.zero_centred else text['no']} "
                f"(E f(z) = {round(p.mean_normal, 3) + 0.0:+.3f})",
                text["monotone"]: text["yes"] if p.monotone else text["no"],
                text["sat_left"]: _saturates(p.slope_left, p.saturates_left, p.flat_left, text),
                text["sat_right"]: _saturates(p.slope_right, p.saturates_right, p.flat_right, text),
                text["kinks"]: _kinks(p, text),
            }
            for p in rows
        ]
    )
