"""The check-yourself questions, answered by a DataLoader: the count with drop_last, and which
sample opens batch 2 of epoch 1."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import torch

from lib.data.loader import LoaderRun, make_loader


@dataclass(frozen=True)
class Question:
    kind: str  # "count" or "sample"
    options: list[int]
    answer: int


def batch_count(r: LoaderRun) -> Question:
    """How many batches does the loader yield with drop_last=True? Options: ⌊m/B⌋, ⌈m/B⌉ and a
    third plausible miscount; torch answers: the batches the same loader's batch sampler yields
    with drop_last=True (the indices without collating the items)."""
    c = replace(r.config, drop_last=True, epochs=1)
    m = r.drawn
    answer = sum(1 for _ in make_loader(c).batch_sampler)
    options = sorted(
        {
            m // c.batch_size,
            math.ceil(m / c.batch_size),
            m // c.batch_size + 1,
            max(m // c.batch_size - 1, 0),
        }
    )
    return Question("count", options[:4], answer)


def first_of_batch_two(r: LoaderRun) -> Question | None:
    """Which index opens batch 2 of epoch 1 (read from the loader's run)? The distractors are
    what a student might compute: the sequential answer and the naive `randperm(n, seed)` one."""
    c, epoch = r.config, r.epochs[0]
    if len(epoch) < 2:
        return None
    answer = epoch[1][0]
    naive = torch.randperm(c.n, generator=torch.Generator().manual_seed(c.seed)).tolist()
    guesses = [
        answer,
        c.batch_size % c.n,
        naive[c.batch_size % c.n],
        epoch[0][0],
        (answer + 1) % c.n,
    ]
    options = list(dict.fromkeys(guesses))[:4]
    return Question("sample", sorted(options), answer)
