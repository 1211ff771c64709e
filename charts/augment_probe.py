"""The CNN's inside for one glyph: input and shifted input, their feature maps in one channel,
and the pooled vectors side by side. Builder and rows come apart as in charts.augment.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import torch

from charts.described import Sentence, describes
from charts.theme import INPUTS
from lib.augmentation.probe import Probe

# Panels keep the order of their "panel" numbers: a new shift renames them, the spec stays.
_IN_ORDER = alt.EncodingSortField("panel", op="min")


def _grid_rows(img: torch.Tensor, name: str, panel: int) -> list[dict]:
    h, w = img.shape
    values = img.tolist()
    return [
        {"x": x, "y": y, "value": values[y][x], "map": name, "panel": panel}
        for y in range(h)
        for x in range(w)
    ]


def heatmap_rows(maps: list[tuple[str, torch.Tensor]]) -> pd.DataFrame:
    """Rows for heatmaps(): one per pixel of each 2-D map, maps numbered in order, and the
    largest |value| of them all in "limit" (a diverging scale's end)."""
    rows = pd.DataFrame([r for i, (name, m) in enumerate(maps) for r in _grid_rows(m, name, i)])
    rows["limit"] = rows["value"].abs().max() or 1.0
    return rows


def heatmaps(data: str, *, value_title: str, diverging: bool = False) -> alt.FacetChart:
    """Small heatmaps side by side from the named data set `data` (rows of heatmap_rows()),
    pixel (0, 0) at the top left. Diverging maps share a scale symmetric around 0."""
    limit = f"data('{data}')[0].limit"
    scale = (
        alt.Scale(scheme="blueorange", domain=alt.ExprRef(f"[-{limit}, {limit}]"))
        if diverging
        else alt.Scale(scheme="greys", domain=[0, 1])
    )
    return (
        alt.Chart(alt.NamedData(data))
        .mark_rect()
        .encode(
            x=alt.X("x:O", axis=None),
            y=alt.Y("y:O", axis=None),
            color=alt.Color("value:Q", title=value_title, scale=scale),
            tooltip=["x:O", "y:O", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=170, height=170)
        .facet(column=alt.Column("map:N", title=None, sort=_IN_ORDER))
    )


def pooled_rows(
    pooled: tuple[float, ...], shifted: tuple[float, ...], names: tuple[str, str]
) -> pd.DataFrame:
    """Rows for pooled_bars(): each input's pooled value per channel, inputs numbered in order."""
    return pd.DataFrame(
        [
            {"channel": c, "value": v, "input": name, "panel": i}
            for i, (name, vec) in enumerate(zip(names, (pooled, shifted), strict=True))
            for c, v in enumerate(vec)
        ]
    )


def pooled_bars(data: str, *, x_title: str, y_title: str) -> alt.Chart:
    """The globally max-pooled vector for the centred and the shifted glyph, channel by channel."""
    return (
        alt.Chart(alt.NamedData(data))
        .mark_bar()
        .encode(
            x=alt.X("channel:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("input:N", sort=_IN_ORDER),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "input:N",
                title=None,
                sort=_IN_ORDER,
                scale=alt.Scale(range=INPUTS),
            ),
            tooltip=["input:N", "channel:O", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=220)
    )


def equivariance_data(probe: Probe, index: int, names: tuple[str, str]) -> dict[str, pd.DataFrame]:
    """Rows for equivariance_view(): the glyphs ("inputs"), their feature maps in channel
    `index` ("maps") and the pooled vectors ("pooled"); `names` name the centred and the
    shifted glyph."""
    here, there = names
    eq = probe.eq
    return {
        "inputs": heatmap_rows([(here, probe.image[0]), (there, probe.moved[0])]),
        "maps": heatmap_rows(
            [
                (f"{here} → conv[{index}]", eq.maps[index]),
                (f"{there} → conv[{index}]", eq.shifted_maps[index]),
            ]
        ),
        "pooled": pooled_rows(eq.pooled, eq.shifted_pooled, names),
    }


def equivariance_view(
    *, pixel: str, activation: str, channel: str, pooled: str
) -> alt.VConcatChart:
    """Input, shifted input; their feature maps in one channel; the pooled vectors side by side."""
    inputs = heatmaps("inputs", value_title=pixel)
    maps = heatmaps("maps", value_title=activation, diverging=True)
    bars = pooled_bars("pooled", x_title=channel, y_title=pooled).properties(width=520)
    view = alt.vconcat(inputs, maps, bars).resolve_scale(color="independent")
    return view.properties(autosize=alt.AutoSizeParams(type="pad"))


@describes(equivariance_view)
def describe_equivariance(data, /, *, pixel: str, activation: str, channel: str, pooled: str):
    """Where each feature map peaks (the shift moves the peak) and how far the pooled vectors
    differ (pooling forgets where)."""
    maps = data["maps"]
    peaks = tuple(
        Sentence(
            "augmentation.describe.peak",
            {
                "map": name,
                "x": int(top["x"]),
                "y": int(top["y"]),
                "value": float(top["value"]),
            },
        )
        for name, one in maps.groupby("map", sort=False)
        for top in [one.loc[one["value"].idxmax()]]
    )
    p = data["pooled"]
    a, b = (p[p["panel"] == i].sort_values("channel")["value"].to_numpy() for i in (0, 1))
    return Sentence(
        "augmentation.describe.equivariance",
        {"peaks": peaks, "channels": len(a), "gap": float(abs(a - b).max())},
    )
