"""The properties table: one row per activation, every cell a property lib measured."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from lib.activations.properties import Properties

Text = Mapping[str, str]


def _number(v: float) -> str:
    return "−∞" if v == -math.inf else "+∞" if v == math.inf else f"{v:.3g}"


def _saturates(slope: float, saturates: bool, flat: bool, text: Text) -> str:
    if not saturates:
        return f"{text['no']} (f′ → {slope:.3g})"
    return f"{text['yes']} ({text['flat'] if flat else text['fading']})"


def _kinks(p: Properties, text: Text) -> str:
    return (
        "; ".join(f"{k.x:g}: {k.left:g}→{k.right:g} (autograd {k.autograd:g})" for k in p.kinks)
        or text["none"]
    )


def properties_frame(rows: Sequence[Properties], text: Text) -> pd.DataFrame:
    """The properties table: one row per function, every cell measured by lib."""
    return pd.DataFrame(
        [
            {
                text["function"]: p.name,
                text["range"]: f"{_number(p.lower)} … {_number(p.upper)}",
                text["zero_centred"]: f"{text['yes'] if p.zero_centred else text['no']} "
                f"(E f(z) = {round(p.mean_normal, 3) + 0.0:+.3f})",
                text["monotone"]: text["yes"] if p.monotone else text["no"],
                text["sat_left"]: _saturates(p.slope_left, p.saturates_left, p.flat_left, text),
                text["sat_right"]: _saturates(p.slope_right, p.saturates_right, p.flat_right, text),
                text["kinks"]: _kinks(p, text),
            }
            for p in rows
        ]
    )
