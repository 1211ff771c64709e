"""The mistake of a forgotten `model.eval()`: validation measured with the model in train mode.

In train mode every dropout layer zeroes each hidden unit with probability p (and scales the rest
by 1/(1-p)) on every forward pass, evaluation included. `forgotten_eval` measures validation that
way on the weights the model holds now, with its own masks: a generator seeded from the run's seed
(CHECK_SEED_OFFSET) and set afresh each time, so the same weights give the same numbers, the
exported script draws the same masks, and the masks training draws are not disturbed.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lib.training.model import Dropout

CHECK_SEED_OFFSET = 4  # data: seed, init: +1, shuffling: +2, training's dropout: +3


@dataclass(frozen=True)
class ForgottenEval:
    """Validation loss (and accuracy) of one set of weights, measured in train mode."""

    val_loss: float
    val_accuracy: float | None  # None for regression
    dropout: float  # p of the model's dropout layers; 0 when it has none
    layers: int  # how many dropout layers the forward pass went through


def forgotten_eval(
    model: nn.Module, x_val: torch.Tensor, y_val: torch.Tensor, loss_fn: nn.Module, seed: int
) -> ForgottenEval:
    """What `loss_fn(model(x_val), y_val)` says when nobody called `model.eval()` first."""
    drops = [m for m in model.modules() if isinstance(m, Dropout)]
    own, mode = [d.generator for d in drops], model.training
    check = torch.Generator().manual_seed(seed + CHECK_SEED_OFFSET)
    try:
        for d in drops:
            d.generator = check
        model.train()
        with torch.no_grad():
            out = model(x_val)
    finally:
        for d, g in zip(drops, own, strict=True):
            d.generator = g
        model.train(mode)
    loss = loss_fn(out, y_val).item()
    accuracy = None
    if not isinstance(loss_fn, nn.MSELoss):
        accuracy = (out.argmax(1) == y_val).float().mean().item()
    return ForgottenEval(loss, accuracy, drops[0].p if drops else 0.0, len(drops))
