"""The live training pictures: decision heatmap with the data, loss curves, accuracy curves.

Redrawn several times a second, so each picture comes in two halves: a chart that depends only
on the settings and the language (it refers to named data sets, and a page can build and
validate it once), and `*_data(...)` functions giving the rows of those named data sets from the
run's current state (cheap, every redraw); see charts.named.
Words arrive translated in `names` (keys in NAMES); charts/ never knows the language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import torch

from charts.described import Sentence, describes, share
from charts.theme import CLASSES, SPLITS, share_y
from lib.training.data import LIMIT, Split
from lib.training.engine import GRID_CELLS, NEURON_CELLS, EpochRecord, Grid, square_centres

NAMES = (
    "x1",
    "x2",
    "epoch",
    "loss",
    "accuracy",
    "train",
    "validation",
    "split",
    "class",
    "probability",
    "prediction",
    "target",
    "run",
    "best",
    "layer",
    "unit",
    "output",
)
CLASS_COLOURS, SPLIT_COLOURS = CLASSES, SPLITS  # never the same colour for a class and a split
SIDE = 340  # px: the heatmap is square, so a circle looks round
# Redrawn several times a second: canvas repaints far faster than thousands of SVG nodes.
CANVAS = {"embedOptions": {"renderer": "canvas"}}
MAX_CURVE_POINTS = 300  # per line: long runs are thinned for drawing (never in the CSV)


_BELOW = alt.Legend(orient="bottom", direction="horizontal", gradientLength=90, labelOverlap=True)
# Symbol legends stacked: three legends side by side fit under a 280 px square.
_LISTED = alt.Legend(orient="bottom", direction="vertical")


def _square(field: str, title: str, axis: str) -> alt.X | alt.Y:
    scale = alt.Scale(domain=[-LIMIT, LIMIT], nice=False)
    return (alt.X if axis == "x" else alt.Y)(field, scale=scale, title=title)


def _diverging(span: float) -> alt.Scale:
    return alt.Scale(domain=[-span, 0, span], range=[CLASS_COLOURS[0], "#ffffff", CLASS_COLOURS[1]])


def boundary(
    task: str,
    classes: int,
    names: Mapping[str, str],
    *,
    span: float = 1.0,
    discrete: bool = False,
    side: int = SIDE,
    live: bool = False,
) -> alt.LayerChart:
    """The model's answer over the square as coloured cells ("cells"), the data on top ("points").

    Binary: P(class 1) from orange (0) through white to blue (1). Multi-class: the predicted
    class, paler where the model is unsure. Regression: the prediction on [-span, span], the
    targets' scale. `discrete` paints only the predicted class (Playground's 'discretize output').
    `side` is the square's size in pixels (bigger for a projector).
    Train points are circles, validation points diamonds with a dark outline.
    `live` (while playing): no tooltips, which a browser would re-evaluate for every cell and
    point on every redraw, five times a second, for a read-out that moves under the pointer.
    """
    class_names = [str(c) for c in range(classes)]
    class_scale = alt.Scale(domain=class_names, range=CLASS_COLOURS[:classes])
    x, y = _square("x1:Q", names["x1"], "x"), _square("x2:Q", names["x2"], "y")
    where = [
        alt.Tooltip("x1:Q", format=".2f", title=names["x1"]),
        alt.Tooltip("x2:Q", format=".2f", title=names["x2"]),
    ]
    if task == "regression":
        colour = alt.Color(
            "value:Q", scale=_diverging(span), title=names["prediction"], legend=_BELOW
        )
        tip = [alt.Tooltip("value:Q", title=names["prediction"], format=".3f")]
        fill = alt.Color("target:Q", scale=_diverging(span), legend=None)
        tip_target = alt.Tooltip("target:Q", title=names["target"], format=".3f")
    else:
        fill = alt.Color("label:N", scale=class_scale, title=names["class"], legend=_LISTED)
        tip_target = alt.Tooltip("label:N", title=names["class"])
        if discrete or task == "multiclass":
            colour = alt.Color("label:N", scale=class_scale, legend=None)
            tip = [
                alt.Tooltip("label:N", title=names["class"]),
                alt.Tooltip("value:Q", title=names["probability"], format=".2f"),
            ]
        else:
            colour = alt.Color(
                "value:Q",
                title=names["probability"],
                legend=_BELOW,
                scale=alt.Scale(domain=[0, 0.5, 1], range=_diverging(1).range),
            )
            tip = [alt.Tooltip("value:Q", title=names["probability"], format=".2f")]
    opacity = (
        alt.Opacity("value:Q", scale=alt.Scale(domain=[0.3, 1], range=[0.15, 0.8]), legend=None)
        if task == "multiclass" and not discrete
        else alt.value(0.8)
    )
    # One square mark per cell, exactly a cell wide, centred on it: two position channels per
    # cell instead of a rect's four, which is most of a browser's work on each redraw.
    cell_area = (side / GRID_CELLS) ** 2
    heat = (
        alt.Chart(alt.NamedData("cells"))
        .mark_square(size=cell_area, strokeWidth=0, clip=True, aria=False, invalid=None)
        .encode(x=x, y=y, color=colour, opacity=opacity)
    )
    splits = [names["train"], names["validation"]]
    points = (
        alt.Chart(alt.NamedData("points"))
        .mark_point(
            filled=True,
            size=36 * (side / SIDE) ** 2,  # a point's area grows with the square
            strokeWidth=1,
            clip=True,
            aria=False,
            invalid=None,
        )
        .encode(
            x=x,
            y=y,
            color=fill,
            shape=alt.Shape(
                "split:N",
                title=names["split"],
                legend=_LISTED,
                scale=alt.Scale(domain=splits, range=["circle", "diamond"]),
            ),
            stroke=alt.Stroke(
                "split:N", legend=None, scale=alt.Scale(domain=splits, range=["#ffffff", "#222222"])
            ),
        )
    )
    if not live:
        heat = heat.encode(tooltip=where + tip)
        points = points.encode(
            tooltip=[alt.Tooltip("split:N", title=names["split"]), tip_target, *where]
        )
    return (
        alt.layer(heat, points)
        .resolve_scale(color="independent")
        .properties(width=side, height=side, autosize="pad", usermeta=CANVAS)
    )


def _corners(x1: torch.Tensor, x2: torch.Tensor, cell: float) -> dict[str, object]:
    """Centres and edges of each cell. Sent as data: Vega would compute them with its
    interpreter, which costs a browser more per redraw than the bytes do."""
    h = cell / 2
    return {
        "x1": x1.numpy(),
        "x2": x2.numpy(),
        "x1a": (x1 - h).numpy(),
        "x1b": (x1 + h).numpy(),
        "x2a": (x2 - h).numpy(),
        "x2b": (x2 + h).numpy(),
    }


def boundary_data(grid: Grid, data: Split, names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """Rows for boundary(): one per grid cell, one per data point."""
    cells = {"x1": grid.x1.numpy(), "x2": grid.x2.numpy(), "value": grid.value.numpy()}
    if grid.label is not None:
        cells["label"] = grid.label.numpy().astype(str)
    parts = []
    for split, x, y in (
        (names["train"], data.x_train, data.y_train),
        (names["validation"], data.x_val, data.y_val),
    ):
        part = pd.DataFrame({"x1": x[:, 0].numpy(), "x2": x[:, 1].numpy(), "split": split})
        if data.task == "regression":
            part["target"] = y[:, 0].numpy()
        else:
            part["label"] = y.numpy().astype(str)
        parts.append(part)
    return {"cells": pd.DataFrame(cells), "points": pd.concat(parts, ignore_index=True)}


def thin(records: Sequence[EpochRecord], keep: int = MAX_CURVE_POINTS) -> list[EpochRecord]:
    """At most about `keep` records, evenly spread; the first and the last always stay."""
    if len(records) <= keep:
        return list(records)
    stride = -(-len(records) // keep)
    return [*records[:-1:stride], records[-1]]


_COLUMNS = ["epoch", "split", "value", "run"]


def _long(
    records: Sequence[EpochRecord], names: Mapping[str, str], what: str, run: str = ""
) -> list[dict]:
    return [
        {"epoch": r.epoch, "split": split, "value": value, "run": run}
        for r in thin(records)
        for split, value in (
            (names["train"], getattr(r, f"train_{what}")),
            (names["validation"], getattr(r, f"val_{what}")),
        )
    ]


def _curve_axes(names: Mapping[str, str]) -> tuple[alt.X, alt.Color]:
    splits = [names["train"], names["validation"]]
    colour = alt.Color("split:N", title=None, scale=alt.Scale(domain=splits, range=SPLIT_COLOURS))
    x = alt.X(
        "epoch:Q",
        title=names["epoch"],
        scale=alt.Scale(nice=False),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    return x, colour


def _hover(names: Mapping[str, str], what: str, x: alt.X, classify: bool) -> alt.Chart:
    """An invisible rule per epoch ("wide"): the one nearest the pointer shows and reads out."""
    pick = alt.selection_point(
        fields=["epoch"], nearest=True, on="pointerover", empty=False, clear="pointerout"
    )
    tips = [alt.Tooltip("epoch:Q", title=names["epoch"])]
    tips += [
        alt.Tooltip(f"{s}_{what}:Q", title=names[n], format=".4f")
        for s, n in (("train", "train"), ("val", "validation"))
    ]
    if what == "loss" and classify:
        tips += [
            alt.Tooltip(f"{s}_accuracy:Q", title=f"{names[n]} · {names['accuracy']}", format=".1%")
            for s, n in (("train", "train"), ("val", "validation"))
        ]
    tips.append(alt.Tooltip("lr:Q", title="lr"))
    return (
        alt.Chart(alt.NamedData("wide"))
        .mark_rule(color="#444444", strokeWidth=2)
        .encode(x=x, opacity=alt.condition(pick, alt.value(0.5), alt.value(0)), tooltip=tips)
        .add_params(pick)
    )


def losses(
    names: Mapping[str, str],
    *,
    classify: bool = True,
    log: bool = False,
    live: bool = False,
    height: int = 250,
) -> alt.LayerChart:
    """Training and validation loss per epoch ("now"); earlier runs ("past") faint and dashed
    underneath; hovering reads out the epoch ("wide"), except `live`; a black diamond marks the
    epoch with the best validation loss ("best")."""
    x, colour = _curve_axes(names)
    y = alt.Y(
        "value:Q", title=names["loss"], scale=alt.Scale(type="log") if log else alt.Scale(zero=True)
    )
    past = (
        alt.Chart(alt.NamedData("past"))
        .mark_line(strokeDash=[4, 3], opacity=0.45, strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail="run:N",
            tooltip=[
                alt.Tooltip("run:N", title=names["run"]),
                alt.Tooltip("epoch:Q", title=names["epoch"]),
                alt.Tooltip("split:N", title=names["split"]),
                alt.Tooltip("value:Q", title=names["loss"], format=".4f"),
            ],
        )
    )
    now = (
        alt.Chart(alt.NamedData("now"))
        .mark_line(strokeWidth=2.5, invalid=None)
        .encode(x=x, y=y, color=colour)
    )
    best = alt.Chart(alt.NamedData("best")).encode(x=x, y=y)
    marker = best.mark_point(shape="diamond", size=170, filled=True, color="#000000").encode(
        tooltip=[
            alt.Tooltip("text:N", title=names["best"]),
            alt.Tooltip("value:Q", title=names["validation"], format=".4f"),
        ]
    )
    # The label sits on the side of the diamond that has room: right early on, left later.
    labels = [
        best.transform_filter(f"datum.side == '{side}'")
        .mark_text(dy=-14, dx=dx, align=side, fontWeight="bold")
        .encode(text="text:N")
        for side, dx in (("left", 8), ("right", -8))
    ]
    hover = [] if live else [_hover(names, "loss", x, classify)]
    # Each earlier run named at the end of its validation curve: faint dashed lines need a name.
    past_names = (
        alt.Chart(alt.NamedData("past"))
        .transform_filter(alt.FieldEqualPredicate(field="split", equal=names["validation"]))
        .transform_joinaggregate(last="max(epoch)", groupby=["run"])
        .transform_filter("datum.epoch == datum.last")
        .mark_text(align="left", dx=4, fontSize=11, color="#555555")
        .encode(x=x, y=y, text="run:N")
    )
    chart = alt.layer(past, now, *hover, marker, *labels, past_names)
    return chart.properties(height=height, usermeta=CANVAS)


def _wide(current: Sequence[EpochRecord]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "epoch": r.epoch,
                "train_loss": r.train_loss,
                "val_loss": r.val_loss,
                "train_accuracy": r.train_accuracy,
                "val_accuracy": r.val_accuracy,
                "lr": r.lr,
            }
            for r in thin(current)
        ]
    )


def losses_data(
    current: Sequence[EpochRecord],
    best: EpochRecord,
    names: Mapping[str, str],
    past: Sequence[tuple[str, Sequence[EpochRecord]]] = (),
    *,
    live: bool = False,
) -> dict[str, pd.DataFrame]:
    """Rows for losses(): `current` from epoch 0, `past` as (label, records) pairs; the same
    `live` as the chart (a live chart has no hover read-out, so no "wide" rows)."""
    rows = [row for label, recs in past for row in _long(recs, names, "loss", label)]
    return {
        "now": pd.DataFrame(_long(current, names, "loss"), columns=_COLUMNS),
        "past": pd.DataFrame(rows, columns=_COLUMNS),
        **({} if live else {"wide": _wide(current)}),
        "best": pd.DataFrame(
            [
                {
                    "epoch": best.epoch,
                    "value": best.val_loss,
                    "text": f"{names['best']} {best.epoch}",
                    "side": "left" if best.epoch <= current[-1].epoch / 2 else "right",
                }
            ]
        ),
    }


def accuracy_data(
    current: Sequence[EpochRecord], names: Mapping[str, str], *, live: bool = False
) -> dict[str, pd.DataFrame]:
    """Rows for accuracy() (classification runs only), for a chart with the same `live`."""
    return {
        "accuracy": pd.DataFrame(_long(current, names, "accuracy"), columns=_COLUMNS),
        **({} if live else {"wide": _wide(current)}),
    }


def accuracy(names: Mapping[str, str], *, live: bool = False, height: int = 150) -> alt.LayerChart:
    """Fraction of points classified right per epoch ("accuracy"), on a fixed 0–100 % axis;
    hovering reads out the epoch ("wide"), except `live`."""
    x, colour = _curve_axes(names)
    line = (
        alt.Chart(alt.NamedData("accuracy"))
        .mark_line(strokeWidth=2.5, invalid=None)
        .encode(
            x=x,
            y=share_y("value:Q", names["accuracy"]),
            color=colour,
        )
    )
    hover = [] if live else [_hover(names, "accuracy", x, True)]
    return alt.layer(line, *hover).properties(height=height, usermeta=CANVAS)


def neurons(names: Mapping[str, str]) -> alt.FacetChart:
    """TensorFlow Playground's network view: one small map per hidden unit ("neurons"), a column
    per layer, of what that unit outputs over the square (orange negative, blue positive)."""
    tile = (
        alt.Chart(alt.NamedData("neurons"))
        .mark_rect(aria=False)
        .encode(
            x=alt.X("x1a:Q", scale=alt.Scale(domain=[-LIMIT, LIMIT], nice=False), axis=None),
            x2="x1b:Q",
            y=alt.Y("x2a:Q", scale=alt.Scale(domain=[-LIMIT, LIMIT], nice=False), axis=None),
            y2="x2b:Q",
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(domain=[-1, 0, 1], clamp=True, range=_diverging(1).range),
                title=names["output"],
                legend=_BELOW,
            ),
            tooltip=[
                alt.Tooltip("layer:O", title=names["layer"]),
                alt.Tooltip("unit:O", title=names["unit"]),
                alt.Tooltip("value:Q", title=names["output"], format=".3f"),
            ],
        )
        .properties(width=56, height=56)
    )
    return tile.facet(
        column=alt.Column("layer:O", title=names["layer"]),
        row=alt.Row("unit:O", title=names["unit"]),
        spacing=4,
    ).properties(usermeta=CANVAS)


def neurons_data(
    maps: Sequence[torch.Tensor], cells: int = NEURON_CELLS
) -> dict[str, pd.DataFrame]:
    """Rows for neurons(): `maps` is Trainer.neurons(cells), one [units, cells²] per layer."""
    where = _corners(*square_centres(cells))
    parts = [
        pd.DataFrame({"layer": layer, "unit": unit, **where, "value": row.numpy()}).astype(
            {"layer": "int8", "unit": "int8"}  # 1 byte, not 8, in each of up to 13,824 rows
        )
        for layer, units in enumerate(maps, start=1)
        for unit, row in enumerate(units, start=1)
    ]
    empty = pd.DataFrame(columns=["layer", "unit", "x1", "x2", "value"])
    return {"neurons": pd.concat(parts, ignore_index=True) if parts else empty}


# While a run plays, a chart is redrawn five times a second: a description that changed with
# every tick would make the browser rebuild the chart (Streamlit re-embeds on a new spec) and a
# screen reader could not follow it anyway. Live charts say what stays true during the run;
# the numbers come back the moment it pauses or steps.


@describes(boundary)
def describe_boundary(
    data, /, task: str, classes: int, names: Mapping[str, str], *, live: bool = False, **_
) -> Sentence:
    """How much of the square the model gives each class (or the range it predicts), and the
    points drawn on it."""
    cells, points = data["cells"], data["points"]
    splits = points["split"].value_counts()
    params = {
        "train": int(splits.get(names["train"], 0)),
        "validation": int(splits.get(names["validation"], 0)),
    }
    if live:
        return Sentence("training.describe.boundary_live", params)
    if task == "regression":
        low, high = float(cells["value"].min()), float(cells["value"].max())
        return Sentence(
            "training.describe.boundary_regression", params | {"low": low, "high": high}
        )
    if "label" in cells:
        counts = cells["label"].value_counts(normalize=True)
        labels = [str(c) for c in range(classes)]
    else:  # binary: value is P(class 1)
        ones = share(cells["value"] > 0.5)
        counts, labels = pd.Series({"0": 1 - ones, "1": ones}), ["0", "1"]
    said = tuple(f"{c} {counts.get(c, 0.0):.0%}" for c in labels)
    return Sentence("training.describe.boundary", params | {"shares": said})


def _last(rows: pd.DataFrame, names: Mapping[str, str]) -> dict[str, float]:
    last = rows[rows["epoch"] == rows["epoch"].max()].set_index("split")["value"]
    return {
        "epoch": int(rows["epoch"].max()),
        "train": float(last.get(names["train"], float("nan"))),
        "validation": float(last.get(names["validation"], float("nan"))),
    }


@describes(losses)
def describe_losses(
    data, /, names: Mapping[str, str], classify: bool, log: bool, live: bool = False, **_
) -> Sentence:
    """The loss of both splits at the last epoch, and the best validation epoch."""
    runs = data["past"]["run"].nunique() if len(data["past"]) else 0
    if live:
        return Sentence("training.describe.losses_live", {"past": runs})
    best = data["best"].iloc[0]
    return Sentence(
        "training.describe.losses",
        _last(data["now"], names)
        | {"best": int(best["epoch"]), "best_value": float(best["value"]), "past": runs},
    )


@describes(accuracy)
def describe_accuracy(
    data, /, names: Mapping[str, str], *, live: bool = False, height: int = 150
) -> Sentence:
    """The accuracy of both splits at the last epoch."""
    if live:
        return Sentence("training.describe.accuracy_live")
    return Sentence("training.describe.accuracy", _last(data["accuracy"], names))


@describes(neurons)
def describe_neurons(data, /, names: Mapping[str, str]) -> Sentence:
    """How many units per layer, and how far their outputs over the square spread."""
    n = data["neurons"]
    layers = tuple(
        Sentence(
            "training.describe.layer",
            {
                "layer": int(layer),
                "units": int(one["unit"].nunique()),
                "low": float(one["value"].min()),
                "high": float(one["value"].max()),
            },
        )
        for layer, one in n.groupby("layer", sort=True)
    )
    return Sentence("training.describe.neurons", {"layers": layers})
