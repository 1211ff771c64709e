"""Predict-then-reveal questions built from what the page currently shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from lib.activations.curves import DTYPE, activation, check_range, check_threshold, slope
from lib.activations.network import NetworkProbe


@dataclass(frozen=True)
class PointQuiz:
    """'Which of these inputs lies in the <kind> region?' with exactly one right option."""

    kind: str  # "saturated" or "sensitive": the region the question asks about
    options: tuple[float, ...]
    answer: float
    slopes: tuple[float, ...]  # |f′| at each option, for the explanation

    @property
    def labels(self) -> list[str]:
        return [f"x = {v:g}" for v in self.options]

    @property
    def answer_label(self) -> str:
        return f"x = {self.answer:g}"

    @property
    def why(self) -> str:
        return ", ".join(
            f"|f′({v:g})| = {s:.3f}" for v, s in zip(self.options, self.slopes, strict=True)
        )


def point_quiz(
    name: str, lo: float, hi: float, threshold: float, params: Mapping[str, float] | None = None
) -> PointQuiz | None:
    """Four inputs from the visible range: one in the asked-for region, three outside it.

    The odd one out is the candidate nearest the other region (the hardest to tell by eye).
    None when the range is all one region.
    """
    check_range(lo, hi)
    check_threshold(threshold)
    fn = activation(name, params)
    xs = sorted({round(lo + (hi - lo) * k / 10, 1) for k in range(1, 10)})
    d = slope(fn, torch.tensor(xs, dtype=DTYPE))[1].abs().tolist()
    clear = [(x, s) for x, s in zip(xs, d, strict=True) if abs(s - threshold) > 0.05 * threshold]
    sat = [x for x, s in clear if s < threshold]  # too close to the threshold is no fair question
    sens = [x for x, s in clear if s >= threshold]
    for kind, odd, rest in (("saturated", sat, sens), ("sensitive", sens, sat)):
        if odd and len(rest) >= 3:
            answer = min(odd, key=lambda x: min(abs(x - r) for r in rest))
            others = sorted(rest, key=lambda r: abs(r - answer))[:3]
            options = tuple(sorted([answer, *others]))
            by_x = dict(zip(xs, d, strict=True))
            return PointQuiz(kind, options, answer, tuple(by_x[x] for x in options))
    return None


@dataclass(frozen=True)
class LayerQuiz:
    """'Which of these layers receives the largest weight gradient?'"""

    options: tuple[int, ...]  # layer numbers, 1 = nearest the input
    answer: int
    norms: tuple[float, ...]

    @property
    def why(self) -> str:
        return ", ".join(f"{k}: {g:.2e}" for k, g in zip(self.options, self.norms, strict=True))


def layer_quiz(probe: NetworkProbe) -> LayerQuiz:
    """First, middle and last layer: the picture of vanishing or exploding gradients."""
    n = len(probe.layers)
    options = tuple(sorted({1, (n + 1) // 2, n}))
    norms = tuple(probe.layers[k - 1].weight_grad_norm for k in options)
    answer = options[max(range(len(options)), key=norms.__getitem__)]
    return LayerQuiz(options, answer, norms)
