"""One student's live run: the Trainer in progress and the curves of the runs before it.

The page keeps one LiveRun in its session state and calls `sync(config)` on every rerun: a new
learning rate (or penalty, or budget) is handed to the running optimizer, anything else starts a
fresh run from the seed's initial weights and keeps the old curves for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.training.config import TrainConfig, describe
from lib.training.engine import EpochRecord, Trainer

TICK_SECONDS = 0.06  # torch work per page redraw: short, so a changed widget is obeyed at once
MAX_PAST = 3  # earlier runs whose curves stay on the loss chart
OVERFIT_EPOCHS = 10  # validation loss has been above its best for at least this long


@dataclass(frozen=True)
class PastRun:
    label: str  # e.g. "#2 adam lr=0.01 full"
    records: tuple[EpochRecord, ...]  # epoch 0 onwards


class LiveRun:
    """The page's session-state object: not shareable, rebuilt from the config when needed."""

    def __init__(self, config: TrainConfig) -> None:
        self.trainer = Trainer(config)
        self.past: list[PastRun] = []
        self.number = 1

    def sync(self, config: TrainConfig) -> bool:
        """Follow the page's settings; True when they needed a fresh run (so playing stops)."""
        if self.trainer.retune(config):
            return False
        self.restart(config)
        return True

    def restart(self, config: TrainConfig | None = None) -> None:
        """Reset: the same seed gives the same initial weights. A run with epochs is kept."""
        if self.trainer.epoch:
            label = f"#{self.number} {describe(self.trainer.config)}"
            self.past = [PastRun(label, tuple(self.curve())), *self.past][:MAX_PAST]
            self.number += 1
        self.trainer = Trainer(config or self.trainer.config)

    def tick(self, epochs: int, seconds: float = TICK_SECONDS) -> None:
        """One redraw's worth of training while playing."""
        self.trainer.run_for(seconds, epochs)

    def step(self) -> None:
        """The Step button: exactly one more epoch."""
        self.trainer.run_epochs(1)

    def clear_past(self) -> None:
        self.past = []

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
