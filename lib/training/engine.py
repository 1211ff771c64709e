"""A real PyTorch training loop that a page can advance a few epochs at a time.

`Trainer(config)` builds the data and the model from the config alone and trains with
`optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()` over a `DataLoader`. Every random
draw (data, split, initial weights, shuffling, dropout masks) comes from a torch.Generator seeded
from `config.seed`, so the same config gives the same history in any thread of any process.
"""

from __future__ import annotations

import csv
import io
import math
import time
from dataclasses import asdict, dataclass, fields, replace

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from lib.common.errors import InputError
from lib.training import data as datasets
from lib.training.config import HOT, TrainConfig
from lib.training.model import build_model, features, hidden_outputs, make_optimizer

DIVERGED_LOSS = 1e6  # a loss past this (or NaN/inf) has exploded: the run stops
MIN_DELTA = 1e-4  # early stopping: a smaller improvement of validation loss does not count
GRID_CELLS = 40  # per axis of the decision-boundary heatmap
NEURON_CELLS = 12  # per axis of each hidden unit's small map
STEP_CHUNK = 16  # steps between clock checks in run_for


@dataclass(frozen=True, slots=True)
class EpochRecord:
    """The model after `epoch` epochs, evaluated with dropout off. Losses are data loss only."""

    epoch: int
    train_loss: float
    val_loss: float
    train_accuracy: float | None  # None for regression
    val_accuracy: float | None
    steps: int  # optimizer steps so far
    lr: float  # the learning rate of the last epoch


@dataclass(frozen=True)
class Grid:
    """The model's answer at the centre of every cell of a GRID_CELLS² grid over the data square."""

    x1: torch.Tensor  # [cells²]
    x2: torch.Tensor
    value: torch.Tensor  # P(class 1) (binary), P(predicted class) (multi-class) or the prediction
    label: torch.Tensor | None  # the predicted class; None for regression
    cell: float  # width of a cell


class Trainer:
    """One training run. `run_epochs(n)` / `run_for(seconds, epochs)` advance it; `history` is
    one EpochRecord per finished epoch; `status` says why it stopped ('' while it can go on)."""

    def __init__(self, config: TrainConfig) -> None:
        c = self.config = config
        self.data = datasets.make_split(
            c.dataset, c.points, c.noise, c.val_fraction, c.seed, c.classes
        )
        self.x_train = features(self.data.x_train, c.features)
        self.x_val = features(self.data.x_val, c.features)
        init, shuffle, drop = (torch.Generator().manual_seed(c.seed + k) for k in (1, 2, 3))
        self.model = build_model(
            len(c.features), c.hidden, self.data.classes, c.activation, c.dropout, init, drop
        )
        self.loss_fn = nn.MSELoss() if self.data.task == "regression" else nn.CrossEntropyLoss()
        self.optimizer = make_optimizer(self.model, c.optimizer, c.lr, c.weight_decay)
        self.loader = DataLoader(
            TensorDataset(self.x_train, self.data.y_train),
            batch_size=c.batch_rows,
            shuffle=True,
            generator=shuffle,
        )
        self._params = list(self.model.parameters())
        self._good = [p.detach().clone() for p in self._params]  # the last finite weights
        self._x_all = torch.cat([self.x_train, self.x_val])
        self._y_all = torch.cat([self.data.y_train, self.data.y_val])
        self._batches = None  # the epoch in progress, when run_for stopped inside one
        self._last_loss = torch.zeros(())
        self.steps, self.status = 0, ""
        self.history: list[EpochRecord] = []
        self.start = self.best = self._evaluate(0)
        self._best_weights = [p.detach().clone() for p in self._params]
        self.restored: EpochRecord | None = None  # the epoch early stopping went back to

    @property
    def epoch(self) -> int:
        return len(self.history)

    @property
    def steps_per_epoch(self) -> int:
        return len(self.loader)

    @property
    def done(self) -> bool:
        return bool(self.status)

    def run_epochs(self, n: int) -> list[EpochRecord]:
        """Train `n` more epochs (fewer if the run stops) and return the whole history."""
        end = self.epoch + n
        while self.epoch < end and not self.done:
            self._train_steps(self.steps_per_epoch + 1)
        return list(self.history)

    def run_for(self, seconds: float, epochs: int) -> list[EpochRecord]:
        """What one page tick does: up to `epochs` epochs, stopping early once `seconds` pass.

        It may stop inside an epoch; the next call carries on with the same batches, so the
        history does not depend on how the work was cut into ticks."""
        deadline, end = time.perf_counter() + seconds, self.epoch + epochs
        while self.epoch < end and not self.done and time.perf_counter() < deadline:
            self._train_steps(STEP_CHUNK)
        return list(self.history)

    def _train_steps(self, max_steps: int) -> None:
        for _ in range(max_steps):
            if self._batches is None:
                self._batches = iter(self.loader)
            batch = next(self._batches, None)
            if batch is None:
                self._batches = None
                self._end_epoch()
                return
            self._step(*batch)
        if not torch.isfinite(self._last_loss):
            self._diverged()

    def _step(self, xb: torch.Tensor, yb: torch.Tensor) -> None:
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(xb), yb)
        if self.config.l1:
            loss = loss + self.config.l1 * sum(p.abs().sum() for p in self._params)
        loss.backward()
        self.optimizer.step()
        self.steps += 1
        self._last_loss = loss.detach()

    def _evaluate(self, epoch: int) -> EpochRecord:
        """Losses (and accuracy) on both sets, dropout off: one forward pass over all points."""
        n, y_train, y_val = len(self.x_train), self.data.y_train, self.data.y_val
        self.model.eval()
        with torch.no_grad():
            out = self.model(self._x_all)
            losses = self.loss_fn(out[:n], y_train).item(), self.loss_fn(out[n:], y_val).item()
            acc = (None, None)
            if self.data.task != "regression":
                hit = (out.argmax(1) == self._y_all).float()
                acc = hit[:n].mean().item(), hit[n:].mean().item()
        self.model.train()
        return EpochRecord(epoch, *losses, *acc, self.steps, self.config.lr)

    def _end_epoch(self) -> None:
        record = self._evaluate(self.epoch + 1)
        if not all(
            math.isfinite(v) and v < DIVERGED_LOSS for v in (record.train_loss, record.val_loss)
        ):
            self._diverged()
            return
        self.history.append(record)
        self._good = [p.detach().clone() for p in self._params]
        if record.val_loss < self.best.val_loss - MIN_DELTA:
            self.best = record
            self._best_weights = self._good
        self._settle()

    def _diverged(self) -> None:
        """Stop, and put back the weights of the last recorded epoch: the exploded epoch is not
        recorded and no picture is drawn from NaN weights."""
        self.status = "diverged"
        with torch.no_grad():
            for p, good in zip(self._params, self._good, strict=True):
                p.copy_(good)

    def _settle(self) -> None:
        """Decide whether the run goes on. When early stopping ends it, the weights go back to the
        best epoch (Keras' restore_best_weights, what a user of early stopping expects): the last
        `patience` epochs only made validation worse. Switched off, the last weights stay."""
        self.status = self._stop_reason()
        if self.status == "early_stopped" and self.config.restore_best and not self.restored:
            with torch.no_grad():
                for p, best in zip(self._params, self._best_weights, strict=True):
                    p.copy_(best)
            self.restored = self.best

    @property
    def shown(self) -> EpochRecord:
        """The epoch whose weights the model holds now: the best one after a restore."""
        return self.restored or (self.history or [self.start])[-1]

    def _stop_reason(self) -> str:
        c = self.config
        if c.early_stop and self.epoch - self.best.epoch >= c.patience:
            return "early_stopped"
        return "budget" if self.epoch >= c.max_epochs else ""

    def retune(self, config: TrainConfig) -> bool:
        """Take the HOT settings of `config` without resetting; False if anything else differs."""
        if replace(config, **{k: getattr(self.config, k) for k in HOT}) != self.config:
            return False
        self.config = config
        for group in self.optimizer.param_groups:
            group["lr"], group["weight_decay"] = config.lr, config.weight_decay
        if self.status != "diverged":
            self._settle()
        return True

    def error(self) -> InputError | None:
        """Why a diverged run stopped, as a sentence the page shows instead of NaN charts."""
        if self.status != "diverged":
            return None
        return InputError(
            "tr_diverged",
            "The loss exploded (NaN, infinite or above {limit:g}) in epoch {epoch} with learning "
            "rate {lr:g}: lower the learning rate, then press Reset.",
            epoch=self.epoch + 1,
            lr=self.config.lr,
            limit=DIVERGED_LOSS,
        )

    def parameter_count(self) -> int:
        return sum(p.numel() for p in self.model.parameters())

    def predict(self, points: torch.Tensor) -> torch.Tensor:
        """The model's raw output (logits or prediction) at [n, 2] points, dropout off."""
        self.model.eval()
        with torch.no_grad():
            out = self.model(features(points, self.config.features))
        self.model.train()
        return out

    def grid(self, cells: int = GRID_CELLS) -> Grid:
        """The decision boundary (or regression surface) over the square the data lives in."""
        x1, x2, step = square_centres(cells)
        out = self.predict(torch.stack([x1, x2], dim=1))
        if self.data.task == "regression":
            return Grid(x1, x2, out[:, 0], None, step)
        prob = torch.softmax(out, dim=1)
        value = prob[:, 1] if self.data.task == "binary" else prob.max(dim=1).values
        return Grid(x1, x2, value, prob.argmax(dim=1), step)

    def neurons(self, cells: int = NEURON_CELLS) -> list[torch.Tensor]:
        """What each hidden unit outputs over the square, as TensorFlow Playground draws it:
        one [units, cells²] tensor per hidden layer, on the same cell centres as grid(cells)."""
        x1, x2, _ = square_centres(cells)
        self.model.eval()
        with torch.no_grad():
            outs = hidden_outputs(
                self.model, features(torch.stack([x1, x2], dim=1), self.config.features)
            )
        self.model.train()
        return [out.T.contiguous() for out in outs]


def square_centres(cells: int) -> tuple[torch.Tensor, torch.Tensor, float]:
    """x1, x2 of the centres of a cells × cells grid over the data square, row by row, and the
    width of a cell."""
    lim = datasets.LIMIT
    step = 2 * lim / cells
    centres = torch.linspace(-lim + step / 2, lim - step / 2, cells)
    x2, x1 = torch.meshgrid(centres, centres, indexing="ij")
    return x1.reshape(-1), x2.reshape(-1), step


def history_csv(records: list[EpochRecord]) -> str:
    """The curves as CSV, one row per epoch (the page's download)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, [f.name for f in fields(EpochRecord)], lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(r) for r in records)
    return out.getvalue()
