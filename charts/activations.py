"""Activation charts: f and f′ with saturated regions, and one neuron (the network view's charts
are in charts/activations_network.py, the properties table in charts/activations_properties.py).

Each picture comes in two halves (see charts.named): a builder taking only plain options (the
translated words in `text`, the x range, the functions' names) whose marks read named data
sets, and a `*_rows(...)` function giving those data sets' rows from what lib measured. A page
builds each spec once and only sends new rows when a slider moves.
Charts meant to be read against each other share one x scale and one y-axis width, so their
plotting areas line up when stacked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from charts.described import Sentence, describes
from charts.theme import OKABE_ITO
from lib.activations.curves import Curve
from lib.activations.neuron import Neuron

AXIS_EXTENT = 56  # px for every y axis, so stacked charts line up
SHADE = "#BBBBBB"  # saturated: grey, whatever the function's colour
SENSITIVE_TEXT, SATURATED_TEXT = OKABE_ITO[0], "#555555"
LABEL_SHARE = 0.08  # write a region's name only when it spans this much of the x axis
# Stretch to the column; `height` is then the plotting area, whatever titles and legends need.
SIZE = {"width": "container", "autosize": alt.AutoSizeParams(type="fit-x", contains="padding")}
Text = Mapping[str, str]
Parts = Sequence[tuple[float, float]]
Rows = dict[str, pd.DataFrame]


def x_axis(lo: float, hi: float, title: str, field: str = "x") -> alt.X:
    """The shared x scale: exactly the range the student chose."""
    return alt.X(f"{field}:Q", title=title, scale=alt.Scale(domain=[lo, hi], nice=False))


def y_axis(field: str, title: str, **kwargs) -> alt.Y:
    return alt.Y(f"{field}:Q", title=title, axis=alt.Axis(minExtent=AXIS_EXTENT), **kwargs)


def _colour(names: Sequence[str], title: str, legend: bool = True) -> alt.Color:
    return alt.Color(
        "function:N",
        title=title,
        scale=alt.Scale(domain=list(names), range=OKABE_ITO[: len(names)]),
        legend=alt.Legend(orient="top") if legend else None,
    )


def _regions(parts: Parts, kind: str, lo: float, hi: float) -> pd.DataFrame:
    ends = np.array(parts, dtype=float).reshape(-1, 2)  # typed even when empty
    a, b = ends[:, 0], ends[:, 1]
    wide = b - a >= LABEL_SHARE * (hi - lo)
    return pd.DataFrame({"start": a, "end": b, "mid": (a + b) / 2, "kind": kind, "labelled": wide})


def _region_tips(text: Text) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("kind:N", title=text["region"]),
        alt.Tooltip("start:Q", title=text["from"], format=".3f"),
        alt.Tooltip("end:Q", title=text["to"], format=".3f"),
    ]


def band_rows(c: Curve | Neuron, lo: float, hi: float, text: Text) -> Rows:
    """Rows for bands(): every saturated interval ("saturated"), and the regions wide enough to
    have their name written ("sensitive_names", "saturated_names"); bands(named=False) reads
    only "saturated"."""
    saturated = _regions(c.saturated, text["saturated"], lo, hi)
    sensitive = _regions(c.sensitive, text["sensitive"], lo, hi)
    return {
        "saturated": saturated,
        "sensitive_names": sensitive[sensitive["labelled"]].reset_index(drop=True),
        "saturated_names": saturated[saturated["labelled"]].reset_index(drop=True),
    }


def bands(
    lo: float, hi: float, axis: str, text: Text, named: bool = True, whose: str = ""
) -> list[alt.Chart]:
    """Grey bands where |f′| < threshold, and (if `named`) both regions named along the top;
    `whose` (the function the regions belong to, when several are drawn) follows each name."""
    label = "datum.kind" + (f" + ' · ' + {json.dumps(whose)}" if whose else "")
    shade = (
        alt.Chart(alt.NamedData("saturated"))
        .mark_rect(color=SHADE, opacity=0.35)
        .encode(x=x_axis(lo, hi, axis, "start"), x2=alt.X2("end"), tooltip=_region_tips(text))
    )
    if not named:
        return [shade]
    return [
        shade,
        *(
            alt.Chart(alt.NamedData(f"{kind}_names"))
            .transform_calculate(label=label)
            .mark_text(baseline="top", dy=4, fontWeight="bold", color=colour)
            .encode(x=x_axis(lo, hi, axis, "mid"), y=alt.YValue(0), text=alt.Text("label:N"))
            for kind, colour in (("sensitive", SENSITIVE_TEXT), ("saturated", SATURATED_TEXT))
        ),
    ]


def function_chart(
    field: str, names: tuple[str, ...], lo: float, hi: float, text: Text
) -> alt.LayerChart:
    """`field` "f": f of every function ("curves"), the first one's regions shaded and named.
    "df": f′ with the ±threshold lines ("threshold"). Both mark x₀ ("x0", "x0_rule")."""
    top = field == "f"
    x, colour = x_axis(lo, hi, text["x"]), _colour(names, text["function"], legend=top)
    tips = [
        alt.Tooltip("function:N", title=text["function"]),
        alt.Tooltip("x:Q", format=".3f"),
        alt.Tooltip("f:Q", title=text["f"], format=".4f"),
        alt.Tooltip("df:Q", title=text["df"], format=".4f"),
    ]
    line = (
        alt.Chart(alt.NamedData("curves"))
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y_axis(field, text[field]), color=colour, tooltip=tips)
    )
    limits = (
        alt.Chart(alt.NamedData("threshold"))
        .mark_rule(strokeDash=[6, 4], color=OKABE_ITO[3])
        .encode(
            y=alt.Y("y:Q"),
            tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("y:Q", format=".3f")],
        )
    )
    rule = (
        alt.Chart(alt.NamedData("x0_rule")).mark_rule(strokeDash=[4, 3], color="black").encode(x=x)
    )
    dots = (
        alt.Chart(alt.NamedData("x0"))
        .mark_point(filled=True, size=90, stroke="black")
        .encode(x=x, y=alt.Y(f"{field}:Q"), color=colour, tooltip=tips)
    )
    # The shaded regions are the first function's: say so when several are drawn.
    whose = names[0] if len(names) > 1 else ""
    shaded = bands(lo, hi, text["x"], text, named=top, whose=whose)
    layers = [*shaded, line, *([] if top else [limits])]
    return alt.layer(*layers, rule, dots).properties(
        **SIZE, height=260 if top else 200, title=text[field]
    )


def function_rows(
    curves: Sequence[Curve],
    at_x0: Mapping[str, tuple[float, float]],
    x0: float,
    threshold: float,
    text: Text,
) -> dict[str, Rows]:
    """Rows for each function_chart() panel by its field; the bands are the first function's.
    Each panel gets exactly the data sets it reads: Streamlit updates a drawn chart with
    view.data(name), which fails for a name the spec does not use, and the chart stays stale."""
    first = curves[0]
    lo, hi = float(first.x[0]), float(first.x[-1])
    points = pd.DataFrame(
        [
            {"function": n, "x": x0, "f": v[0], "df": v[1]}
            for n, v in at_x0.items()
            if lo <= x0 <= hi
        ],
        columns=["function", "x", "f", "df"],
    )
    line = [
        pd.DataFrame({"function": c.name, "x": c.x.numpy(), "f": c.y.numpy(), "df": c.dy.numpy()})
        for c in curves
    ]
    shared = {
        "curves": pd.concat(line, ignore_index=True),
        "x0": points,
        "x0_rule": points.head(1),
    }
    bands = band_rows(first, lo, hi, text)
    limits = pd.DataFrame({"y": [threshold, -threshold], "label": text["threshold"]})
    return {
        "f": {**bands, **shared},
        "df": {"saturated": bands["saturated"], **shared, "threshold": limits},
    }


def strip_chart(names: tuple[str, ...], lo: float, hi: float, text: Text) -> alt.Chart:
    """One row per function ("strip"): where it is sensitive (its colour) and saturated (grey)."""
    # Each function's own colour where it is sensitive, one grey wherever it is saturated.
    paint = alt.Color(
        "paint:N",
        legend=None,
        scale=alt.Scale(
            domain=[*names, text["saturated"]], range=[*OKABE_ITO[: len(names)], SHADE]
        ),
    )
    return (
        alt.Chart(alt.NamedData("strip"))
        .mark_bar(height={"band": 0.7})
        .encode(
            x=x_axis(lo, hi, text["x"], "start"),
            x2=alt.X2("end"),
            y=alt.Y(
                "function:N",
                title=text["function"],
                sort=list(names),
                axis=alt.Axis(minExtent=AXIS_EXTENT),
            ),
            color=paint,
            tooltip=[alt.Tooltip("function:N", title=text["function"]), *_region_tips(text)],
        )
        .properties(**SIZE, height=34 * len(names), title=text["strip"])
    )


def strip_rows(curves: Sequence[Curve], text: Text) -> Rows:
    """Rows for strip_chart(): every sensitive and saturated interval of every function."""
    rows = [
        {"function": c.name, "start": a, "end": b, "kind": kind, "paint": paint}
        for c in curves
        for paint, kind, parts in (
            (c.name, text["sensitive"], c.sensitive),
            (text["saturated"], text["saturated"], c.saturated),
        )
        for a, b in parts
    ]
    return {"strip": pd.DataFrame(rows, columns=["function", "start", "end", "kind", "paint"])}


def neuron_chart(field: str, lo: float, hi: float, text: Text) -> alt.LayerChart:
    """`field` "y": y = act(w·x + b) against the plain act(x) ("curves"), the unit's saturated
    bands shaded and named; "dydx": its slope, the bands unnamed."""
    domain = [text["neuron"], text["plain"]]
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
    line = (
        alt.Chart(alt.NamedData("curves"))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x_axis(lo, hi, text["x"]),
            y=y_axis(field, text[field]),
            color=colour,
            strokeDash=dash,
            tooltip=tips,
        )
    )
    top = field == "y"
    return alt.layer(*bands(lo, hi, text["x"], text, named=top), line).properties(
        **SIZE, height=260 if top else 170, title=text[field]
    )


def neuron_rows(unit: Neuron, plain: Neuron, text: Text) -> dict[str, Rows]:
    """Rows for each neuron_chart() panel by its field (only the top one names the regions)."""
    lo, hi = float(unit.x[0]), float(unit.x[-1])
    line = [
        pd.DataFrame({"curve": label, "x": n.x.numpy(), "y": n.y.numpy(), "dydx": n.dydx.numpy()})
        for label, n in ((text["neuron"], unit), (text["plain"], plain))
    ]
    bands, curves = band_rows(unit, lo, hi, text), pd.concat(line, ignore_index=True)
    return {
        "y": {**bands, "curves": curves},
        "dydx": {"saturated": bands["saturated"], "curves": curves},
    }


def _saturated_share(rows: Rows, lo: float, hi: float) -> float:
    bands = rows["saturated"]
    return float((bands["end"].to_numpy() - bands["start"].to_numpy()).sum()) / (hi - lo)


def _columns(df: pd.DataFrame, *names: str) -> list[np.ndarray]:
    """Plain arrays: the describers run on every rerun, and numpy on arrays costs microseconds
    where pandas' boolean indexing, groupby and idxmax cost tenths of a millisecond each."""
    return [df[n].to_numpy() for n in names]


@describes(function_chart)
def describe_function(
    rows: Rows, field: str, names: tuple[str, ...], lo: float, hi: float, text: Text
) -> Sentence:
    """f: the first function's range of values and its saturated share; f′: its steepest slope,
    where, and the share below the threshold."""
    fn, x, f, df = _columns(rows["curves"], "function", "x", "f", "df")
    mine = fn == names[0]
    x, f, slope = x[mine], f[mine], np.abs(df[mine])
    where = int(slope.argmax())
    params = {
        "name": names[0],
        "lo": lo,
        "hi": hi,
        "share": _saturated_share(rows, lo, hi),
        "low": float(f.min()),
        "high": float(f.max()),
        "peak": float(slope[where]),
        "at": float(x[where]),
        "others": tuple(names[1:]),
    }
    if field == "df":
        params["thr"] = float(rows["threshold"]["y"].to_numpy().max())
    more = "_more" if len(names) > 1 else ""
    return Sentence(f"activations.describe.{field}{more}", params)


@describes(strip_chart)
def describe_strip(
    rows: Rows, names: tuple[str, ...], lo: float, hi: float, text: Text
) -> Sentence:
    """Each function's saturated share of the range, in the strip's order."""
    fn, start, end, paint = _columns(rows["strip"], "function", "start", "end", "paint")
    grey = paint == text["saturated"]
    widths = {n: float((end - start)[grey & (fn == n)].sum()) for n in names}
    shares = tuple(f"{n} {widths[n] / (hi - lo):.0%}" for n in names)
    return Sentence("activations.describe.strip", {"lo": lo, "hi": hi, "shares": shares})


@describes(neuron_chart)
def describe_neuron(rows: Rows, field: str, lo: float, hi: float, text: Text) -> Sentence:
    """The unit's sensitive width against the plain function's, and its steepest slope."""
    curve, x, y, dydx = _columns(rows["curves"], "curve", "x", "y", "dydx")
    mine = curve == text["neuron"]
    x, y, slope = x[mine], y[mine], np.abs(dydx[mine])
    where = int(slope.argmax())
    return Sentence(
        f"activations.describe.neuron_{field}",
        {
            "lo": lo,
            "hi": hi,
            "width": (hi - lo) * (1 - _saturated_share(rows, lo, hi)),
            "peak": float(slope[where]),
            "at": float(x[where]),
            "low": float(y.min()),
            "high": float(y.max()),
        },
    )
