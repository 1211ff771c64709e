"""The three training loops of the notes on one small regression model and one seed, and
gradient accumulation over micro-batches.

The notes' mini-batch loop accumulates every mini-batch and steps once per epoch; that is not
mini-batch SGD. `train` runs what torch code really does (one `optimizer.step()` per batch) and,
beside it, the notes' version, so the page can show the difference in numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from lib.common.errors import InputError
from lib.data.loader import MAX_EPOCHS, check_batch, check_items

LOOPS = ("full", "sample", "minibatch", "notes")
MAX_LR = 1.0
MAX_LOOP_ITEMS = 24  # the per-sample loop takes n x epochs steps: 120 at most
TRUE_W, TRUE_B, NOISE = 2.0, -1.0, 0.3


def regression_data(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """y = 2x − 1 + noise on x in [−1, 1), float64, shape (n, 1)."""
    check_items(n)
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=g, dtype=torch.float64) * 2 - 1
    return x, TRUE_W * x + TRUE_B + NOISE * torch.randn(n, 1, generator=g, dtype=torch.float64)


def model(w: float = 0.0, b: float = 0.0) -> nn.Linear:
    """nn.Linear(1, 1) in float64 starting at (w, b): every loop starts from the same point."""
    m = nn.Linear(1, 1).double()
    with torch.no_grad():
        m.weight.fill_(w)
        m.bias.fill_(b)
    return m


@dataclass(frozen=True)
class Trace:
    loop: str
    update_losses: list[float]  # the loss each optimizer.step() was taken on
    epoch_losses: list[float]  # the full data set's loss before training and after each epoch
    updates_per_epoch: int
    final: tuple[float, float]  # (w, b) at the end


def train(loop: str, n: int, batch_size: int, epochs: int, lr: float, seed: int) -> Trace:
    if loop not in LOOPS:
        raise InputError("data_loop", "Unknown training loop {loop}.", loop=str(loop)[:40])
    if not 1 <= n <= MAX_LOOP_ITEMS:
        raise InputError(
            "data_loop_items", "The loops train on 1 to {hi} items.", hi=MAX_LOOP_ITEMS, n=n
        )
    check_batch(batch_size, n)
    if not 1 <= epochs <= MAX_EPOCHS or not 0 < lr <= MAX_LR or math.isnan(lr):
        raise InputError("data_lr", "The learning rate must be in (0, {hi}].", hi=MAX_LR)
    x, y = regression_data(n, seed)
    m, loss_fn = model(), nn.MSELoss()
    opt = torch.optim.SGD(m.parameters(), lr=lr)
    size = {"full": n, "sample": 1}.get(loop, batch_size)
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(TensorDataset(x, y), batch_size=size, shuffle=loop != "full", generator=g)
    steps, epoch_losses = [], [_loss(m, x, y)]
    for _ in range(epochs):
        if loop == "notes":  # every mini-batch's gradient piles up; one step per epoch
            opt.zero_grad()
            losses = []
            for xb, yb in loader:
                loss = loss_fn(m(xb), yb)
                loss.backward()
                losses.append(loss.item())
            opt.step()
            steps.append(sum(losses) / len(losses))
        else:
            for xb, yb in loader:
                opt.zero_grad()
                loss = loss_fn(m(xb), yb)
                loss.backward()
                opt.step()
                steps.append(loss.item())
        epoch_losses.append(_loss(m, x, y))
    final = (m.weight.item(), m.bias.item())
    return Trace(loop, steps, epoch_losses, len(steps) // epochs, final)


def _loss(m: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return nn.functional.mse_loss(m(x), y).item()


def full_batch_gradient(x: torch.Tensor, y: torch.Tensor, w: float, b: float) -> torch.Tensor:
    """(dL/dw, dL/db) of the mean squared error over all of (x, y)."""
    m = model(w, b)
    nn.functional.mse_loss(m(x), y).backward()
    return torch.cat([m.weight.grad.flatten(), m.bias.grad])


def accumulated_gradient(
    x: torch.Tensor, y: torch.Tensor, w: float, b: float, micro_batch: int, divide: bool = True
) -> torch.Tensor:
    """(dL/dw, dL/db) after calling backward() on every micro-batch of a sequential DataLoader
    without zeroing in between, each micro-batch's mean loss divided by k = the number of
    micro-batches when `divide`. Equals `full_batch_gradient` exactly when `divide` and every
    micro-batch has the same size."""
    check_items(len(x))
    check_batch(micro_batch, len(x))
    m = model(w, b)
    loader = DataLoader(TensorDataset(x, y), batch_size=micro_batch)
    k = len(loader)
    for xb, yb in loader:
        loss = nn.functional.mse_loss(m(xb), yb)
        (loss / k if divide else loss).backward()
    return torch.cat([m.weight.grad.flatten(), m.bias.grad])


@dataclass(frozen=True)
class Accumulation:
    n: int
    micro_batch: int
    k: int  # micro-batches
    last: int  # size of the last one
    full: list[float]
    divided: list[float]
    undivided: list[float]
    gap_divided: float  # max |accumulated − full|
    gap_undivided: float


def accumulation(
    n: int, micro_batch: int, seed: int, w: float = 0.0, b: float = 0.0
) -> Accumulation:
    x, y = regression_data(n, seed)
    full = full_batch_gradient(x, y, w, b)
    divided = accumulated_gradient(x, y, w, b, micro_batch, True)
    undivided = accumulated_gradient(x, y, w, b, micro_batch, False)
    k = len(DataLoader(TensorDataset(x, y), batch_size=micro_batch))
    return Accumulation(
        n,
        micro_batch,
        k,
        n - (k - 1) * micro_batch,
        full.tolist(),
        divided.tolist(),
        undivided.tolist(),
        (divided - full).abs().max().item(),
        (undivided - full).abs().max().item(),
    )
