"""Autograd, read back from torch: the graph it records, the gradients backward() fills, how
.grad adds up over calls, and the ways to switch recording off.

The four functions other code relies on take the expression as text and the leaves' values as a
dict (`{"w": 0.5, "x": [1.0, 2.0]}`); every leaf requires grad unless `requires_grad` names
fewer. Bad input raises `InputError` (a ValueError) with one sentence.
"""

from __future__ import annotations

from collections.abc import Collection

from lib.autograd.accumulate import MAX_CALLS, grads_after_calls
from lib.autograd.forward import backward, run
from lib.autograd.graph import Node, trace
from lib.autograd.parse import Expression, parse
from lib.autograd.values import Values

__all__ = [
    "MAX_CALLS",
    "Expression",
    "Node",
    "accumulate",
    "gradients",
    "graph",
    "parse",
]


def gradients(
    text: str, values: Values, requires_grad: Collection[str] | None = None
) -> dict[str, list[float]]:
    """∂(sum of the output)/∂leaf for every leaf that requires grad, by torch's autograd in
    float64, flattened. A leaf the output does not depend on (or only through `detach`) gets
    zeros, where torch leaves its `.grad` at None."""
    r = run(parse(text), values, requires_grad)
    if r.output.requires_grad:
        backward(r)
    return {
        name: (t.grad.reshape(-1).tolist() if t.grad is not None else [0.0] * t.numel())
        for name, t in r.leaves.items()
        if t.requires_grad
    }


def graph(text: str, values: Values, requires_grad: Collection[str] | None = None) -> list[Node]:
    """Torch's backward graph, walked from the output's grad_fn along next_functions: node 0 is
    the output's grad_fn; `children` index into the list. Empty when nothing was recorded."""
    return list(trace(parse(text), values, requires_grad).nodes)


def accumulate(
    text: str,
    values: Values,
    calls: int,
    zero_grad: bool,
    requires_grad: Collection[str] | None = None,
) -> list[dict[str, list[float]]]:
    """Each leaf's `.grad` after each of `calls` backward calls (a new forward pass each time),
    with or without zeroing `.grad` between them. Zeros where torch kept no `.grad`."""
    after = grads_after_calls(parse(text), values, calls, zero_grad, requires_grad)
    sizes = {n: t.numel() for n, t in run(parse(text), values, requires_grad).leaves.items()}
    return [{n: g if g is not None else [0.0] * sizes[n] for n, g in row.items()} for row in after]
