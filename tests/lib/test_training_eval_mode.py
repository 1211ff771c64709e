"""A forgotten model.eval(): validation measured in train mode, dropout still zeroing units.

Oracles: the trainer's weights run through torch.nn.functional by hand, with the masks drawn
here from a generator seeded as documented (seed + 4); the eval-mode numbers the trainer records;
and the exported script run in this process.
"""

import contextlib
import io
import re
from dataclasses import replace

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from lib.training import TrainConfig, Trainer, export_script
from lib.training.eval_mode import forgotten_eval
from lib.training.live import LiveRun

DROPPY = TrainConfig(dataset="xor", hidden=(8, 4), dropout=0.5, seed=3, eval_forgotten=True)


def measure(tr: Trainer):
    return forgotten_eval(tr.model, tr.x_val, tr.data.y_val, tr.loss_fn, tr.config.seed)


def by_hand(tr: Trainer) -> float:
    """Linear -> tanh -> x·mask/(1-p) per hidden layer, then the output Linear, in F."""
    masks = torch.Generator().manual_seed(tr.config.seed + 4)
    linears = [m for m in tr.model if isinstance(m, nn.Linear)]
    x, p = tr.x_val, tr.config.dropout
    with torch.no_grad():
        for layer in linears[:-1]:
            x = torch.tanh(F.linear(x, layer.weight, layer.bias))
            x = x * (torch.rand(x.shape, generator=masks) >= p) / (1 - p)
        out = F.linear(x, linears[-1].weight, linears[-1].bias)
    return F.cross_entropy(out, tr.data.y_val).item()


def test_train_mode_validation_is_the_network_with_dropout_masks_applied():
    tr = Trainer(DROPPY)
    tr.run_epochs(3)
    check = measure(tr)
    assert check.layers == 2 and check.dropout == 0.5
    assert check.val_loss == pytest.approx(by_hand(tr), abs=1e-6)
    assert abs(check.val_loss - tr.shown.val_loss) > 1e-3  # the gap the page shows
    assert measure(tr) == check  # the same weights, the same masks: a link shows one number
    assert tr.model.training  # training carries on in train mode


def test_without_a_dropout_layer_both_modes_give_the_same_numbers():
    for config in (replace(DROPPY, dropout=0.0), replace(DROPPY, hidden=())):
        tr = Trainer(config)
        tr.run_epochs(2)
        check = measure(tr)
        assert check.layers == 0
        assert check.val_loss == pytest.approx(tr.shown.val_loss, abs=1e-6)
        assert check.val_accuracy == pytest.approx(tr.shown.val_accuracy)


def test_measuring_between_epochs_leaves_training_untouched():
    measured, plain = Trainer(DROPPY), Trainer(DROPPY)
    for _ in range(3):
        measured.run_epochs(1)
        measure(measured)
        plain.run_epochs(1)
    assert measured.history == plain.history


def test_switching_the_check_on_keeps_the_run():
    run = LiveRun(replace(DROPPY, eval_forgotten=False))
    run.step()
    assert not run.sync(DROPPY)  # no fresh run: the student compares on the same weights
    assert run.trainer.epoch == 1


def printed(config: TrainConfig, epochs: int) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(export_script(config, epochs), "train.py", "exec"), {"__name__": "x"})
    return out.getvalue()


def forgot_line(text: str) -> tuple[float, float]:
    found = re.search(r"without model.eval\(\) val_loss=(\S+) val_accuracy=(\S+)", text)
    return float(found[1]), float(found[2])


def test_the_script_prints_both_modes_as_the_page_measures_them():
    run = LiveRun(DROPPY)
    for _ in range(4):
        run.step()
    check = run.forgotten_eval()
    loss, accuracy = forgot_line(printed(DROPPY, 4))
    assert loss == pytest.approx(check.val_loss, abs=1e-5)
    assert accuracy == pytest.approx(check.val_accuracy, abs=1e-6)
    assert "without model.eval()" not in printed(replace(DROPPY, eval_forgotten=False), 1)


def test_after_early_stopping_both_modes_measure_the_restored_weights():
    config = TrainConfig(
        dataset="xor", noise=0.3, lr=0.3, hidden=(8, 8), points=200, early_stop=True,
        patience=10, dropout=0.2, eval_forgotten=True,
    )  # fmt: skip
    run = LiveRun(config)
    run.trainer.run_epochs(300)
    tr = run.trainer
    assert tr.status == "early_stopped" and tr.restored is not None
    out = printed(config, tr.epoch)
    assert f"restored epoch {tr.best.epoch} " in out
    assert forgot_line(out)[0] == pytest.approx(run.forgotten_eval().val_loss, abs=1e-5)
