"""The classic loss traps, each computed live by torch."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch
from torch import nn

F32, F64 = torch.float32, torch.float64
Z_LIMIT = 100.0
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
KL_P = (0.6, 0.3, 0.1)


@dataclass(frozen=True)
class Logits:
    """BCELoss(sigmoid(z)) against BCEWithLogitsLoss(z) in float32, as a model computes them."""

    z: float
    label: float
    bce: float  # BCELoss on sigmoid(z): log clamped at −100
    bce_grad: float  # d/dz through the sigmoid
    logits: float  # BCEWithLogitsLoss: log-sum-exp, exact
    logits_grad: float
    sigmoid: float  # sigmoid(z) as float32 holds it


def _bce_pair(z: torch.Tensor, label: float) -> tuple[torch.Tensor, ...]:
    """Both losses and both gradients for a vector of z (float32), element by element."""
    z1, z2 = z.clone().requires_grad_(True), z.clone().requires_grad_(True)
    y = torch.full_like(z, label)
    a = nn.BCELoss(reduction="none")(torch.sigmoid(z1), y)
    b = nn.BCEWithLogitsLoss(reduction="none")(z2, y)
    a.sum().backward()
    b.sum().backward()
    return a.detach(), z1.grad, b.detach(), z2.grad


def logits_trap(z: float, label: float) -> Logits:
    if not (abs(z) <= Z_LIMIT and label in (0.0, 1.0)):
        raise ValueError(f"z must lie in ±{Z_LIMIT} and the label be 0 or 1")
    t = torch.tensor([z], dtype=F32)
    a, ga, b, gb = _bce_pair(t, label)
    return Logits(z, label, a.item(), ga.item(), b.item(), gb.item(), torch.sigmoid(t).item())


def logits_sweep(label: float, points: int = 201) -> dict[str, list[float]]:
    """Both losses over z in ±100: BCELoss flattens at 100 where sigmoid rounds to 0 or 1."""
    z = torch.linspace(-Z_LIMIT, Z_LIMIT, points, dtype=F32)
    a, ga, b, gb = _bce_pair(z, label)
    return {
        "z": z.tolist(),
        "bce": a.tolist(),
        "logits": b.tolist(),
        "sigmoid": torch.sigmoid(z).tolist(),
    }


@dataclass(frozen=True)
class KLTrap:
    q: tuple[float, ...]
    p: tuple[float, ...]
    right: float  # KLDivLoss(q.log(), p): what the docs ask for
    wrong: float  # KLDivLoss(q, p): probabilities where log-probabilities belong
    reference: float  # torch.distributions.kl_divergence(Categorical(p), Categorical(q))


def kl_trap(share: float) -> KLTrap:
    """q puts `share` on class 0 and splits the rest 2 : 1; p is fixed at KL_P."""
    if not 0.01 <= share <= 0.99:
        raise ValueError("share must lie in [0.01, 0.99]")
    q = torch.tensor([[share, (1 - share) * 2 / 3, (1 - share) / 3]], dtype=F64)
    p = torch.tensor([KL_P], dtype=F64)
    kl = nn.KLDivLoss(reduction="batchmean")
    ref = torch.distributions.kl_divergence(
        torch.distributions.Categorical(probs=p), torch.distributions.Categorical(probs=q)
    )
    return KLTrap(tuple(q[0].tolist()), KL_P, kl(q.log(), p).item(), kl(q, p).item(), ref.item())


@dataclass(frozen=True)
class BroadcastTrap:
    n: int
    same: float  # MSELoss((N, 1), (N, 1))
    broadcast: float  # MSELoss((N, 1), (N,)): compares every prediction with every target
    shape: tuple[int, ...]  # the shape torch really compared
    warning: str  # torch's UserWarning, word for word


def broadcast_trap(n: int, seed: int = 0) -> BroadcastTrap:
    if not 2 <= n <= 8:
        raise ValueError("n must lie in 2 … 8")
    g = torch.Generator().manual_seed(seed)
    target = torch.round(torch.randn(n, generator=g, dtype=F64), decimals=2)
    pred = (target + 0.1).unsqueeze(1)  # (N, 1): every prediction 0.1 off its own target
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wrong = nn.MSELoss()(pred, target)
    shape = tuple(torch.broadcast_shapes(pred.shape, target.shape))
    said = next((str(w.message) for w in caught), "")
    same = nn.MSELoss()(pred, target.unsqueeze(1)).item()
    return BroadcastTrap(n, same, wrong.item(), shape, said)


@dataclass(frozen=True)
class SumTrap:
    sizes: tuple[int, ...]
    mean: tuple[float, ...]  # |dL/dw| of one weight, reduction='mean'
    sum: tuple[float, ...]  # the same with reduction='sum'


def sum_trap(seed: int = 0) -> SumTrap:
    """One weight w fitting y = 2x with w = 0: the gradient each batch size gives to w."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(max(BATCH_SIZES), generator=g, dtype=F64)
    y = 2 * x
    means, sums = [], []
    for n in BATCH_SIZES:
        for reduction, out in (("mean", means), ("sum", sums)):
            w = torch.zeros((), dtype=F64, requires_grad=True)
            nn.MSELoss(reduction=reduction)(w * x[:n], y[:n]).backward()
            out.append(abs(w.grad.item()))
    return SumTrap(BATCH_SIZES, tuple(means), tuple(sums))
