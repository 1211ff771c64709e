"""One neuron, y = act(w·x + b): how weight and bias stretch and move the sensitive region."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch

from lib.activations.curves import (
    DEFAULT_THRESHOLD,
    DTYPE,
    activation,
    check_range,
    check_threshold,
    complement,
    intervals,
    slope,
)
from lib.common.errors import InputError


@dataclass(frozen=True)
class Neuron:
    """y = act(w·x + b): the curve over x and where the unit is saturated (|f′(w·x+b)| < t)."""

    w: float
    b: float
    x: torch.Tensor
    y: torch.Tensor
    dydx: torch.Tensor  # w·f′(w·x + b), by autograd through the whole neuron
    saturated: tuple[tuple[float, float], ...]
    sensitive: tuple[tuple[float, float], ...]


MAX_WEIGHT = 20.0


def neuron(
    name: str,
    w: float,
    b: float,
    lo: float,
    hi: float,
    threshold: float = DEFAULT_THRESHOLD,
    params: Mapping[str, float] | None = None,
    points: int = 401,
) -> Neuron:
    """One unit: weight w stretches the sensitive region by 1/|w|, bias b shifts it to -b/w."""
    fn = activation(name, params)
    check_range(lo, hi)
    check_threshold(threshold)
    for what, v in (("w", w), ("b", b)):
        if not (math.isfinite(v) and abs(v) <= MAX_WEIGHT):
            raise InputError(
                "act_neuron",
                "{what} = {value} is outside -{max} to {max}.",
                what=what,
                value=v,
                max=MAX_WEIGHT,
            )
    saturated = intervals(lambda x: slope(fn, w * x + b)[1].abs() < threshold, lo, hi)
    x = torch.linspace(lo, hi, points, dtype=DTYPE)
    y, dydx = slope(lambda t: fn(w * t + b), x)
    return Neuron(w, b, x, y, dydx, tuple(saturated), tuple(complement(saturated, lo, hi)))
