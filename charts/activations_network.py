"""The network view's charts: where each layer's pre-activations fall on the activation, what
saturates, and what gradient gets through.

As in charts/activations.py, each builder takes plain options (the z range, the number of
layers, the translated words in `text`) and reads named data sets; `*_rows(...)` give the rows.
Moving the init scale or the seed then only changes rows.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from charts.activations import AXIS_EXTENT, SIZE, Rows, Text, band_rows, bands, x_axis, y_axis
from charts.described import Sentence, describes
from charts.theme import OKABE_ITO, share_y
from lib.activations.curves import Curve
from lib.activations.network import NetworkProbe


def shape_chart(lo: float, hi: float, text: Text) -> alt.LayerChart:
    """The activation over z ("shape"), its regions shaded and named as in the function view."""
    line = (
        alt.Chart(alt.NamedData("shape"))
        .mark_line(strokeWidth=2.5, color=OKABE_ITO[0])
        .encode(
            x=x_axis(lo, hi, text["z"]),
            y=y_axis("f", text["f"]),
            tooltip=[
                alt.Tooltip("x:Q", title="z", format=".3f"),
                alt.Tooltip("f:Q", title=text["f"], format=".4f"),
            ],
        )
    )
    return alt.layer(*bands(lo, hi, text["z"], text), line).properties(
        **SIZE, height=150, title=text["shape_title"]
    )


def shape_rows(curve: Curve, text: Text) -> Rows:
    """Rows for shape_chart(): `curve` sampled over the histograms' z range."""
    lo, hi = float(curve.x[0]), float(curve.x[-1])
    line = pd.DataFrame({"x": curve.x.numpy(), "f": curve.y.numpy()})
    return {**band_rows(curve, lo, hi, text), "shape": line}


def histogram_chart(layers: int, lo: float, hi: float, text: Text) -> alt.LayerChart:
    """One row per layer ("cells"): the share of its pre-activations in each bin of z; white
    dashed lines where the activation's saturated regions begin ("cuts")."""
    heat = (
        alt.Chart(alt.NamedData("cells"))
        .mark_rect()
        .encode(
            x=x_axis(lo, hi, text["z"], "start"),
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
        alt.Chart(alt.NamedData("cuts"))
        .mark_rule(color="white", strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x_axis(lo, hi, text["z"], "edge"))
    )
    return alt.layer(heat, rule).properties(
        **SIZE, height=max(120, 18 * layers), title=text["hist_title"]
    )


def histogram_rows(probe: NetworkProbe, curve: Curve) -> Rows:
    """Rows for histogram_chart(); an empty bin has no row and stays background ("nothing
    lands here"). `curve` is the activation over the same z range."""
    lo, hi = probe.config.hist_range
    counts = np.array([s.counts for s in probe.layers], dtype=float)
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    row, k = np.nonzero(counts)  # layer by layer, bin by bin
    edges = np.array(probe.bin_edges)

    def per_layer(field: str) -> np.ndarray:
        return np.array([getattr(s, field) for s in probe.layers])[row]

    cells = {
        "layer": per_layer("layer"),
        "start": edges[k],
        "end": edges[k + 1],
        "share": shares[row, k],
        "saturated": per_layer("saturated_share"),
        "std": per_layer("pre_std"),
    }
    cuts = sorted({e for part in curve.saturated for e in part if lo < e < hi})
    return {
        "cells": pd.DataFrame(cells),
        "cuts": pd.DataFrame({"edge": np.array(cuts, dtype=float)}),
    }


def _layer_x(layers: int, text: Text) -> alt.X:
    return alt.X(
        "layer:Q",
        title=text["layer"],
        axis=alt.Axis(tickMinStep=1, format="d"),
        scale=alt.Scale(domain=[1, max(2, layers)]),
    )


MEASURES = (("saturated_share", "saturated_share"), ("dead_share", "dead_share"))  # word, field


def share_chart(layers: int, text: Text) -> alt.Chart:
    """Saturated values and dead units per layer ("shares"), on a fixed 0–100 % axis."""
    colour = alt.Color(
        "measure:N",
        title=None,
        legend=alt.Legend(orient="top"),
        scale=alt.Scale(domain=[text[k] for k, _ in MEASURES], range=[OKABE_ITO[1], OKABE_ITO[3]]),
    )
    return (
        alt.Chart(alt.NamedData("shares"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=_layer_x(layers, text),
            y=share_y("value:Q", text["share_axis"]),
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


def share_rows(probe: NetworkProbe, text: Text) -> Rows:
    """Rows for share_chart(): one per layer and measure."""
    rows = [
        {"layer": s.layer, "measure": text[key], "value": getattr(s, field)}
        for key, field in MEASURES
        for s in probe.layers
    ]
    return {"shares": pd.DataFrame(rows, columns=["layer", "measure", "value"])}


def gradient_chart(layers: int, text: Text) -> alt.Chart:
    """‖∂L/∂W‖ per layer ("norms") on a log axis: a straight slope is a geometric vanishing or
    explosion."""
    return (
        alt.Chart(alt.NamedData("norms"))
        .mark_line(point=True, strokeWidth=2.5, color=OKABE_ITO[2])
        .encode(
            x=_layer_x(layers, text),
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


def gradient_rows(probe: NetworkProbe) -> Rows:
    """Rows for gradient_chart(); a layer whose gradient is exactly 0 has no place on a log axis."""
    rows = [
        {"layer": s.layer, "norm": s.weight_grad_norm, "pre": s.pre_grad_norm}
        for s in probe.layers
        if s.weight_grad_norm > 0
    ]
    return {"norms": pd.DataFrame(rows, columns=["layer", "norm", "pre"])}


@describes(shape_chart)
def describe_shape(rows: Rows, lo: float, hi: float, text: Text) -> Sentence:
    """The activation's output range over the histogram's z range."""
    shape = rows["shape"]
    return Sentence(
        "activations.describe.shape",
        {"lo": lo, "hi": hi, "low": float(shape["f"].min()), "high": float(shape["f"].max())},
    )


@describes(histogram_chart)
def describe_histogram(rows: Rows, layers: int, lo: float, hi: float, text: Text) -> Sentence:
    """The spread of pre-activations in the first and the last layer, and their saturated share."""
    cells = rows["cells"]  # a layer's rows all carry its std and saturated share
    layer = cells["layer"].to_numpy()
    first, last = cells.iloc[layer.argmin()], cells.iloc[layer.argmax()]
    return Sentence(
        "activations.describe.histogram",
        {
            "layers": layers,
            "std1": float(first["std"]),
            "stdn": float(last["std"]),
            "sat1": float(first["saturated"]),
            "satn": float(last["saturated"]),
        },
    )


@describes(share_chart)
def describe_shares(rows: Rows, layers: int, text: Text) -> Sentence:
    """The largest saturated and dead shares and the layers where they are reached."""
    shares = rows["shares"]
    listed = list(zip(*(shares[c].tolist() for c in ("measure", "value", "layer"))))
    params: dict[str, object] = {"layers": layers}
    for key, _ in MEASURES:  # plain lists: pandas filtering cost more than the sentence is worth
        one = [(value, layer) for measure, value, layer in listed if measure == text[key]]
        value, layer = max(one, key=lambda r: r[0])  # the first of equal maxima, as idxmax
        params[key], params[f"{key}_at"] = float(value), int(layer)
    return Sentence("activations.describe.shares", params)


@describes(gradient_chart)
def describe_gradients(rows: Rows, layers: int, text: Text) -> Sentence:
    """‖∂L/∂W‖ in the first and the last layer and their ratio: the vanishing, or the explosion."""
    norms = rows["norms"]
    if norms.empty:
        return Sentence("activations.describe.gradients_zero", {"layers": layers})
    first, last = float(norms["norm"].iloc[0]), float(norms["norm"].iloc[-1])
    return Sentence(
        "activations.describe.gradients",
        {
            "layers": layers,
            "first": first,
            "last": last,
            "first_at": int(norms["layer"].iloc[0]),
            "last_at": int(norms["layer"].iloc[-1]),
            "ratio": first / last,
        },
    )
