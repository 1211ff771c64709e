"""The live numbers each view's "what to notice" sentences are filled with.

Each function returns a flat dict; a sentence template picks the fields it names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lib.activations.curves import Curve, at_point
from lib.activations.network import NetworkProbe
from lib.activations.neuron import Neuron
from lib.activations.properties import Properties


def spans(parts: Sequence[tuple[float, float]]) -> str:
    """`[-6.00, -2.06], [2.06, 6.00]`, or ∅ when there is none."""
    return ", ".join(f"[{a:.2f}, {b:.2f}]" for a, b in parts) or "∅"


def _width(parts: Sequence[tuple[float, float]]) -> float:
    return sum(b - a for a, b in parts)


def curve_facts(c: Curve, x0: float) -> dict[str, object]:
    """Saturated share and spans, the point read-out, and the steepest slope on the range."""
    lo, hi = c.x[0].item(), c.x[-1].item()
    y0, d0 = at_point(c.name, x0, dict(c.params))
    k = int(c.dy.abs().argmax())
    return {
        "name": c.name,
        "thr": c.threshold,
        "x0": x0,
        "y": y0,
        "d": d0,
        "region": "saturated" if abs(d0) < c.threshold else "sensitive",
        "share": _width(c.saturated) / (hi - lo),
        "spans": spans(c.saturated),
        "peak": c.dy[k].abs().item(),
        "at": c.x[k].item(),
    }


def neuron_facts(unit: Neuron, plain: Neuron) -> dict[str, object]:
    """Where the unit is sensitive, how wide that is against the plain function, where centred."""
    return {
        "w": unit.w,
        "b": unit.b,
        "spans": spans(unit.sensitive),
        "width": _width(unit.sensitive),
        "width0": _width(plain.sensitive),
        "centre": -unit.b / unit.w + 0.0 if unit.w else float("nan"),  # + 0.0: never "-0.00"
        "peak": unit.dydx.abs().max().item(),
    }


def network_facts(probe: NetworkProbe) -> dict[str, object]:
    """First layer against last: gradient, saturation, death and spread."""
    one, last = probe.layers[0], probe.layers[-1]
    return {
        "n": last.layer,
        "g1": one.weight_grad_norm,
        "gn": last.weight_grad_norm,
        "ratio": probe.grad_ratio,
        "s1": one.saturated_share,
        "sn": last.saturated_share,
        "dead": last.dead_share,
        "std1": one.pre_std,
        "stdn": last.pre_std,
        "out": last.below + last.above,
        "verdict": verdict(probe),
        "per_layer": per_layer(probe),
    }


# Within one order of magnitude between the first and the last layer counts as healthy.
HEALTHY = (0.1, 10.0)


def per_layer(probe: NetworkProbe) -> float:
    """The factor the gradient is multiplied by per layer on its way back (geometric mean)."""
    steps = len(probe.layers) - 1
    ratio = probe.grad_ratio
    if steps < 1 or not math.isfinite(ratio) or ratio <= 0:
        return math.nan
    return ratio ** (1 / steps)


def verdict(probe: NetworkProbe) -> str:
    """'vanishing', 'exploding' or 'healthy', from the measured first-to-last gradient ratio."""
    ratio = probe.grad_ratio
    if len(probe.layers) < 2 or not math.isfinite(ratio):
        return "single" if len(probe.layers) < 2 else "unmeasured"
    return "vanishing" if ratio < HEALTHY[0] else "exploding" if ratio > HEALTHY[1] else "healthy"


def table_facts(rows: Sequence[Properties]) -> dict[str, object]:
    """Which functions came out zero-centred, which have kinks, what autograd says at relu's."""
    relu = [k.autograd for p in rows if p.name == "relu" for k in p.kinks]
    return {
        "centred": ", ".join(p.name for p in rows if p.zero_centred) or "∅",
        "kinked": "; ".join(
            f"{p.name} ({', '.join(f'{k.x:g}' for k in p.kinks)})" for p in rows if p.kinks
        )
        or "∅",
        "relu": relu[0] if relu else 0.0,
    }
