"""Altair pictures for data augmentation: drawn parameters, accuracy against shift, and the
CNN's feature maps moving with its input. Plain results in, charts out; titles come translated.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import torch

from charts.theme import OKABE_ITO
from lib.augment_pipeline import Grid
from lib.augment_table import TRANSFORMS
from lib.invariance import EVAL_SHIFT, RunResult
from lib.invariance_probe import Probe


def drawn_strip(
    grid: Grid, *, fired: str, missed: str, chosen: str, slider: str
) -> alt.LayerChart | None:
    """One row per range a student set, each drawn on its whole slider (left end to right end):
    the band is the chosen range, a dot each sample's draw (a grey cross where the coin missed).
    Uniform draws spread evenly over the band.
    """
    bands, dots = [], []
    for name, settings in grid.steps:
        t = TRANSFORMS[name]
        for p in t.params if t.draw is None else ():  # custom draws (boxes) pass other numbers
            if p.kind != "range":
                continue
            row, lo, hi = f"{name}.{p.name}", *settings[p.name]
            at = lambda v, p=p: (v - p.low) / (p.high - p.low)  # noqa: E731 - share of the slider
            bands.append(
                {
                    "parameter": row,
                    "from": at(lo),
                    "to": at(hi),
                    "what": chosen,
                    "range": f"{lo:g} … {hi:g}",
                    "slider": f"{p.low:g} … {p.high:g}",
                }
            )
            dots += [
                {
                    "parameter": row,
                    "at": at(d.kwargs[p.name]),
                    "value": d.kwargs[p.name],
                    "sample": i + 1,
                    "status": fired if d.fired else missed,
                }
                for i, drawn in enumerate(grid.drawn)
                for d in drawn
                if d.name == name and p.name in d.kwargs
            ]
    if not bands:
        return None
    y = alt.Y(
        "parameter:N", title=None, sort=[b["parameter"] for b in bands], axis=alt.Axis(labelLimit=0)
    )
    x = alt.X("at:Q", title=slider, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(labels=False))
    band = alt.Chart(pd.DataFrame(bands)).mark_bar(color=OKABE_ITO[5], opacity=0.3, height=18)
    band = band.encode(
        x=alt.X("from:Q"), x2="to:Q", y=y, tooltip=["parameter:N", "what:N", "range:N", "slider:N"]
    )
    points = (
        alt.Chart(pd.DataFrame(dots))
        .mark_point(size=70, filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=[fired, missed], range=[OKABE_ITO[0], "#999999"]),
            ),
            shape=alt.Shape(
                "status:N",
                title=None,
                scale=alt.Scale(domain=[fired, missed], range=["circle", "cross"]),
            ),
            tooltip=["sample:O", "parameter:N", alt.Tooltip("value:Q", format=".4~f"), "status:N"],
        )
    )
    return alt.layer(band, points).properties(height=alt.Step(30))


def accuracy_vs_shift(
    results: list[RunResult],
    axis: str,
    training: dict[bool, str],
    *,
    aug_shift: int,
    shift_axis: str,
    accuracy: str,
    model: str,
    training_data: str,
    band: str,
    chance: str,
) -> alt.LayerChart:
    """Test accuracy for every shift; the shaded band is the range augmentation trained on."""
    rows = [
        {"shift": s, "accuracy": a, "model": r.kind.upper(), "training": training[r.augment]}
        for r in results
        for s, a in zip(r.shifts, r.accuracy[axis], strict=True)
    ]
    x = alt.X(
        "shift:Q",
        title=shift_axis,
        scale=alt.Scale(domain=[-EVAL_SHIFT, EVAL_SHIFT]),
        axis=alt.Axis(tickMinStep=1),
    )
    y = alt.Y(
        "accuracy:Q", title=accuracy, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
    )
    shade = (
        alt.Chart(pd.DataFrame([{"from": -aug_shift, "to": aug_shift, "what": band}]))
        .mark_rect(color=OKABE_ITO[6], opacity=0.18)
        .encode(x="from:Q", x2="to:Q", tooltip=["what:N"])
    )
    floor = (
        alt.Chart(pd.DataFrame([{"accuracy": 0.1, "what": chance}]))
        .mark_rule(strokeDash=[2, 2], color="#777777")
        .encode(y="accuracy:Q", tooltip=["what:N"])
    )
    kinds = [training[False], training[True]]
    base = alt.Chart(pd.DataFrame(rows)).encode(
        x=x,
        y=y,
        color=alt.Color(
            "model:N", title=model, scale=alt.Scale(domain=["MLP", "CNN"], range=OKABE_ITO[:2])
        ),
        tooltip=["model:N", "training:N", "shift:Q", alt.Tooltip("accuracy:Q", format=".0%")],
    )
    # Centred training: solid line and dots. Augmented: dashed line and triangles.
    lines = base.mark_line(strokeWidth=2.5).encode(
        # Same field and title as the points' shape: Vega-Lite draws one merged legend.
        strokeDash=alt.StrokeDash(
            "training:N", title=training_data, scale=alt.Scale(domain=kinds, range=[[1, 0], [6, 3]])
        )
    )
    points = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape(
            "training:N",
            title=training_data,
            scale=alt.Scale(domain=kinds, range=["circle", "triangle-up"]),
        )
    )
    return alt.layer(shade, floor, lines, points).properties(height=320)


def probability_bars(
    probs: dict[str, tuple[float, ...]], *, digit: str, probability_axis: str, model: str
) -> alt.Chart:
    """Each model's softmax over the ten digits for the same shifted glyph."""
    rows = [
        {"digit": d, "probability": p, "model": name}
        for name, ps in probs.items()
        for d, p in enumerate(ps)
    ]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("digit:O", title=digit, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("model:N", sort=list(probs)),
            y=alt.Y("probability:Q", title=probability_axis, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "model:N",
                title=model,
                sort=list(probs),
                scale=alt.Scale(range=OKABE_ITO),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=["model:N", "digit:O", alt.Tooltip("probability:Q", format=".1%")],
        )
        .properties(height=260)
    )


def _grid_rows(img: torch.Tensor, name: str) -> list[dict]:
    h, w = img.shape
    values = img.tolist()
    return [
        {"x": x, "y": y, "value": values[y][x], "map": name} for y in range(h) for x in range(w)
    ]


def heatmaps(
    maps: list[tuple[str, torch.Tensor]], *, value_title: str, diverging: bool = False
) -> alt.Chart:
    """Small heatmaps side by side (2-D tensors), pixel (0, 0) at the top left."""
    rows = [r for name, m in maps for r in _grid_rows(m, name)]
    limit = max(abs(r["value"]) for r in rows) or 1.0
    scale = (
        alt.Scale(scheme="blueorange", domain=[-limit, limit])
        if diverging
        else alt.Scale(scheme="greys", domain=[0, 1])
    )
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_rect()
        .encode(
            x=alt.X("x:O", axis=None),
            y=alt.Y("y:O", axis=None),
            color=alt.Color("value:Q", title=value_title, scale=scale),
            tooltip=["x:O", "y:O", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=170, height=170)
        .facet(column=alt.Column("map:N", title=None, sort=[name for name, _ in maps]))
    )


def pooled_bars(
    pooled: tuple[float, ...],
    shifted: tuple[float, ...],
    names: tuple[str, str],
    *,
    x_title: str,
    y_title: str,
) -> alt.Chart:
    """The globally max-pooled vector for the centred and the shifted glyph, channel by channel."""
    rows = [
        {"channel": c, "value": v, "input": name}
        for name, vec in zip(names, (pooled, shifted), strict=True)
        for c, v in enumerate(vec)
    ]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("channel:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("input:N", sort=list(names)),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "input:N",
                title=None,
                sort=list(names),
                scale=alt.Scale(range=[OKABE_ITO[0], OKABE_ITO[1]]),
            ),
            tooltip=["input:N", "channel:O", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=220)
    )


def equivariance_view(
    probe: Probe,
    index: int,
    names: tuple[str, str],
    *,
    pixel: str,
    activation: str,
    channel: str,
    pooled: str,
) -> alt.VConcatChart:
    """Input, shifted input; their feature maps in one channel; the pooled vectors side by side."""
    here, there = names
    eq = probe.eq
    inputs = heatmaps([(here, probe.image[0]), (there, probe.moved[0])], value_title=pixel)
    maps = heatmaps(
        [
            (f"{here} → conv[{index}]", eq.maps[index]),
            (f"{there} → conv[{index}]", eq.shifted_maps[index]),
        ],
        value_title=activation,
        diverging=True,
    )
    bars = pooled_bars(
        eq.pooled, eq.shifted_pooled, names, x_title=channel, y_title=pooled
    ).properties(width=520)
    view = alt.vconcat(inputs, maps, bars).resolve_scale(color="independent")
    return view.properties(autosize=alt.AutoSizeParams(type="pad"))
