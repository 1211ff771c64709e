"""The graph torch recorded, and `.grad` over repeated backward() calls.

The graph is drawn top-down from the output's grad_fn (layer 0) to the AccumulateGrad nodes that
fill the leaves' `.grad`: boxes named by torch's own class names at the places lib.autograd.graph
computed, one line per `next_functions` entry, labelled with the forward value going up it and
the gradient its parent's backward sends down it. Positions are fractions of the width, so the
picture fits any screen. Builders draw from named data sets (see charts.named).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from charts.described import Sentence, describes
from lib.autograd import MAX_CALLS
from lib.autograd.facts import numbers
from lib.autograd.graph import Traced

KINDS = ("output", "function", "leaf")
COLOURS = ("#D55E00", "#0072B2", "#009E73")  # Okabe–Ito vermillion, blue, green
ROW = 92  # pixels per layer
NARROW = 520  # pixels of plot width below which edge labels are left out
BOX = 0.13  # half a box's width, as a share of the width, when a layer has room for it
LEGEND = 70  # pixels
PICK = "node"  # the selection a click on a box makes: {"id": its index}


def graph_rows(t: Traced, kinds: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """`kinds` translates output / function / leaf for the legend."""
    layer_size: dict[int, int] = {}
    for n in t.nodes:
        layer_size[n.layer] = layer_size.get(n.layer, 0) + 1
    nodes = []
    for i, n in enumerate(t.nodes):
        half = min(BOX, 0.46 / layer_size[n.layer])
        kind = "output" if i == 0 else "leaf" if n.leaf else "function"
        nodes.append(
            {
                "id": i,
                "name": n.name,
                "below": f"{n.leaf}.grad" if n.leaf else f"#{i}",
                "kind": kinds[kind],
                "x": n.x,
                "x_lo": n.x - half,
                "x_hi": n.x + half,
                "y": n.layer,
                "y_lo": n.layer - 0.28,
                "y_hi": n.layer + 0.28,
                "code": n.code[:80],
                "value": numbers(n.value),
                "grad": numbers(n.grad),
                "shape": str(tuple(n.shape)),
            }
        )
    edges = []
    pairs: dict[tuple[int, int], int] = {}
    for e in t.edges:
        pairs[(e.parent, e.child)] = pairs.get((e.parent, e.child), 0) + 1
    for e in t.edges:
        p, c = t.nodes[e.parent], t.nodes[e.child]
        twice = pairs[(e.parent, e.child)] > 1
        edges.append(
            {
                "x": p.x,
                "y": p.layer + 0.28,
                "x2": c.x,
                "y2": c.layer - 0.28,
                "mid_x": (p.x + c.x) / 2,
                "mid_y": (p.layer + c.layer) / 2,
                "label": f"▲ {numbers(e.value)}\n▼ {numbers(e.grad)}" + (" (×2)" if twice else ""),
                "from": p.name,
                "to": c.name,
                "slot": e.slot,
                "value": numbers(e.value),
                "grad": numbers(e.grad),
                "local": numbers(e.local),
            }
        )
    columns = ["x", "y", "x2", "y2", "mid_x", "mid_y", "label", "from", "to", "slot"]
    return {
        "ag_nodes": pd.DataFrame(nodes),
        "ag_edges": pd.DataFrame(edges, columns=[*columns, "value", "grad", "local"]),
    }


def layers(t: Traced) -> int:
    return 1 + max((n.layer for n in t.nodes), default=0)


def graph(
    *, kinds: Sequence[str], tips: Mapping[str, str], layers: int, large: bool = False
) -> alt.LayerChart:
    """`kinds`: the translated output / function / leaf; `tips`: translated tooltip titles for
    code, value, grad, sent, local, slot; `large`: presenter mode."""
    # the legend's three rows are drawn inside the height too
    height = int((layers * ROW + LEGEND) * (1.3 if large else 1.0))
    # Every layer gets the same scales, spelled out: layers that leave one out fail to draw.
    across = alt.Scale(domain=[0, 1])
    down = alt.Scale(domain=[-0.5, layers - 0.5], reverse=True)

    def place(x: str, y: str) -> dict:
        return {"x": alt.X(x, scale=across, axis=None), "y": alt.Y(y, scale=down, axis=None)}

    size = 17 if large else 11
    picked = alt.selection_point(name=PICK, fields=["id"], on="click")
    edges = alt.Chart(alt.NamedData("ag_edges"))
    nodes = alt.Chart(alt.NamedData("ag_nodes"))
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=list(kinds), range=list(COLOURS)),
        legend=alt.Legend(title=None, orient="top", direction="vertical", labelLimit=360),
    )
    node_tips = [
        alt.Tooltip("name:N", title="grad_fn"),
        alt.Tooltip("code:N", title=tips["code"]),
        alt.Tooltip("shape:N", title="shape"),
        alt.Tooltip("value:N", title=tips["value"]),
        alt.Tooltip("grad:N", title=tips["grad"]),
    ]
    edge_tips = [
        alt.Tooltip("from:N", title="grad_fn"),
        alt.Tooltip("slot:Q", title=tips["slot"]),
        alt.Tooltip("to:N", title="next_functions"),
        alt.Tooltip("value:N", title=tips["value"]),
        alt.Tooltip("grad:N", title=tips["sent"]),
        alt.Tooltip("local:N", title=tips["local"]),
    ]
    return alt.layer(
        edges.mark_rule(color="#777777", strokeWidth=1.5).encode(
            **place("x:Q", "y:Q"), x2="x2:Q", y2="y2:Q", tooltip=edge_tips
        ),
        # On a phone the numbers would cover the boxes: there the lines keep them in tooltips,
        # and the chain-rule table below says them.
        edges.mark_text(
            fontSize=size - 1,
            lineBreak="\n",
            color="#333333",
            align="left",
            baseline="middle",
            dx=4,
            opacity=alt.ExprRef(f"width > {NARROW} ? 1 : 0"),
        ).encode(**place("mid_x:Q", "mid_y:Q"), text="label:N", tooltip=edge_tips),
        nodes.mark_rect(cornerRadius=6, fillOpacity=0.14, strokeWidth=2)
        .encode(
            **place("x_lo:Q", "y_lo:Q"),
            x2="x_hi:Q",
            y2="y_hi:Q",
            fill=colour,
            stroke=alt.Stroke(
                "kind:N", scale=alt.Scale(domain=list(kinds), range=list(COLOURS)), legend=None
            ),
            tooltip=node_tips,
        )
        .add_params(picked),  # a click on a box picks the node to inspect
        nodes.mark_text(fontSize=size, fontWeight="bold", dy=-size * 0.55).encode(
            **place("x:Q", "y:Q"), text="name:N", tooltip=node_tips
        ),
        nodes.mark_text(fontSize=size - 1, dy=size * 0.75, color="#333333").encode(
            **place("x:Q", "y:Q"), text="below:N", tooltip=node_tips
        ),
    ).properties(width="container", height=height)


def accumulation_rows(
    runs: Mapping[str, Sequence[dict[str, list[float] | None]]],
) -> dict[str, pd.DataFrame]:
    """`runs`: translated run name (with / without zero_grad) -> `.grad` per leaf per call."""
    rows = []
    for run, after in runs.items():
        for call, grads in enumerate(after, start=1):
            for leaf, g in grads.items():
                for j, v in enumerate(g or []):
                    series = leaf if len(g) == 1 else f"{leaf}[{j}]"
                    rows.append({"call": call, "series": series, "grad": v, "run": run})
    return {"ag_grads": pd.DataFrame(rows, columns=["call", "series", "grad", "run"])}


def accumulation(*, x_title: str, y_title: str, run_title: str, height: int = 320) -> alt.Chart:
    """`.grad` after each call: a straight line through 0 when not zeroed, flat when zeroed."""
    base = alt.Chart(alt.NamedData("ag_grads")).encode(
        x=alt.X(
            "call:Q",
            title=x_title,
            scale=alt.Scale(domain=[0, MAX_CALLS]),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        y=alt.Y("grad:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash(
            "run:N", title=run_title, legend=alt.Legend(orient="top", labelLimit=360)
        ),
        detail="run:N",
        tooltip=[
            alt.Tooltip("run:N", title=run_title),
            alt.Tooltip("call:Q", title=x_title),
            alt.Tooltip("series:N", title="leaf"),
            alt.Tooltip("grad:Q", title=y_title, format=".6g"),
        ],
    )
    return alt.layer(base.mark_line(), base.mark_point(filled=True, size=50)).properties(
        width="container", height=height
    )


def chain_table(t: Traced, i: int, cols: Mapping[str, str]) -> pd.DataFrame:
    """The chain rule at node `i`: one row per line arriving from a node above."""
    rows = [
        {
            cols["above"]: f"#{e.parent} {t.nodes[e.parent].name}",
            "slot": e.slot,
            cols["upstream"]: numbers(t.nodes[e.parent].grad),
            cols["local"]: numbers(e.local),
            cols["sent"]: numbers(e.grad),
        }
        for e in t.edges
        if e.child == i
    ]
    return pd.DataFrame(
        rows, columns=[cols["above"], "slot", cols["upstream"], cols["local"], cols["sent"]]
    )


def grads_table(runs: Mapping[str, Sequence[dict]], call: str) -> pd.DataFrame:
    """One row per backward() call; a column per (leaf, run)."""
    rows = []
    for k, per_run in enumerate(zip(*runs.values(), strict=True), start=1):
        row: dict[str, object] = {call: k}
        for name, grads in zip(runs, per_run, strict=True):
            row |= {f"{leaf}.grad · {name}": numbers(g) for leaf, g in grads.items()}
        rows.append(row)
    return pd.DataFrame(rows)


def modes_table(rows: Sequence, labels: Mapping[str, str], cols: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                cols["mode"]: labels[r.mode],
                "requires_grad": str(r.requires_grad),
                "grad_fn": str(r.grad_fn),
                "is_leaf": str(r.is_leaf),
                "is_inference()": str(r.is_inference),
                cols["backward"]: r.backward_error or cols["ran"],
            }
            for r in rows
        ]
    )


def step_table(step, cols: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                cols["tensor"]: n,
                cols["before"]: numbers(step.before[n]),
                ".grad": numbers(step.grad[n]),
                # every digit: the two routes may differ in the last bit only
                cols["hand"]: exact(step.by_hand[n]),
                cols["sgd"]: exact(step.by_sgd[n]),
                "add_(grad, alpha=-lr)": exact(step.by_add[n]),
            }
            for n in step.before
        ]
    )


def exact(values) -> str:
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"


def moment_table(m, cols: Mapping[str, str]) -> pd.DataFrame:
    rows = [
        {cols["tensor"]: n, cols["now"]: numbers(v), ".grad": numbers(m.grads[n])}
        for n, v in m.params.items()
    ]
    loss = "—" if m.loss is None else numbers((m.loss,))
    rows.append({cols["tensor"]: cols["loss"], cols["now"]: loss, ".grad": ""})
    return pd.DataFrame(rows)


@describes(graph)
def describe_graph(
    data, /, *, kinds: Sequence[str], tips: Mapping[str, str], layers: int, large: bool = False
) -> Sentence:
    """The output's value, the functions torch recorded, each leaf's value and .grad."""
    nodes = data["ag_nodes"]
    output = nodes.iloc[0]
    leaves = nodes[nodes["kind"] == kinds[2]]
    functions = nodes[nodes["kind"] == kinds[1]]
    return Sentence(
        "autograd.describe.graph",
        {
            "n": len(nodes),
            "edges": len(data["ag_edges"]),
            "output": output["name"],
            "value": output["value"],
            "functions": tuple(functions["name"]) or "—",
            "leaves": tuple(
                f"{below} = {grad} ({value})"
                for below, grad, value in zip(
                    leaves["below"], leaves["grad"], leaves["value"], strict=True
                )
            )
            or "—",
        },
    )


@describes(accumulation)
def describe_accumulation(
    data, /, *, x_title: str, y_title: str, run_title: str, height: int = 320
) -> Sentence:
    """Each run's .grad of the first leaf after the first and the last call."""
    g = data["ag_grads"]
    rows = list(zip(*(g[c].tolist() for c in ("series", "run", "grad", "call"))))
    series = rows[0][0] if rows else ""
    first: dict[str, list[tuple]] = {}  # the first series' rows per run: lists, not a groupby
    for s, run, grad, call in rows:
        if s == series:
            first.setdefault(run, []).append((grad, call))
    runs = tuple(
        Sentence(
            "autograd.describe.run",
            {
                "run": run,
                "first": float(one[0][0]),
                "last": float(one[-1][0]),
                "calls": int(max(call for _, call in one)),
            },
        )
        for run, one in first.items()
    )
    return Sentence("autograd.describe.accumulation", {"series": series, "runs": runs})
