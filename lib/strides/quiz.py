"""Predict-then-reveal questions built from the view on screen; torch computes every answer."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Question:
    kind: str  # which question text the page shows
    options: list[str]
    answer: str


def contiguous_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    """The strides a fresh tensor of `shape` gets (asked of torch, not computed here)."""
    return torch.empty(shape, device="meta").stride()


def stride_question(y: torch.Tensor) -> Question:
    """'What is y.transpose(0, 1).stride()?' or, for 0-D/1-D views, 'is y contiguous?'."""
    if y.dim() < 2:
        return Question("contiguous", ["True", "False"], str(y.is_contiguous()))
    answer = y.transpose(0, 1).stride()
    candidates = [
        answer,
        y.stride(),
        contiguous_strides(tuple(y.transpose(0, 1).shape)),
        tuple(reversed(y.stride())),
    ]
    options = list(dict.fromkeys(str(tuple(c)) for c in candidates))
    return Question("transpose_stride", sorted(options), str(tuple(answer)))
