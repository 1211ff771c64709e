"""A small seeded batch through one loss with every reduction, and what `mean` divides by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch

from lib.common.errors import InputError
from lib.losses.catalogue import check_name
from lib.losses.compute import evaluate, parse_numbers

MAX_BATCH = 8
MAX_SEED = 9999


@dataclass(frozen=True)
class Bench:
    name: str
    prediction: list
    target: list
    per_element: list  # reduction='none', as torch shapes it
    elements: int  # how many numbers reduction='none' gives
    batch: int  # N: the first dim of the input
    reduced: dict[str, float]  # mean, sum (and batchmean for KLDivLoss)
    divisor: float  # sum / mean, read from torch's two numbers (nan when mean is 0)
    grad_norm: dict[str, float]  # ‖d(loss)/d(prediction)‖ for mean and sum
    warnings: tuple[str, ...]  # what torch warned, word for word (KLDivLoss on 'mean')


def sample(name: str, n: int, seed: int) -> tuple[list, list]:
    """A batch of `n` for `name` in the shapes and dtypes its docs ask for (rounded to 0.01)."""
    if not (1 <= n <= MAX_BATCH and 0 <= seed <= MAX_SEED):
        raise InputError(
            "loss_batch_range",
            "The batch size must lie in 1 … {b} and the seed in 0 … {s}.",
            b=MAX_BATCH,
            s=MAX_SEED,
        )
    g = torch.Generator().manual_seed(seed)
    return check_name(name).sample(g, n)


def batch(name: str, n: int, seed: int, prediction: str = "", target: str = "") -> tuple:
    """The student's typed batch when either box holds text, else the seeded sample."""
    if prediction.strip() or target.strip():
        return parse_numbers(prediction, "prediction"), parse_numbers(target, "target")
    return sample(name, n, seed)


def bench(name: str, prediction, target, options: Mapping[str, object]) -> Bench:
    spec = check_name(name)
    opts = {k: v for k, v in options.items() if k != "reduction"}
    none, _, said = evaluate(name, prediction, target, {**opts, "reduction": "none"}, grad=False)
    reduced, norms = {}, {}
    for r in spec.reductions[1:]:
        out, grad, more = evaluate(name, prediction, target, {**opts, "reduction": r}, grad=True)
        reduced[r] = out.item()
        norms[r] = grad.norm().item()
        said += more
    mean = reduced["mean"]
    pred = torch.tensor(prediction)
    batch = pred.shape[1] if spec.call == "pair" else (pred.shape[0] if pred.dim() else 1)
    return Bench(
        name,
        prediction,
        target,
        none.tolist(),
        none.numel(),
        batch,
        reduced,
        reduced["sum"] / mean if mean else float("nan"),
        norms,
        tuple(dict.fromkeys(said)),
    )
