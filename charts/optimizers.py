"""Pictures for the optimizers page: the surface with the runs drawn over it, and per-step lines.

Each builder draws from named data sets (see charts.named), so the spec is built once per
surface window and language and a slider move only ships new rows.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from charts.theme import OKABE_ITO
from lib.optimizers import STATE_NAMES, Grid, Trajectory, Window

FLOOR = 1e-12  # loss − minimum below this is drawn at the floor of the log axis


def _run_colour(title: str, legend: bool = True, columns: int = 2) -> alt.Color:
    scale = alt.Scale(range=OKABE_ITO[:5])
    shown = _legend(columns) if legend else None
    return alt.Color("run:N", title=title, scale=scale, legend=shown)


def _legend(columns: int = 2) -> alt.Legend:
    """Below the plot, so a phone gives the plot its whole width."""
    return alt.Legend(
        orient="bottom", direction="horizontal", columns=columns, titleLimit=300, labelLimit=0
    )


def surface(
    *, x: tuple[float, float], y: tuple[float, float], words: dict, height: int = 420
) -> alt.LayerChart:
    """The surface as shaded cells (log of the height above the minimum), the minima marked and
    labelled, each run's path and, as a large dot, where it is at the chosen step."""
    xs = alt.Scale(domain=list(x), nice=False, zero=False)
    ys = alt.Scale(domain=list(y), nice=False, zero=False)
    cells = (
        alt.Chart(alt.NamedData("opt_cells"))
        .mark_rect(opacity=1)
        .encode(
            x=alt.X("x0:Q", scale=xs, title="x", axis=alt.Axis(grid=False)),
            x2="x1:Q",
            y=alt.Y("y0:Q", scale=ys, title="y", axis=alt.Axis(grid=False)),
            y2="y1:Q",
            color=alt.Color(
                "level:Q",
                title=words["level"],
                scale=alt.Scale(range=["#FFFFFF", "#5A5A5A"]),
                legend=alt.Legend(orient="bottom", gradientLength=120, titleLimit=300),
            ),
            tooltip=[
                alt.Tooltip("x:Q", format=".3g"),
                alt.Tooltip("y:Q", format=".3g"),
                alt.Tooltip("loss:Q", title=words["loss"], format=".4g"),
            ],
        )
    )
    paths = (
        alt.Chart(alt.NamedData("opt_paths"))
        .mark_line(clip=True, strokeWidth=2.5, point=alt.OverlayMarkDef(size=14, clip=True))
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            order="step:Q",
            color=_run_colour(words["run"], columns=1),  # beside the colour bar, phones too
            detail="run:N",
            tooltip=[
                "run:N",
                "step:Q",
                alt.Tooltip("x:Q", format=".4g"),
                alt.Tooltip("y:Q", format=".4g"),
                alt.Tooltip("loss:Q", format=".4g"),
            ],
        )
    )
    now = (
        alt.Chart(alt.NamedData("opt_now"))
        .mark_point(filled=True, size=180, stroke="black", strokeWidth=1.5, opacity=1, clip=True)
        .encode(
            x=alt.X("x:Q", scale=xs),
            y=alt.Y("y:Q", scale=ys),
            color=_run_colour(words["run"], legend=False),
            tooltip=[
                "run:N",
                "step:Q",
                alt.Tooltip("x:Q", format=".4g"),
                alt.Tooltip("y:Q", format=".4g"),
            ],
        )
    )
    minima = alt.Chart(alt.NamedData("opt_minima")).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=["label:N"]
    )
    star = minima.mark_point(shape="cross", size=220, filled=True, color="#000000", angle=45)
    label = minima.mark_text(dy=-14, fontWeight="bold", color="#000000").encode(text="label:N")
    return alt.layer(cells, paths, now, star, label).properties(height=height, width="container")


def per_step(
    *,
    steps: int,
    y_title: str,
    words: dict,
    log: bool = True,
    top: float | None = None,
    height: int = 260,
) -> alt.LayerChart:
    """One line per run against the step (a fixed 0..steps axis), with the chosen step marked.
    On a log axis the top is fixed (see log_top), so a diverging run leaves through it instead
    of squashing every other line to the floor."""
    scale = alt.Scale(type="log", domain=[FLOOR, top]) if top else alt.Scale(type="log")
    y = alt.Y("value:Q", title=y_title, scale=scale if log else alt.Scale(zero=True))
    lines = (
        alt.Chart(alt.NamedData("opt_lines"))
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=alt.X("step:Q", title=words["step"], scale=alt.Scale(domain=[0, steps], nice=False)),
            y=y,
            color=_run_colour(words["run"]),
            strokeDash=alt.StrokeDash("run:N", title=words["run"], legend=_legend()),
            tooltip=["run:N", "step:Q", alt.Tooltip("shown:Q", title=y_title, format=".4g")],
        )
    )
    rule = (
        alt.Chart(alt.NamedData("opt_k"))
        .mark_rule(color="#000000", strokeDash=[4, 3])
        .encode(x="step:Q", tooltip=[alt.Tooltip("step:Q", title=words["step"])])
    )
    return alt.layer(lines, rule).properties(height=height, width="container")


def cell_rows(grid: Grid, window: Window) -> pd.DataFrame:
    """One row per contour cell, its colour the log of its height above the minimum."""
    # A hair wider than half a cell, so no hairline gap shows between neighbours.
    hx, hy = grid.step[0] * 0.51, grid.step[1] * 0.51
    rows = [
        {
            "x": x,
            "y": y,
            "x0": max(x - hx, window.x[0]),
            "x1": min(x + hx, window.x[1]),
            "y0": max(y - hy, window.y[0]),
            "y1": min(y + hy, window.y[1]),
            "loss": v,
            "level": math.log10(1 + max(v - window.lowest, 0.0)),
        }
        for (y, x), v in zip(((y, x) for y in grid.ys for x in grid.xs), grid.values)
    ]
    return pd.DataFrame(rows)


def minima_rows(window: Window, label: str) -> pd.DataFrame:
    return pd.DataFrame([{"x": x, "y": y, "label": label} for x, y in window.minima])


def path_rows(runs: dict[str, Trajectory], k: int) -> dict[str, pd.DataFrame]:
    """Every run's points, and where each is at step k (its last point if it stopped earlier)."""
    paths = [
        {"run": name, "step": i, "x": p[0], "y": p[1], "loss": r.losses[i]}
        for name, r in runs.items()
        for i, p in enumerate(r.points)
    ]
    now = [
        {
            "run": name,
            "step": min(k, len(r.points) - 1),
            "x": r.points[min(k, len(r.points) - 1)][0],
            "y": r.points[min(k, len(r.points) - 1)][1],
        }
        for name, r in runs.items()
    ]
    return {"opt_paths": pd.DataFrame(paths), "opt_now": pd.DataFrame(now)}


def log_top(series: dict[str, list[float]]) -> float:
    """A power of ten 100 times above every run's first value: room for a run that climbs a
    little, and few distinct values, so the chart's spec is built once for most settings."""
    first = max((v[0] for v in series.values() if v and math.isfinite(v[0])), default=1.0)
    return 10.0 ** (math.ceil(math.log10(max(first, FLOOR))) + 2)


def line_rows(
    series: dict[str, list[float]], k: int, *, log: bool = True
) -> dict[str, pd.DataFrame]:
    """Per-step values of each run (loss above the minimum, |grad|, lr); on a log axis values
    below FLOOR sit at the floor, and the tooltip still shows the value itself."""
    rows = [
        {"run": name, "step": i, "value": max(v, FLOOR) if log else v, "shown": v}
        for name, values in series.items()
        for i, v in enumerate(values)
        if math.isfinite(v)
    ]
    return {"opt_lines": pd.DataFrame(rows), "opt_k": pd.DataFrame([{"step": k}])}


def step_card(run: Trajectory, k: int, update: str) -> pd.DataFrame | None:
    """Step k of one run as a narrow table a phone can show whole: one row per tensor (the
    point, the gradient, each tensor torch keeps in optimizer.state, the update step() made),
    its two components in the columns x and y. None once the run has stopped."""
    if k >= len(run.grads):
        return None
    (x0, y0), (x1, y1) = run.points[k], run.points[k + 1]
    rows = {"p": run.points[k], "p.grad": run.grads[k]}
    rows |= {f"state['{n}']": run.states[k][n] for n in STATE_NAMES if n in run.states[k]}
    rows[update] = (x1 - x0, y1 - y0)
    return pd.DataFrame.from_dict(
        {name: (f"{x:.4g}", f"{y:.4g}") for name, (x, y) in rows.items()},
        orient="index",
        columns=["x", "y"],
    )


def gaps(runs: dict[str, Trajectory], lowest: float) -> dict[str, list[float]]:
    """Loss above the minimum, per run and step: what a log axis can show."""
    return {name: [v - lowest for v in r.losses] for name, r in runs.items()}


def grad_norms(runs: dict[str, Trajectory]) -> dict[str, list[float]]:
    return {name: [math.hypot(*g) for g in r.grads] for name, r in runs.items()}


def keys_table(keys: dict, title: str) -> pd.DataFrame:
    """A state dict's flattened keys with the shape of each tensor (or the plain value)."""
    return pd.DataFrame({title: list(keys), "shape / value": [str(v) for v in keys.values()]})


@describes(surface)
def describe_surface(data, /, *, x: tuple[float, float], y: tuple[float, float], **_) -> Sentence:
    """Where each run is at the chosen step and its loss there; where the minima are. Arrays,
    not pandas lookups: this runs on every rerun (see charts.activations._columns)."""
    paths, now = data["opt_paths"], data["opt_now"]
    run, step, loss = (paths[c].to_numpy() for c in ("run", "step", "loss"))
    runs = tuple(
        Sentence(
            "optimizers.describe.at",
            {
                "run": r,
                "step": int(s),
                "x": float(px),
                "y": float(py),
                "loss": float(loss[(run == r) & (step == s)][0]),
            },
        )
        for r, s, px, py in zip(
            *(now[c].to_numpy() for c in ("run", "step", "x", "y")), strict=True
        )
    )
    mx, my = data["opt_minima"]["x"].to_numpy(), data["opt_minima"]["y"].to_numpy()
    minima = tuple(f"({a:.3g}, {b:.3g})" for a, b in zip(mx, my, strict=True))
    return Sentence(
        "optimizers.describe.surface",
        {"x0": x[0], "x1": x[1], "y0": y[0], "y1": y[1], "minima": minima, "runs": runs},
    )


@describes(per_step)
def describe_per_step(data, /, *, steps: int, y_title: str, **_) -> Sentence:
    """Each run's value at the marked step and at its last step."""
    lines, k = data["opt_lines"], int(data["opt_k"]["step"].iloc[0])
    run, step, shown = (lines[c].to_numpy() for c in ("run", "step", "shown"))
    said = []
    for r in dict.fromkeys(run):
        mine = run == r
        s, v = step[mine], shown[mine]
        here = v[s <= k][-1] if (s <= k).any() else v[0]
        said.append(
            Sentence(
                "optimizers.describe.line",
                {"run": r, "now": float(here), "last": float(v[-1]), "end": int(s[-1])},
            )
        )
    return Sentence("optimizers.describe.per_step", {"what": y_title, "k": k, "runs": tuple(said)})
