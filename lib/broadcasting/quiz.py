"""Predict-then-reveal: a seeded pair of shapes, some of which do not broadcast."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from lib.broadcasting.rules import Broadcast, Shape, explain, show_shape

ERROR = "error"  # the option for "torch refuses"; the page translates it


@dataclass(frozen=True)
class Question:
    number: int
    shapes: tuple[Shape, Shape]
    answer: str  # show_shape(torch's result), or ERROR
    options: tuple[str, ...]  # four, the answer among them, in a seeded order
    broadcast: Broadcast


def _randint(g: torch.Generator, lo: int, hi: int) -> int:
    return int(torch.randint(lo, hi + 1, (1,), generator=g))


def _shape(g: torch.Generator) -> Shape:
    return tuple(_randint(g, 1, 4) for _ in range(_randint(g, 1, 3)))


def _partner(a: Shape, g: torch.Generator) -> Shape:
    """Half the time a shape that fits a (a suffix of it, some sizes turned into 1), else any."""
    if _randint(g, 0, 1):
        return _shape(g)
    tail = a[len(a) - _randint(g, 1, len(a)) :]
    return tuple(1 if _randint(g, 0, 2) == 0 else n for n in tail)


def _left_aligned(a: Shape, b: Shape) -> Shape:
    """The classic wrong guess: lining the shapes up from the left."""
    n = max(len(a), len(b))
    pa, pb = a + (1,) * (n - len(a)), b + (1,) * (n - len(b))
    return tuple(max(x, y) for x, y in zip(pa, pb, strict=True))


def question(number: int) -> Question:
    g = torch.Generator().manual_seed(number)
    a = _shape(g)
    b = _partner(a, g)
    for _ in range(10):  # (4, 1) + (4, 1) asks nothing about broadcasting: draw again
        if b != a:
            break
        b = _partner(a, g)
    if b == a:
        b = (1, *a[1:]) if a[0] != 1 else (2, *a)
    if _randint(g, 0, 1):
        a, b = b, a
    result = explain(a, b)
    answer = show_shape(result.shape) if result.ok else ERROR
    longer = a if len(a) >= len(b) else b
    shorter = b if longer is a else a
    left = _left_aligned(a, b)
    guesses = [left, longer, a + b, tuple(reversed(left)), shorter, (1, *longer), ()]
    options = [answer] + ([] if answer == ERROR else [ERROR])
    for guess in guesses:
        text = show_shape(guess)
        if text not in options and len(options) < 4:
            options.append(text)
    order = torch.randperm(len(options), generator=g).tolist()
    return Question(number, (a, b), answer, tuple(options[i] for i in order), result)
