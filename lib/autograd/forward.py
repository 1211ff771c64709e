"""Running a parsed expression with real torch ops, keeping every tensor it made."""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Collection
from dataclasses import dataclass

import torch

from lib.autograd.parse import Expression, Leaf, Num, Op
from lib.autograd.values import Values, leaf_tensors
from lib.common.errors import InputError

_BINARY = {
    # Python's operators, as a student's torch code runs them: `2 - w` is torch's RsubBackward1.
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    "@": torch.matmul,
    "pow": torch.pow,
    "maximum": torch.maximum,
}
_UNARY = {
    "neg": torch.neg,
    "exp": torch.exp,
    "log": torch.log,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "abs": torch.abs,
    "sum": torch.sum,
    "mean": torch.mean,
    "detach": torch.Tensor.detach,
}


@dataclass
class Run:
    """One forward pass: the output, the leaves, and every tensor an op made, in order
    (with the sub-tree that made it), so the graph can put a value on every edge."""

    output: torch.Tensor
    leaves: dict[str, torch.Tensor]
    made: list[tuple[torch.Tensor, Op]]


def run(
    expr: Expression,
    values: Values,
    requires_grad: Collection[str] | None = None,
    *,
    mode: str = "grad",
    leaves: dict[str, torch.Tensor] | None = None,
) -> Run:
    """Evaluate `expr` on float64 leaves. `mode` is "grad", "no_grad" or "inference_mode": the
    context torch runs the ops in. torch's own error (shapes that do not broadcast) becomes one
    sentence; a result with nan or inf is refused. `leaves` reuses tensors of an earlier run
    (their `.grad` is what accumulates over calls)."""
    leaves = leaf_tensors(expr, values, requires_grad) if leaves is None else leaves
    made: list[tuple[torch.Tensor, Op]] = []
    context = {
        "grad": contextlib.nullcontext,
        "no_grad": torch.no_grad,
        "inference_mode": torch.inference_mode,
    }[mode]
    try:
        with context():
            out = _as_tensor(_eval(expr.tree, leaves, made))
    except RuntimeError as err:
        raise torch_error(err) from None
    if not torch.isfinite(out).all():
        raise InputError(
            "ag_not_finite",
            "The result holds {value} (a division by zero, log of 0 or an overflow).",
            value="nan" if out.isnan().any() else "inf",
        )
    return Run(out, leaves, made)


def backward(r: Run, *, retain_graph: bool = False) -> None:
    """`output.backward()` — for a vector output the gradient of its sum (ones as the seed), and
    refuses gradients with nan or inf."""
    r.output.backward(torch.ones_like(r.output), retain_graph=retain_graph)
    kept = [*r.leaves.values(), *(t for t, _ in r.made if t.retains_grad)]
    for t in kept:
        if t.grad is not None and not torch.isfinite(t.grad).all():
            raise InputError(
                "ag_grad_not_finite",
                "A gradient holds nan or inf (like the slope of abs or pow at an infinite point).",
            )


def torch_error(err: RuntimeError) -> InputError:
    """torch's own words, first sentence, as the one line the page shows."""
    words = str(err).strip().splitlines()[0][:400]
    return InputError("ag_torch", "torch says: {message}", message=words)


def _eval(tree, leaves: dict[str, torch.Tensor], made: list):
    if isinstance(tree, Num):
        return tree.value
    if isinstance(tree, Leaf):
        return leaves[tree.name]
    args = [_eval(a, leaves, made) for a in tree.args]
    if tree.fn == "clamp":
        bounds = dict(zip(("min", "max"), args[1:], strict=False)) | dict(tree.keywords)
        out = torch.clamp(_as_tensor(args[0]), **bounds)
    elif tree.fn in _UNARY:
        out = _UNARY[tree.fn](_as_tensor(args[0]))
    elif tree.fn in ("@", "maximum") or all(isinstance(a, float) for a in args):
        out = _BINARY[tree.fn](*map(_as_tensor, args))
    else:
        out = _BINARY[tree.fn](*args)
    made.append((out, tree))
    return out


def _as_tensor(x) -> torch.Tensor:
    return x if isinstance(x, torch.Tensor) else torch.tensor(x, dtype=torch.float64)
