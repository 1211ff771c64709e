"""Every setting of the training page in one frozen, validated dataclass (seed included)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lib.common.errors import InputError
from lib.training import data as datasets
from lib.training.model import ACTIVATIONS, OPTIMIZERS, check_hidden, parse_hidden, pick_features

BATCH_MODES = ("full", "mini", "single")  # the notes' three training loops
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
PENALTIES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
MAX_BATCH, MAX_EPOCHS, MAX_PATIENCE, MAX_DROPOUT = 100, 2000, 500, 0.5
# One Step is one epoch, and one process serves the class: an update costs 0.6-1.8 ms of CPU
# (measured: the per-update overhead of autograd and the optimizer, nearly independent of the
# network's size), so 200 updates keep a Step near 0.3 s. One sample at a time over 900 points
# was 900 updates, 2-2.7 s.
MAX_UPDATES = 200


@dataclass(frozen=True)
class TrainConfig:
    """Every setting of the page. Defaults follow TensorFlow Playground: circle, inputs x1 and x2,
    hidden layers 4 and 2 with tanh, SGD at lr 0.03, batches of 10, half the points held out."""

    dataset: str = "circle"  # lib.training.data.DATASETS
    classes: int = 3  # blobs only: how many classes
    points: int = 300  # before the split
    noise: float = 0.1  # 0 to 0.5
    val_fraction: float = 0.5  # held out for validation
    seed: int = 0  # data, split, initial weights, shuffling and dropout all follow it
    features: tuple[str, ...] = ("x1", "x2")  # lib.training.model.FEATURES
    hidden: tuple[int, ...] = (4, 2)  # units per hidden layer; () is logistic/linear regression
    activation: str = "tanh"
    dropout: float = 0.0  # after every hidden activation
    optimizer: str = "sgd"  # sgd, sgd_momentum, adam, adamw, rmsprop
    lr: float = 0.03
    batch: str = "mini"  # full batch, mini-batches of batch_size, or one sample at a time
    batch_size: int = 10
    weight_decay: float = 0.0  # L2 penalty, the optimizer's weight_decay, on every parameter
    l1: float = 0.0  # L1 penalty added to the loss: l1 · Σ|p| over every parameter
    max_epochs: int = 300  # the epoch budget
    early_stop: bool = False  # stop when validation loss has not improved for `patience`
    patience: int = 20
    restore_best: bool = True  # when early stopping ends a run, go back to its best epoch
    eval_forgotten: bool = False  # also measure validation in train mode (dropout on): a mistake

    def __post_init__(self) -> None:
        datasets.check(
            self.dataset, self.points, self.noise, self.val_fraction, self.classes, self.seed
        )
        pick_features(self.features)
        check_hidden(self.hidden)
        _check_choice("tr_activation", self.activation, ACTIVATIONS)
        _check_choice("tr_optimizer", self.optimizer, OPTIMIZERS)
        _check_choice("tr_batch_mode", self.batch, BATCH_MODES)
        _check_range("tr_dropout", self.dropout, 0, MAX_DROPOUT)
        _check_range("tr_lr", self.lr, 1e-6, 10)
        _check_range("tr_batch", self.batch_size, 1, MAX_BATCH)
        _check_range("tr_penalty", self.weight_decay, 0, 1)
        _check_range("tr_penalty", self.l1, 0, 1)
        _check_range("tr_epochs", self.max_epochs, 1, MAX_EPOCHS)
        _check_range("tr_patience", self.patience, 1, MAX_PATIENCE)
        if self.updates_per_epoch > MAX_UPDATES:
            raise InputError(
                "tr_updates",
                "This makes {n} updates per epoch ({train} training points in batches of {size}); "
                "this page runs at most {max}: use fewer points, hold more out, or larger batches.",
                n=self.updates_per_epoch,
                train=datasets.train_size(self.points, self.val_fraction),
                size=self.batch_rows,
                max=MAX_UPDATES,
            )

    @property
    def batch_rows(self) -> int:
        """Samples per optimizer update: all training points, batch_size, or one."""
        train = datasets.train_size(self.points, self.val_fraction)
        return {"full": train, "mini": self.batch_size, "single": 1}[self.batch]

    @property
    def updates_per_epoch(self) -> int:
        """optimizer.step() calls in one epoch: ⌈training points / batch rows⌉."""
        return -(-datasets.train_size(self.points, self.val_fraction) // self.batch_rows)

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> TrainConfig:
        """The page's widget values, by name (`noise` and `val` in percent, `layers` as typed text)
        -> a validated TrainConfig; bad input raises InputError."""
        return cls(
            dataset=form["dataset"],
            classes=int(form["classes"]),
            points=int(form["points"]),
            noise=form["noise"] / 100,
            val_fraction=form["val"] / 100,
            seed=int(form["seed"]),
            features=pick_features(form["features"] or ()),
            hidden=parse_hidden(form["layers"]),
            activation=form["activation"],
            dropout=float(form["dropout"]),
            optimizer=form["optimizer"],
            lr=float(form["lr"]),
            batch=form["batch_mode"],
            batch_size=int(form["batch_size"]),
            weight_decay=float(form["l2"]),
            l1=float(form["l1"]),
            max_epochs=int(form["budget"]),
            early_stop=bool(form["early_stop"]),
            patience=int(form["patience"]),
            restore_best=bool(form.get("restore", True)),
            eval_forgotten=bool(form.get("eval_forgotten", False)),
        )


# Settings a running Trainer takes on the fly: the optimizer's param_groups change, nothing resets.
HOT = (
    *("lr", "weight_decay", "l1", "max_epochs", "early_stop", "patience", "restore_best"),
    "eval_forgotten",  # what the page measures besides, not how it trains
)


def _check_choice(key: str, value: str, options) -> None:
    if value not in options:
        raise InputError(
            key, "{value!r} is not one of {options}.", value=value, options=", ".join(options)
        )


def _check_range(key: str, value: float, lo: float, hi: float) -> None:
    if not lo <= value <= hi:
        raise InputError(key, "{value} is outside {lo} to {hi}.", value=value, lo=lo, hi=hi)


def describe(config: TrainConfig) -> str:
    """A short technical label for a run, e.g. 'sgd lr=0.03 mini(10)' (for overlaid curves)."""
    batch = f"mini({config.batch_size})" if config.batch == "mini" else config.batch
    return f"{config.optimizer} lr={config.lr:g} {batch}"
