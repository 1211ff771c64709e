"""Check yourself: `.grad` after two backward() calls without zero_grad — torch decides."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from lib.autograd.accumulate import grads_after_calls
from lib.autograd.parse import Expression
from lib.autograd.values import Values


@dataclass(frozen=True)
class Quiz:
    leaf: str
    index: str  # "" for a scalar, "[j]" for one element of a vector
    options: list[str]
    answer: str
    once: str  # what one call leaves in .grad
    why: str  # the sentence that explains torch's answer (a key in the page's locale)


def _shown(v: float | None) -> str:
    return "None" if v is None else f"{v:.4g}"


def two_calls(
    expr: Expression, values: Values, requires_grad: Collection[str] | None = None
) -> Quiz:
    """Asks about the element with the largest single gradient (any leaf if none has one)."""
    once, twice = grads_after_calls(expr, values, 2, False, requires_grad)
    picks = [(abs(v), n, j) for n, g in once.items() for j, v in enumerate(g or [])]
    if picks:
        _, leaf, j = max(picks, key=lambda p: p[0])
        size = len(once[leaf])
        first = once[leaf][j]
        second = twice[leaf][j] if twice[leaf] is not None else None
    else:  # nothing requires grad, or no path reaches a leaf: .grad stays None
        leaf, j, size = next(iter(once), expr.leaves[0]), 0, 1
        first = second = None
    # plausible answers: unchanged, doubled, never written, or an error
    options = [_shown(first), _shown(None if first is None else 2 * first), "None", "RuntimeError"]
    answer = _shown(second)
    options = list(dict.fromkeys([*options, answer]))
    if len(options) < 3:  # nothing reached the leaf: "0" is the third plausible guess
        options.append("0")
    index = f"[{j}]" if size > 1 else ""
    why = "check_why_none" if answer == "None" else "check_why"
    return Quiz(leaf, index, options, answer, _shown(first), why)
