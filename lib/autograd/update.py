"""One update step by hand and by torch.optim.SGD, and the training loop line by line."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import torch

from lib.autograd.code import torch_code
from lib.autograd.forward import backward, run
from lib.autograd.graph import flat
from lib.autograd.parse import Expression
from lib.autograd.values import Values, leaf_tensors
from lib.common.errors import InputError

MAX_LR = 10.0
LOOP = (
    "optimizer.zero_grad()",
    "{target} = {code}",
    "{target}.backward({seed})",
    "optimizer.step()",
)
EPOCHS = 2


@dataclass(frozen=True)
class Step:
    before: dict[str, tuple[float, ...]]
    grad: dict[str, tuple[float, ...]]
    by_hand: dict[str, tuple[float, ...]]  # w -= lr * w.grad inside no_grad
    by_sgd: dict[str, tuple[float, ...]]  # optimizer.step()
    by_add: dict[str, tuple[float, ...]]  # w.add_(w.grad, alpha=-lr): how SGD writes it
    same: bool  # torch.equal(by hand, by SGD) on every parameter
    gap: float  # the largest |by hand - by SGD|
    add_same: bool  # torch.equal(by add_, by SGD)
    loss_before: float  # the (summed) output
    loss_after: float


@dataclass(frozen=True)
class Moment:
    """The state right after one line of the loop ran."""

    epoch: int
    line: int  # index into LOOP
    params: dict[str, tuple[float, ...]]
    grads: dict[str, tuple[float, ...] | None]
    loss: float | None


def _params(expr, values, requires_grad) -> dict[str, torch.Tensor]:
    leaves = leaf_tensors(expr, values, requires_grad)
    if not any(t.requires_grad for t in leaves.values()):
        raise InputError(
            "ag_no_parameter", "Let at least one tensor require grad to have something to update."
        )
    return leaves


def _check(lr: float) -> None:
    if not 0 < lr <= MAX_LR:
        raise InputError(
            "ag_lr", "The learning rate must be above 0 and at most {limit}.", limit=MAX_LR
        )


def sgd_step(
    expr: Expression, values: Values, lr: float, requires_grad: Collection[str] | None = None
) -> Step:
    _check(lr)
    hand = _params(expr, values, requires_grad)
    r = run(expr, values, leaves=hand)
    backward(r)
    grads = {n: flat(t.grad) or (0.0,) * t.numel() for n, t in hand.items() if t.requires_grad}
    with torch.no_grad():
        for t in hand.values():
            if t.grad is not None:
                t -= lr * t.grad
                t.grad.zero_()
    added = _params(expr, values, requires_grad)
    backward(run(expr, values, leaves=added))
    with torch.no_grad():
        for t in added.values():
            if t.grad is not None:
                t.add_(t.grad, alpha=-lr)
    sgd = _params(expr, values, requires_grad)
    optimizer = torch.optim.SGD([t for t in sgd.values() if t.requires_grad], lr=lr)
    optimizer.zero_grad()
    loss = run(expr, values, leaves=sgd).output
    loss.sum().backward()
    optimizer.step()
    after = run(expr, values, leaves=sgd).output
    trained = [n for n, t in hand.items() if t.requires_grad]
    return Step(
        before={n: flat(_params(expr, values, requires_grad)[n]) for n in trained},
        grad=grads,
        by_hand={n: flat(hand[n]) for n in trained},
        by_sgd={n: flat(sgd[n]) for n in trained},
        by_add={n: flat(added[n]) for n in trained},
        same=all(torch.equal(hand[n], sgd[n]) for n in trained),
        gap=max(float((hand[n] - sgd[n]).detach().abs().max()) for n in trained),
        add_same=all(torch.equal(added[n], sgd[n]) for n in trained),
        loss_before=float(loss.detach().sum()),
        loss_after=float(after.detach().sum()),
    )


def loop(
    expr: Expression, values: Values, lr: float, requires_grad: Collection[str] | None = None
) -> list[Moment]:
    """EPOCHS passes of the notes' loop; a snapshot after every line."""
    _check(lr)
    params = _params(expr, values, requires_grad)
    trained = {n: t for n, t in params.items() if t.requires_grad}
    optimizer = torch.optim.SGD(list(trained.values()), lr=lr)
    moments, loss = [], None
    for epoch in range(EPOCHS):
        for line in range(len(LOOP)):
            if line == 0:
                optimizer.zero_grad()
            elif line == 1:
                r = run(expr, values, leaves=params)
                loss = r.output
            elif line == 2:
                backward(r)
            else:
                optimizer.step()
            grads = {n: flat(t.grad) for n, t in trained.items()}
            value = None if loss is None else float(loss.detach().sum())
            moments.append(
                Moment(epoch, line, {n: flat(t) for n, t in trained.items()}, grads, value)
            )
    return moments


def listing(expr: Expression, scalar: bool, epoch: int, line: int) -> str:
    """The loop as code, with the line that just ran marked."""
    seed = "" if scalar else f"torch.ones_like({expr.target})"
    words = dict(target=expr.target, code=torch_code(expr.tree), seed=seed)
    rows = [f"for epoch in range({EPOCHS}):"]
    for i, text in enumerate(LOOP):
        mark = f"  # <- ran (epoch {epoch})" if i == line else ""
        rows.append(f"    {text.format(**words)}{mark}")
    return "\n".join(rows)
