"""Three bugs broadcasting hides: code that runs, returns a number, and is wrong.

Each example runs the wrong line and the right line on the same seeded data, so the page can
show both results side by side, with whatever torch said (a warning, or nothing at all).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from lib.common.errors import InputError

MIN_N, MAX_N = 2, 8  # rows of the example data: enough to see an (N, N) matrix, few to read


@dataclass(frozen=True)
class Outcome:
    code: str
    shape: tuple[int, ...]  # the shape of the intermediate that gives the bug away
    numbers: tuple[float, ...]  # what a student would print: a loss, or the row means
    tensor: torch.Tensor  # that intermediate itself
    warning: str | None  # what torch warned, if anything

    @property
    def shown(self) -> str:
        return ", ".join(f"{v:.4g}" for v in self.numbers)


@dataclass(frozen=True)
class SilentBug:
    key: str  # "pred_target", "wrong_axis" or "loss"
    setup: str  # code that makes the inputs
    wrong: Outcome
    right: Outcome
    loud: str | None  # torch's error for shapes that do not happen to line up


def _check_n(n: int) -> None:
    if not MIN_N <= n <= MAX_N:
        raise InputError("bc_rows", "Use {lo} to {hi} rows, not {n}.", lo=MIN_N, hi=MAX_N, n=n)


def _round(t: torch.Tensor) -> tuple[float, ...]:
    return tuple(round(float(v), 4) + 0.0 for v in t.flatten())  # + 0.0: no "-0.0"


def _data(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    target = torch.randn(n, 1, generator=g)  # a column read from a table: shape (N, 1)
    pred = (target + 0.1 * torch.randn(n, 1, generator=g)).squeeze(1)  # a model's (N,)
    return pred, target


def pred_minus_target(n: int = 4, seed: int = 0) -> SilentBug:
    """(N,) - (N, 1) is (N, N): every prediction minus every target, not N differences."""
    _check_n(n)
    pred, target = _data(n, seed)
    wrong = pred - target
    right = pred - target.squeeze(1)
    return SilentBug(
        "pred_target",
        f"g = torch.Generator().manual_seed({seed})\n"
        f"target = torch.randn({n}, 1, generator=g)  # shape ({n}, 1)\n"
        f"pred = (target + 0.1 * torch.randn({n}, 1, generator=g)).squeeze(1)  # shape ({n},)",
        Outcome(
            "diff = pred - target\nloss = (diff ** 2).mean()",
            tuple(wrong.shape),
            _round((wrong**2).mean()),
            wrong,
            None,
        ),
        Outcome(
            "diff = pred - target.squeeze(1)\nloss = (diff ** 2).mean()",
            tuple(right.shape),
            _round((right**2).mean()),
            right,
            None,
        ),
        None,
    )


def wrong_axis(n: int = 4, seed: int = 0) -> SilentBug:
    """Centring each row of a square x: x.mean(1) lines up with the columns unless keepdim."""
    _check_n(n)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, n, generator=g) + torch.arange(n, dtype=torch.float32).unsqueeze(1)
    wrong = x - x.mean(1)
    right = x - x.mean(1, keepdim=True)
    try:
        wide = torch.zeros(n, n + 1)
        wide - wide.mean(1)
        loud = None
    except RuntimeError as err:
        loud = str(err).strip().splitlines()[0]
    return SilentBug(
        "wrong_axis",
        f"g = torch.Generator().manual_seed({seed})\n"
        "# a square x: N samples of N features; row i is centred near i\n"
        f"x = torch.randn({n}, {n}, generator=g) + torch.arange({n}.).unsqueeze(1)",
        Outcome(
            "centred = x - x.mean(1)\nprint(centred.mean(1))",
            tuple(x.mean(1).shape),
            _round(wrong.mean(1)),
            wrong,
            None,
        ),
        Outcome(
            "centred = x - x.mean(1, keepdim=True)\nprint(centred.mean(1))",
            tuple(x.mean(1, keepdim=True).shape),
            _round(right.mean(1)),
            right,
            None,
        ),
        loud,
    )


def loss_broadcast(n: int = 4, seed: int = 0) -> SilentBug:
    """F.mse_loss((N, 1), (N,)) broadcasts to (N, N) and only warns."""
    _check_n(n)
    pred, target = _data(n, seed)
    column, flat = pred.unsqueeze(1), target.squeeze(1)  # a Linear(…, 1) output; a label vector
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wrong = F.mse_loss(column, flat)
    said = next((str(w.message) for w in caught), None)
    right = F.mse_loss(column.squeeze(1), flat)
    return SilentBug(
        "loss",
        f"g = torch.Generator().manual_seed({seed})\n"
        f"target = torch.randn({n}, 1, generator=g)\n"
        f"out = target + 0.1 * torch.randn({n}, 1, generator=g)  # a Linear(..., 1): ({n}, 1)\n"
        f"target = target.squeeze(1)  # the labels: ({n},)",
        Outcome(
            "loss = F.mse_loss(out, target)",
            tuple((column - flat).shape),
            _round(wrong),
            column - flat,
            said,
        ),
        Outcome(
            "loss = F.mse_loss(out.squeeze(1), target)",
            tuple(flat.shape),
            _round(right),
            column.squeeze(1) - flat,
            None,
        ),
        None,
    )


def gallery(n: int = 4, seed: int = 0) -> tuple[SilentBug, ...]:
    return pred_minus_target(n, seed), wrong_axis(n, seed), loss_broadcast(n, seed)
