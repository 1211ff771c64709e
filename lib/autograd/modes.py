"""The same expression with recording switched off four ways, and the in-place trap.

Each answer is read back from the result tensor (`requires_grad`, `grad_fn`, `is_leaf`,
`is_inference()`) and from what `backward()` then says — torch's own words.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import torch

from lib.autograd.code import torch_code
from lib.autograd.forward import backward, run, torch_error
from lib.autograd.parse import Expression
from lib.autograd.values import Values

MODES = ("grad", "no_grad", "inference_mode", "detach", "requires_grad_false")
# How each mode is written in torch code: the same in every language.
LABELS = {
    "grad": "out = f(w, …)",
    "no_grad": "with torch.no_grad():",
    "inference_mode": "with torch.inference_mode():",
    "detach": "out.detach()",
    "requires_grad_false": "w.requires_grad_(False)",
}


@dataclass(frozen=True)
class Readback:
    mode: str
    requires_grad: bool
    grad_fn: str | None  # torch's class name, or None: nothing recorded
    is_leaf: bool
    is_inference: bool
    backward_error: str | None  # what `out.backward()` says; None when it ran


def readbacks(
    expr: Expression, values: Values, requires_grad: Collection[str] | None = None
) -> list[Readback]:
    return [_readback(expr, values, requires_grad, mode) for mode in MODES]


def _readback(expr, values, requires_grad, mode: str) -> Readback:
    context = mode if mode in ("no_grad", "inference_mode") else "grad"
    r = run(expr, values, requires_grad, mode=context)
    out = r.output
    if mode == "detach":
        out = out.detach()
    elif mode == "requires_grad_false":
        for t in r.leaves.values():
            t.requires_grad_(False)
        r = run(expr, values, leaves=r.leaves)
        out = r.output
    grad_fn = None if out.grad_fn is None else type(out.grad_fn).__name__
    try:
        out.backward(torch.ones_like(out))
        error = None
    except RuntimeError as err:
        error = torch_error(err).params["message"]
    return Readback(mode, out.requires_grad, grad_fn, out.is_leaf, out.is_inference(), error)


@dataclass(frozen=True)
class Trap:
    """`tensor` changed in place (under no_grad, as an early optimizer step would) after the
    forward pass and before `backward()`."""

    tensor: str  # its torch code: a leaf's name, or the sub-expression that made it
    made_by: str | None  # the grad_fn that made it (None for a leaf)
    error: str | None  # torch's words; None if no node had saved it


def inplace_trap(
    expr: Expression, values: Values, requires_grad: Collection[str] | None = None
) -> Trap | None:
    """The first tensor (intermediates in the order they were made, then leaves) whose in-place
    change breaks `backward()`; else the last one tried, which backward did not need. None when
    nothing is recorded."""
    probe = run(expr, values, requires_grad)
    if not probe.output.requires_grad:
        return None
    count = len(probe.made)
    leaves = [n for n, t in probe.leaves.items() if t.requires_grad]
    trap = None
    for target in [*range(count), *leaves]:
        r = run(expr, values, requires_grad)
        if isinstance(target, int):
            t, op = r.made[target]
            if t.grad_fn is None:
                continue
            name, made_by = torch_code(op), type(t.grad_fn).__name__
        else:
            t, name, made_by = r.leaves[target], target, None
        with torch.no_grad():
            t.add_(1.0)
        try:
            backward(r)
            trap = Trap(name, made_by, None)
        except RuntimeError as err:
            return Trap(name, made_by, torch_error(err).params["message"])
    return trap
