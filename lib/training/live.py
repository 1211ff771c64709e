"""One student's live run: the Trainer in progress and the curves of the runs before it.

The page keeps one LiveRun in its session state and calls `sync(config)` on every rerun: a new
learning rate (or penalty, or budget) is handed to the running optimizer, anything else starts a
fresh run from the seed's initial weights and keeps the old curves for comparison.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import torch

from lib.training.config import TrainConfig, describe
from lib.training.engine import NEURON_CELLS, EpochRecord, Grid, Trainer
from lib.training.eval_mode import ForgottenEval, forgotten_eval

TICK_SECONDS = 0.06  # torch work per page redraw: short, so a changed widget is obeyed at once
MAX_PAST = 3  # earlier runs whose curves stay on the loss chart
OVERFIT_EPOCHS = 10  # validation loss has been above its best for at least this long
# How long a button, a settings change or a redraw waits for a tick in another thread of the same
# session: longer than any one tick or Step (both bounded well under a second), so it never
# gives up in practice, yet a stuck thread cannot hang the page.
WAIT_SECONDS = 2.0

T = TypeVar("T")


@dataclass(frozen=True)
class PastRun:
    label: str  # e.g. "#2 adam lr=0.01 full"
    records: tuple[EpochRecord, ...]  # epoch 0 onwards


class LiveRun:
    """The page's session-state object: not shareable, rebuilt from the config when needed.

    One LiveRun outlives the reruns of its session, and Streamlit may run two of them at once:
    with `runner.fastReruns` a new rerun (a slider moved, a fragment tick, Step) starts in a new
    script thread while the old one is still inside `tick()`. Two threads in one model, optimizer
    and DataLoader iterator corrupt autograd ("modified by an inplace operation", "generator
    already executing") or crash the whole process in libc. So every use of the trainer holds
    `_lock`: a tick that finds it taken skips (the thread holding it is already training, and
    the next tick comes 0.2 s later); everything else waits for it, at most WAIT_SECONDS.
    """

    def __init__(self, config: TrainConfig) -> None:
        self.trainer = Trainer(config)
        self.past: list[PastRun] = []
        self.number = 1
        self._lock = threading.Lock()
        self._pictures = (self.trainer.grid(), self.trainer.neurons())  # the last ones drawn
        self._forgotten = self._measure_forgotten()  # the last forgotten-eval() measurement

    @contextmanager
    def _held(self, wait: float) -> Iterator[bool]:
        """True (and the lock held until the block ends) when this thread may use the trainer."""
        ok = self._lock.acquire(timeout=wait) if wait > 0 else self._lock.acquire(blocking=False)
        try:
            yield ok
        finally:
            if ok:
                self._lock.release()

    def _locked(self, work: Callable[[], T], otherwise: T) -> T:
        with self._held(WAIT_SECONDS) as ok:
            return work() if ok else otherwise

    def sync(self, config: TrainConfig) -> bool:
        """Follow the page's settings; True when they needed a fresh run (so playing stops).
        Busy past WAIT_SECONDS: nothing changes now, the next rerun syncs again."""

        def follow() -> bool:
            if self.trainer.retune(config):
                return False
            self._restart(config)
            return True

        return self._locked(follow, False)

    def restart(self, config: TrainConfig | None = None) -> None:
        """Reset: the same seed gives the same initial weights. A run with epochs is kept."""
        self._locked(lambda: self._restart(config), None)

    def _restart(self, config: TrainConfig | None) -> None:
        if self.trainer.epoch:
            label = f"#{self.number} {describe(self.trainer.config)}"
            self.past = [PastRun(label, tuple(self.curve())), *self.past][:MAX_PAST]
            self.number += 1
        self.trainer = Trainer(config or self.trainer.config)

    def tick(self, epochs: int, seconds: float = TICK_SECONDS) -> bool:
        """One redraw's worth of training while playing; False (and no training) when another
        thread of this session holds the run: it is training already."""
        with self._held(0) as ok:
            if ok:
                self.trainer.run_for(seconds, epochs)
            return ok

    def step(self) -> None:
        """The Step button: exactly one more epoch."""
        self._locked(lambda: self.trainer.run_epochs(1), None)

    def clear_past(self) -> None:
        self.past = []

    def pictures(self, neuron_cells: int = NEURON_CELLS) -> tuple[Grid, list[torch.Tensor]]:
        """The decision boundary and every hidden unit's map on a neuron_cells² grid (none for
        0) (Trainer.grid, Trainer.neurons), from weights no other thread is changing; the last
        ones drawn if it stays busy."""

        def draw() -> tuple[Grid, list[torch.Tensor]]:
            units = self.trainer.neurons(neuron_cells) if neuron_cells else []
            self._pictures = (self.trainer.grid(), units)
            return self._pictures

        return self._locked(draw, self._pictures)

    def forgotten_eval(self) -> ForgottenEval:
        """Validation of the weights the model holds now (Trainer.shown), measured in train
        mode as if model.eval() had been forgotten; the last one measured if it stays busy."""

        def measure() -> ForgottenEval:
            self._forgotten = self._measure_forgotten()
            return self._forgotten

        return self._locked(measure, self._forgotten)

    def _measure_forgotten(self) -> ForgottenEval:
        t = self.trainer
        return forgotten_eval(t.model, t.x_val, t.data.y_val, t.loss_fn, t.config.seed)

    def curve(self) -> list[EpochRecord]:
        """The current run from epoch 0 (before any step) to now."""
        return [self.trainer.start, *self.trainer.history]

    def facts(self) -> dict[str, float | int | str]:
        """The live numbers the page's sentences quote, by name."""
        t = self.trainer
        last = (t.history or [t.start])[-1]
        return {
            "epoch": t.epoch,
            "train": last.train_loss,
            "val": last.val_loss,
            "gap": last.val_loss - last.train_loss,
            "best": t.best.val_loss,
            "best_epoch": t.best.epoch,
            "steps": t.steps_per_epoch,
            "n": len(t.x_train),
            "total": t.steps,
            "mode": t.config.batch,
            "b": t.config.batch_size,
            "params": t.parameter_count(),
            "inputs": t.x_train.shape[1],
        }

    def overfitting(self) -> bool:
        """Validation loss above its best for OVERFIT_EPOCHS while training loss kept falling."""
        t = self.trainer
        if not t.history or t.epoch - t.best.epoch < OVERFIT_EPOCHS:
            return False
        last = t.history[-1]
        return last.val_loss > t.best.val_loss * 1.02 and last.train_loss < t.best.train_loss


@dataclass(frozen=True)
class Question:
    """A predict-then-reveal question about the run on screen: `kind` picks its wording."""

    kind: str  # "steps", "overfit" or "diverged"
    options: tuple[str, ...]  # numbers for "steps", otherwise option keys for the page's text
    answer: str
    n_train: int


def question(run: LiveRun) -> Question:
    """Ask about what the student is looking at: a diverged run, overfitting, or else the
    number of optimizer steps one epoch of this batch mode takes (read from the DataLoader)."""
    t = run.trainer
    if t.status == "diverged":
        return Question(
            "diverged", ("lower_lr", "more_epochs", "wider", "more_val"), "lower_lr", len(t.x_train)
        )
    if run.overfitting():
        return Question(
            "overfit",
            ("overfitting", "underfitting", "lr_too_high", "bad_seed"),
            "overfitting",
            len(t.x_train),
        )
    n, b = len(t.x_train), t.config.batch_size
    options = sorted({1, n, -(-n // max(b, 1)), n // max(b, 1) or 1, t.steps_per_epoch})
    return Question("steps", tuple(str(o) for o in options), str(t.steps_per_epoch), n)
