"""`.grad` over repeated `backward()` calls: it adds up until something zeroes it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import torch

from lib.autograd.forward import backward, run, torch_error
from lib.autograd.graph import flat
from lib.autograd.parse import Expression
from lib.autograd.values import Values
from lib.common.errors import InputError

MAX_CALLS = 10


def grads_after_calls(
    expr: Expression,
    values: Values,
    calls: int,
    zero_grad: bool,
    requires_grad: Collection[str] | None = None,
) -> list[dict[str, list[float] | None]]:
    """A fresh forward pass and `backward()` per call, as a training loop does, on the same
    leaves; with `zero_grad`, `.grad` is reset to None before each call (what
    `optimizer.zero_grad()` does by default). None where torch left a leaf's `.grad` unset."""
    if not 1 <= calls <= MAX_CALLS:
        raise InputError(
            "ag_calls", "Pick 1 to {limit} backward calls, not {n}.", limit=MAX_CALLS, n=calls
        )
    leaves = None
    after = []
    for _ in range(calls):
        r = run(expr, values, requires_grad, leaves=leaves)
        leaves = r.leaves
        if zero_grad:
            for t in leaves.values():
                t.grad = None
        if r.output.requires_grad:
            backward(r)
        after.append({n: _listed(t.grad) for n, t in leaves.items() if t.requires_grad})
    return after


def _listed(g: torch.Tensor | None) -> list[float] | None:
    numbers = flat(g)
    return None if numbers is None else list(numbers)


@dataclass(frozen=True)
class SecondCall:
    """Two `backward()` calls on ONE graph: what torch says, and .grad after two with
    `retain_graph=True`."""

    error: str | None  # torch's words; None when the graph saved no tensors (nothing to free)
    once: dict[str, list[float] | None]
    twice_retained: dict[str, list[float] | None]


def second_call(
    expr: Expression, values: Values, requires_grad: Collection[str] | None = None
) -> SecondCall | None:
    """None when nothing was recorded (no backward possible at all)."""
    r = run(expr, values, requires_grad)
    if not r.output.requires_grad:
        return None
    backward(r)
    once = {n: _listed(t.grad) for n, t in r.leaves.items() if t.requires_grad}
    try:
        backward(r)
        error = None
    except RuntimeError as err:
        error = torch_error(err).params["message"]
    kept = run(expr, values, requires_grad)
    backward(kept, retain_graph=True)
    backward(kept)
    twice = {n: _listed(t.grad) for n, t in kept.leaves.items() if t.requires_grad}
    return SecondCall(error, once, twice)
