"""Loss charts: the loss and its gradient over a sweep of the prediction, BCELoss against
BCEWithLogitsLoss over extreme logits, and the gradient each batch size gives under 'sum'.

Each builder takes only plain options (translated words in `text`, the x range, the losses'
names) and reads named data sets; a `*_rows(...)` function gives the rows (see charts.named).
The y ranges are fixed: a loss that leaves the chart (MSE far from its target) is the lesson.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from charts.theme import OKABE_ITO
from lib.losses import Curve, Point

Y_RANGE = {"loss": (-1.0, 8.0), "grad": (-5.0, 5.0)}
TRAP_Y = (0.0, 110.0)
SIZE = {"width": "container", "autosize": alt.AutoSizeParams(type="fit-x", contains="padding")}
AXIS_EXTENT = 48
Text = Mapping[str, str]
Rows = dict[str, pd.DataFrame]


def _colour(names: Sequence[str], title: str, legend: bool = True) -> alt.Color:
    return alt.Color(
        "loss_name:N",
        title=title,
        scale=alt.Scale(domain=list(names), range=OKABE_ITO[: len(names)]),
        legend=alt.Legend(orient="top", labelLimit=220) if legend else None,
    )


def curve_rows(curves: Sequence[Curve], points: Sequence[Point]) -> Rows:
    """ "curves": one row per finite sample; "points": each loss at x0 (where it is defined)."""
    frames = [
        pd.DataFrame({"loss_name": c.name, "x": c.x, "loss": c.loss, "grad": c.grad})
        for c in curves
    ]
    lines = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    marks = pd.DataFrame(
        [
            {"loss_name": p.name, "x": p.x, "loss": p.loss, "grad": p.grad}
            for p in points
            if p.loss is not None
        ],
        columns=["loss_name", "x", "loss", "grad"],
    )
    x0 = pd.DataFrame({"x": [points[0].x if points else 0.0]})
    return {"curves": lines, "points": marks, "x0": x0}


def curve_chart(
    field: str, names: tuple[str, ...], lo: float, hi: float, text: Text, height: int = 260
) -> alt.LayerChart:
    """`field` "loss" or "grad" (dL/dx by autograd) of every chosen loss over x, x0 marked."""
    top = field == "loss"
    x = alt.X("x:Q", title=text["x"], scale=alt.Scale(domain=[lo, hi], nice=False))
    y = alt.Y(
        f"{field}:Q",
        title=text[field],
        scale=alt.Scale(domain=list(Y_RANGE[field]), nice=False),
        axis=alt.Axis(minExtent=AXIS_EXTENT),
    )
    colour = _colour(names, text["loss_name"], legend=top)
    tips = [
        alt.Tooltip("loss_name:N", title=text["loss_name"]),
        alt.Tooltip("x:Q", format=".3f"),
        alt.Tooltip("loss:Q", title=text["loss"], format=".4f"),
        alt.Tooltip("grad:Q", title=text["grad"], format=".4f"),
    ]
    line = (
        alt.Chart(alt.NamedData("curves"))
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=tips,
            strokeDash=alt.StrokeDash("loss_name:N", legend=None),
        )
    )
    rule = (
        alt.Chart(alt.NamedData("x0"))
        .mark_rule(color="#555555", strokeDash=[4, 3], clip=True)
        .encode(x=x)
    )
    dots = (
        alt.Chart(alt.NamedData("points"))
        .mark_point(filled=True, size=90, clip=True)
        .encode(x=x, y=y, color=colour, shape=alt.Shape("loss_name:N", legend=None), tooltip=tips)
    )
    zero = alt.Chart().mark_rule(color="#999999", strokeWidth=0.8).encode(y=alt.YDatum(0))
    return alt.layer(zero, line, rule, dots).properties(
        title=text[f"{field}_title"], height=height, **SIZE
    )


def trap_rows(sweep: Mapping[str, Sequence[float]], z: float, text: Text) -> Rows:
    """ "lines": BCELoss(sigmoid(z)) and BCEWithLogitsLoss(z) over z; "z": the chosen z."""
    lines = pd.concat(
        [
            pd.DataFrame({"z": sweep["z"], "value": sweep[key], "which": text[key]})
            for key in ("bce", "logits")
        ],
        ignore_index=True,
    )
    return {"lines": lines, "z": pd.DataFrame({"z": [z]})}


def trap_chart(text: Text, height: int = 260) -> alt.LayerChart:
    x = alt.X("z:Q", title="z", scale=alt.Scale(domain=[-100, 100], nice=False))
    y = alt.Y("value:Q", title=text["loss"], scale=alt.Scale(domain=list(TRAP_Y), nice=False))
    names = [text["bce"], text["logits"]]
    colour = alt.Color(
        "which:N",
        title=None,
        scale=alt.Scale(domain=names, range=[OKABE_ITO[3], OKABE_ITO[0]]),
        legend=alt.Legend(orient="top", labelLimit=320),
    )
    line = (
        alt.Chart(alt.NamedData("lines"))
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=alt.StrokeDash(
                "which:N", scale=alt.Scale(domain=names, range=[[6, 3], [1, 0]]), legend=None
            ),
            tooltip=[
                alt.Tooltip("which:N"),
                alt.Tooltip("z:Q"),
                alt.Tooltip("value:Q", format=".4f"),
            ],
        )
    )
    rule = alt.Chart(alt.NamedData("z")).mark_rule(color="#555555", strokeDash=[4, 3]).encode(x=x)
    return alt.layer(line, rule).properties(title=text["trap_title"], height=height, **SIZE)


def batch_rows(
    sizes: Sequence[int], mean: Sequence[float], total: Sequence[float], text: Text
) -> Rows:
    rows = [
        {"batch": n, "grad": g, "reduction": r}
        for r, values in (("mean", mean), ("sum", total))
        for n, g in zip(sizes, values, strict=True)
    ]
    return {"batches": pd.DataFrame(rows)}


def batch_chart(text: Text, height: int = 240) -> alt.Chart:
    """|dL/dw| against the batch size, both log scales: 'sum' climbs with N, 'mean' does not."""
    return (
        alt.Chart(alt.NamedData("batches"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "batch:Q", title=text["batch"], scale=alt.Scale(type="log", base=2, domain=[1, 64])
            ),
            y=alt.Y("grad:Q", title=text["grad_w"], scale=alt.Scale(type="log", domain=[1, 1000])),
            color=alt.Color(
                "reduction:N",
                title="reduction",
                scale=alt.Scale(domain=["mean", "sum"], range=[OKABE_ITO[0], OKABE_ITO[3]]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=["reduction:N", "batch:Q", alt.Tooltip("grad:Q", format=".3f")],
        )
        .properties(title=text["batch_title"], height=height, **SIZE)
    )


def catalogue_frame(losses: Mapping, uses: Mapping[str, str], heads: Sequence[str]) -> pd.DataFrame:
    """The zoo as a table: name, input, target, target dtype, options, use it for."""
    rows = [
        (
            name,
            spec.input_shape,
            spec.target_shape,
            str(spec.target_dtype).removeprefix("torch."),
            ", ".join(o.name for o in spec.options) or "—",
            uses[name],
        )
        for name, spec in losses.items()
    ]
    return pd.DataFrame(rows, columns=list(heads))


def reduction_frame(reduced: Mapping[str, float], heads: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([(f"'{r}'", v) for r, v in reduced.items()], columns=list(heads))


def formats_frame(f, losses: Sequence[str], refused: str) -> pd.DataFrame:
    """Loss × target format: torch's value, or `refused` where torch raised (message below)."""
    table = {
        fmt: [refused if (c := f.cell(loss, fmt)).error else f"{c.value:.4f}" for loss in losses]
        for fmt in f.targets
    }
    return pd.DataFrame(table, index=list(losses))


@describes(curve_chart)
def describe_curve(
    rows: Rows,
    field: str,
    names: tuple[str, ...],
    lo: float,
    hi: float,
    text: Text,
    height: int = 260,
) -> Sentence:
    """Each loss's value (or autograd gradient) at x₀, the dashed line, one per colour."""
    points = dict(zip(rows["points"]["loss_name"].tolist(), rows["points"][field].tolist()))
    x0 = float(rows["x0"]["x"].iloc[0])
    at = tuple(
        Sentence("losses.describe.at", {"name": n, "value": float(points[n])})
        if n in points
        else Sentence("losses.describe.undefined", {"name": n})
        for n in names
    )
    return Sentence(f"losses.describe.curve_{field}", {"lo": lo, "hi": hi, "x0": x0, "at": at})


@describes(trap_chart)
def describe_trap(rows: Rows, text: Text, height: int = 260) -> Sentence:
    """Both losses at the chosen z (the dashed line), and the most each reaches on the sweep."""
    lines, z = rows["lines"], float(rows["z"]["z"].iloc[0])
    near = lines.loc[(lines["z"] - z).abs().groupby(lines["which"]).idxmin()].set_index("which")
    top = lines.groupby("which")["value"].max()
    bce, logits = text["bce"], text["logits"]
    return Sentence(
        "losses.describe.trap",
        {
            "z": z,
            "bce": bce,
            "logits": logits,
            "bce_z": float(near.loc[bce, "value"]),
            "logits_z": float(near.loc[logits, "value"]),
            "bce_top": float(top[bce]),
            "logits_top": float(top[logits]),
        },
    )


@describes(batch_chart)
def describe_batch(rows: Rows, text: Text, height: int = 240) -> Sentence:
    """|dL/dw| at the smallest and the largest batch for each reduction."""
    b = rows["batches"].sort_values("batch")
    ends = {r: one["grad"].iloc[[0, -1]].tolist() for r, one in b.groupby("reduction")}
    return Sentence(
        "losses.describe.batch",
        {
            "small": int(b["batch"].min()),
            "large": int(b["batch"].max()),
            "mean0": ends["mean"][0],
            "mean1": ends["mean"][1],
            "sum0": ends["sum"][0],
            "sum1": ends["sum"][1],
        },
    )
