"""Altair pictures for data augmentation: the parameters drawn, and accuracy against shift.

Each picture comes in two halves (see charts.named): a builder taking only translated words and
other plain options, whose marks read named data sets, and a `*_data(...)` function giving those
data sets' rows. The page builds a spec once (ui.chart.draw) and ships new rows every rerun.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from charts.theme import MODELS, OKABE_ITO, share_y
from lib.augmentation.invariance import EVAL_SHIFT, RunResult
from lib.augmentation.pipeline import Grid
from lib.augmentation.table import TRANSFORMS

# Rows keep the pipeline's order: a new seed or range never changes the spec.
_IN_ORDER = alt.EncodingSortField("order", op="min")


def strip_data(grid: Grid, *, fired: str, missed: str, chosen: str) -> dict[str, pd.DataFrame]:
    """Rows for drawn_strip(): a band per range a student set ("bands"), a dot per sample's draw
    from it ("draws"); {} when the pipeline draws no range."""
    bands, dots = [], []
    for name, settings in grid.steps:
        t = TRANSFORMS[name]
        for p in t.params if t.draw is None else ():  # custom draws (boxes) pass other numbers
            if p.kind != "range":
                continue
            row, lo, hi, order = f"{name}.{p.name}", *settings[p.name], len(bands)
            at = lambda v, p=p: (v - p.low) / (p.high - p.low)  # noqa: E731 - share of the slider
            bands.append(
                {
                    "parameter": row,
                    "order": order,
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
                    "order": order,
                    "at": at(d.kwargs[p.name]),
                    "value": d.kwargs[p.name],
                    "sample": i + 1,
                    "status": fired if d.fired else missed,
                }
                for i, drawn in enumerate(grid.drawn)
                for d in drawn
                if d.name == name and p.name in d.kwargs
            ]
    return {"bands": pd.DataFrame(bands), "draws": pd.DataFrame(dots)} if bands else {}


def drawn_strip(*, fired: str, missed: str, slider: str) -> alt.LayerChart:
    """One row per range a student set, each drawn on its whole slider (left end to right end):
    the band is the chosen range, a dot each sample's draw (a grey cross where the coin missed).
    Uniform draws spread evenly over the band.
    """
    y = alt.Y("parameter:N", title=None, sort=_IN_ORDER, axis=alt.Axis(labelLimit=0))
    x = alt.X("at:Q", title=slider, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(labels=False))
    band = alt.Chart(alt.NamedData("bands")).mark_bar(color=OKABE_ITO[5], opacity=0.3, height=18)
    band = band.encode(
        x=alt.X("from:Q"), x2="to:Q", y=y, tooltip=["parameter:N", "what:N", "range:N", "slider:N"]
    )
    points = (
        alt.Chart(alt.NamedData("draws"))
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


def accuracy_data(
    results: Iterable[RunResult],
    axis: str,
    training: dict[bool, str],
    aug_shift: int,
    *,
    band: str,
    chance: str,
) -> dict[str, pd.DataFrame]:
    """Rows for accuracy_vs_shift(): every run's accuracy per shift along `axis` ("accuracy"),
    the shifts ±aug_shift that augmentation trained on ("band") and chance level ("chance")."""
    rows = [
        {"shift": s, "accuracy": a, "model": r.kind.upper(), "training": training[r.augment]}
        for r in results
        for s, a in zip(r.shifts, r.accuracy[axis], strict=True)
    ]
    return {
        "accuracy": pd.DataFrame(rows),
        "band": pd.DataFrame([{"from": -aug_shift, "to": aug_shift, "what": band}]),
        "chance": pd.DataFrame([{"accuracy": 0.1, "what": chance}]),
    }


def accuracy_vs_shift(
    *,
    training: tuple[str, str],
    shift_axis: str,
    accuracy: str,
    model: str,
    training_data: str,
) -> alt.LayerChart:
    """Test accuracy for every shift; the shaded band is the range augmentation trained on.
    `training` names the centred and the augmented runs, in that order."""
    x = alt.X(
        "shift:Q",
        title=shift_axis,
        scale=alt.Scale(domain=[-EVAL_SHIFT, EVAL_SHIFT]),
        axis=alt.Axis(tickMinStep=1),
    )
    y = share_y("accuracy:Q", accuracy)
    shade = (
        alt.Chart(alt.NamedData("band"))
        .mark_rect(color=OKABE_ITO[6], opacity=0.18)
        .encode(x="from:Q", x2="to:Q", tooltip=["what:N"])
    )
    floor = (
        alt.Chart(alt.NamedData("chance"))
        .mark_rule(strokeDash=[2, 2], color="#777777")
        .encode(y="accuracy:Q", tooltip=["what:N"])
    )
    kinds = list(training)
    base = alt.Chart(alt.NamedData("accuracy")).encode(
        x=x,
        y=y,
        color=alt.Color(
            "model:N",
            title=model,
            scale=alt.Scale(domain=list(MODELS), range=[c[0] for c in MODELS.values()]),
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
    # The band and the chance line say what they are on the chart itself, not only on hover.
    shade_label = (
        alt.Chart(alt.NamedData("band"))
        .mark_text(align="left", baseline="top", dx=4, y=4, color="#555555")
        .encode(x="from:Q", text="what:N")
    )
    floor_label = (
        alt.Chart(alt.NamedData("chance"))
        .mark_text(align="left", baseline="bottom", x=4, dy=-3, color="#555555")
        .encode(y="accuracy:Q", text="what:N")
    )
    layers = (shade, floor, shade_label, floor_label, lines, points)
    return alt.layer(*layers).properties(height=320)


def probability_data(probs: dict[str, tuple[float, ...]]) -> dict[str, pd.DataFrame]:
    """Rows for probability_bars(): each model's probability for each digit ("beliefs")."""
    rows = [
        {"digit": d, "probability": p, "model": name}
        for name, ps in probs.items()
        for d, p in enumerate(ps)
    ]
    return {"beliefs": pd.DataFrame(rows)}


def probability_bars(
    *, models: tuple[str, ...], digit: str, probability_axis: str, model: str
) -> alt.Chart:
    """Each model's softmax over the ten digits for the same shifted glyph, `models` in order:
    the runs of probe.RUNS (MLP centred, MLP shifted, CNN centred, CNN shifted), coloured as the
    accuracy chart colours their model."""
    return (
        alt.Chart(alt.NamedData("beliefs"))
        .mark_bar()
        .encode(
            x=alt.X("digit:O", title=digit, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("model:N", sort=list(models)),
            y=alt.Y("probability:Q", title=probability_axis, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "model:N",
                title=model,
                sort=list(models),
                scale=alt.Scale(domain=list(models), range=[*MODELS["MLP"], *MODELS["CNN"]]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=["model:N", "digit:O", alt.Tooltip("probability:Q", format=".1%")],
        )
        .properties(height=260)
    )


@describes(drawn_strip)
def describe_drawn(data, /, *, fired: str, missed: str, slider: str) -> Sentence:
    """Each drawn parameter's range and the values the samples drew from it."""
    bands, draws = data["bands"], data["draws"]
    # Plain lists: one pandas mask per parameter cost more than the rest of the sentence.
    dots = list(zip(*(draws[c].tolist() for c in ("parameter", "sample", "value", "status"))))
    said = tuple(
        Sentence(
            "augmentation.describe.parameter",
            {
                "parameter": p,
                "range": r,
                "drawn": tuple(
                    f"{s}: {v:.3g}" + ("" if st == fired else f" ({missed})")
                    for q, s, v, st in dots
                    if q == p
                ),
            },
        )
        for p, r in zip(bands["parameter"].tolist(), bands["range"].tolist(), strict=True)
    )
    return Sentence("augmentation.describe.drawn", {"params": said})


@describes(accuracy_vs_shift)
def describe_accuracy(data, /, *, training: tuple[str, str], **_) -> Sentence:
    """Each run's accuracy with no shift and at the largest shift it was tested on."""
    acc = data["accuracy"]
    edge = int(acc["shift"].abs().max())
    runs = tuple(
        Sentence(
            "augmentation.describe.run",
            {
                "model": m,
                "training": tr,
                "centre": float(one.loc[one["shift"] == 0, "accuracy"].mean()),
                "edge": float(one.loc[one["shift"].abs() == edge, "accuracy"].mean()),
            },
        )
        for (m, tr), one in acc.groupby(["model", "training"], sort=False)
    )
    band = data["band"].iloc[0]
    return Sentence(
        "augmentation.describe.accuracy",
        {"edge": edge, "band": int(band["to"]), "runs": runs},
    )


@describes(probability_bars)
def describe_beliefs(data, /, *, models: tuple[str, ...], **_) -> Sentence:
    """Each model's most probable digit and its probability."""
    b = data["beliefs"]
    tops = tuple(
        Sentence(
            "augmentation.describe.belief",
            {"model": m, "digit": int(top["digit"]), "p": float(top["probability"])},
        )
        for m in models
        for one in [b[b["model"] == m]]
        if len(one)
        for top in [one.loc[one["probability"].idxmax()]]
    )
    return Sentence("augmentation.describe.beliefs", {"tops": tops})
