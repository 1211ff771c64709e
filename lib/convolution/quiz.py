"""Check yourself: the output height of a seeded layer, answered by running it."""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class Quiz:
    code: str  # the layer, as the student would write it
    height: int  # of the input
    options: tuple[int, ...]
    answer: int  # read from the module's output shape
    working: str  # the formula with the numbers in


def quiz(seed: int) -> Quiz:
    """A valid layer drawn from `seed` (a local random.Random: no global state) and four
    plausible answers: the right one and the usual slips (padding forgotten, dilation
    forgotten, the + 1 forgotten, ceil for floor)."""
    rng = random.Random(seed)
    while True:
        n, k, s = rng.randint(6, 16), rng.choice((2, 3, 5)), rng.choice((1, 2, 3))
        p, d, pool = rng.randint(0, k // 2), rng.choice((1, 1, 2)), rng.random() < 0.3
        top = n + 2 * p - d * (k - 1) - 1
        if top >= 0:
            break
    if pool:
        code = f"nn.MaxPool2d({k}, stride={s}, padding={p}, dilation={d})"
        module = nn.MaxPool2d(k, s, p, d)
    else:
        code = f"nn.Conv2d(1, 1, {k}, stride={s}, padding={p}, dilation={d})"
        module = nn.Conv2d(1, 1, k, s, p, d)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        answer = int(module(torch.zeros(1, 1, n, n)).shape[-2])
    slips = {
        (n - d * (k - 1) - 1) // s + 1,  # padding forgotten
        (n + 2 * p - k) // s + 1,  # dilation forgotten
        top // s,  # the + 1 forgotten
        -(-top // s) + 1,  # ceil instead of floor
        answer + 1,
        answer + 2,
    }
    wrong = [v for v in slips if v > 0 and v != answer][:3]
    options = tuple(sorted({answer, *wrong}))
    working = f"floor(({n} + 2·{p} − {d}·({k} − 1) − 1) / {s}) + 1 = {answer}"
    return Quiz(code, n, options, answer, working)
