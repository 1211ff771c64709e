"""Softmax and log-softmax as PyTorch computes them, next to the naive formula that overflows.

`z` are the logits a student typed, `T` the temperature and `u = z / T` what softmax sees.
The naive path is literally `exp(u) / exp(u).sum()` in the chosen dtype, so it really does
overflow to inf and underflow to 0; torch subtracts `max(u)` first (log-sum-exp) and does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from lib.softmax.parse import check_classes, check_target, check_temperature


def overflow_limits(dtype: torch.dtype) -> tuple[float, float]:
    """(low, high): exp(u) rounds to 0 below `low` and to inf above `high` in this dtype.

    `low` is where exp(u) falls under half the smallest subnormal number, which rounds to 0."""
    info = torch.finfo(dtype)
    low = math.log(info.smallest_normal) + math.log(info.eps) - math.log(2)
    return low, math.log(info.max)


@dataclass(frozen=True)
class Comparison:
    """Every intermediate of both routes, as tensors in the chosen dtype."""

    scaled: torch.Tensor  # u = z / T
    exp: torch.Tensor  # exp(u): the naive route's first step, where overflow happens
    total: torch.Tensor  # Σ exp(u)
    naive_softmax: torch.Tensor  # exp(u) / Σ exp(u)
    naive_log_softmax: torch.Tensor  # log(exp(u) / Σ exp(u))
    max: torch.Tensor  # m = max(u), subtracted first by the stable route
    shifted: torch.Tensor  # u - m: all <= 0, so exp cannot overflow
    exp_shifted: torch.Tensor
    total_shifted: torch.Tensor  # Σ exp(u - m) >= 1, so its log cannot be -inf
    logsumexp: torch.Tensor  # m + log Σ exp(u - m), step by step
    torch_logsumexp: torch.Tensor  # torch.logsumexp(u)
    softmax: torch.Tensor  # torch.softmax(u)
    log_softmax: torch.Tensor  # torch.log_softmax(u)

    @property
    def dtype(self) -> torch.dtype:
        return self.softmax.dtype

    @property
    def classes(self) -> int:
        return self.softmax.numel()


def logits_tensor(logits: Sequence[float] | torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """The typed logits as a 1-D tensor of `dtype`, after checking the class count."""
    n = logits.numel() if isinstance(logits, torch.Tensor) else len(logits)
    check_classes(n)
    if isinstance(logits, torch.Tensor):
        return logits.detach().reshape(-1).to(dtype)
    return torch.tensor([float(v) for v in logits], dtype=dtype)


def compare(
    logits: Sequence[float] | torch.Tensor,
    temperature: float = 1.0,
    dtype: torch.dtype = torch.float32,
) -> Comparison:
    """softmax(z / T) and log_softmax(z / T), the naive way and torch's way, all in `dtype`."""
    check_temperature(temperature)
    u = logits_tensor(logits, dtype) / temperature
    e = torch.exp(u)
    naive = e / e.sum()
    m = u.max()
    shifted = u - m
    e_shifted = torch.exp(shifted)
    lse = m + torch.log(e_shifted.sum())
    return Comparison(
        scaled=u,
        exp=e,
        total=e.sum(),
        naive_softmax=naive,
        naive_log_softmax=torch.log(naive),
        max=m,
        shifted=shifted,
        exp_shifted=e_shifted,
        total_shifted=e_shifted.sum(),
        logsumexp=lse,
        torch_logsumexp=torch.logsumexp(u, dim=0),
        softmax=torch.softmax(u, dim=0),
        log_softmax=torch.log_softmax(u, dim=0),
    )


def broken(t: torch.Tensor) -> list[int]:
    """Classes whose value is not a finite number (inf, -inf or nan)."""
    return [i for i, ok in enumerate((~torch.isfinite(t)).tolist()) if ok]


@dataclass(frozen=True)
class Invariance:
    """softmax(u), softmax(u + c) and softmax(k·u) side by side."""

    shift: float
    factor: float
    base: torch.Tensor
    shifted: torch.Tensor
    scaled: torch.Tensor
    shift_gap: float  # max |softmax(u + c) - softmax(u)|: zero up to rounding
    scale_gap: float  # max |softmax(k·u) - softmax(u)|: not zero
    monotone: bool  # u_i < u_j never gives p_i > p_j, for all three
    pair: tuple[int, int]  # the two most likely classes (a, b)
    ratio: float  # p_a / p_b ...
    exp_gap: float  # ... equals exp(u_a - u_b): a ratio of logits means nothing to softmax


def invariance(result: Comparison, shift: float, factor: float) -> Invariance:
    u = result.scaled
    base, shifted, scaled = (torch.softmax(v, dim=0) for v in (u, u + shift, u * factor))
    keeps_order = factor >= 0 and all(never_reversed(u, p) for p in (base, shifted, scaled))
    a, b = torch.argsort(base.double(), descending=True, stable=True)[:2].tolist()
    return Invariance(
        shift,
        factor,
        base,
        shifted,
        scaled,
        _gap(shifted, base),
        _gap(scaled, base),
        keeps_order,
        (a, b),
        float(base[a] / base[b]),
        float(torch.exp(u[a] - u[b])),
    )


def never_reversed(u: torch.Tensor, p: torch.Tensor) -> bool:
    """Monotone: wherever u_i < u_j, p_i <= p_j (rounding may tie them, never swap them)."""
    less = u[:, None] < u[None, :]
    return bool((p[:, None] <= p[None, :])[less].all())


def _gap(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a.double() - b.double()).abs().max())


@dataclass(frozen=True)
class Readout:
    """One sample's numbers: its uncertainty and its loss."""

    entropy: float  # H(p) = -Σ p log p, from torch.distributions.Categorical
    max_entropy: float  # log C: every class equally likely
    p_true: float
    nll: float  # -log p(true class), read off torch.log_softmax
    cross_entropy: float  # F.cross_entropy(u, y)
    dirac_cross_entropy: float  # F.cross_entropy(u, onehot(y)): the target as a distribution


def readout(result: Comparison, target: int) -> Readout:
    check_target(target, result.classes)
    u, y = result.scaled[None], torch.tensor([target])
    dirac = F.one_hot(y, result.classes).to(result.dtype)
    entropy = torch.distributions.Categorical(logits=result.scaled, validate_args=False).entropy()
    return Readout(
        entropy=float(entropy),
        max_entropy=math.log(result.classes),
        p_true=float(result.softmax[target]),
        nll=float(-result.log_softmax[target]),
        cross_entropy=float(F.cross_entropy(u, y)),
        dirac_cross_entropy=float(F.cross_entropy(u, dirac)),
    )


@dataclass(frozen=True)
class Gradient:
    """∂ CrossEntropyLoss(u, y) / ∂u from autograd, next to the formula softmax(u) - q."""

    target: torch.Tensor  # q = (1 - ε)·onehot(y) + ε / C
    autograd: torch.Tensor
    formula: torch.Tensor
    gap: float


def gradient(result: Comparison, target: int, label_smoothing: float = 0.0) -> Gradient:
    check_target(target, result.classes)
    u = result.scaled.detach().clone().requires_grad_()
    y = torch.tensor([target])
    F.cross_entropy(u[None], y, label_smoothing=label_smoothing, reduction="sum").backward()
    onehot = F.one_hot(y[0], result.classes).to(result.dtype)
    q = (1 - label_smoothing) * onehot + label_smoothing / result.classes
    formula = result.softmax - q
    return Gradient(q, u.grad, formula, _gap(u.grad, formula))
