"""Early stopping ends a run where a user of it expects: back at the best epoch's weights.

The oracle is the model itself: its validation loss, computed here with torch's own loss module
on the weights it holds after the run, against the losses the trainer recorded per epoch.
"""

import contextlib
import io
from dataclasses import replace

import torch

from lib.training import TrainConfig, Trainer, export_script

# An xor run that overfits: validation loss is best around epoch 14 and worse 10 epochs later.
OVERFITS = TrainConfig(
    dataset="xor", noise=0.3, lr=0.3, hidden=(8, 8), points=200, early_stop=True, patience=10
)


def held_out_loss(trainer: Trainer) -> float:
    model = trainer.model.eval()
    with torch.no_grad():
        out = model(trainer.x_val)
    return torch.nn.CrossEntropyLoss()(out, trainer.data.y_val).item()


def test_early_stopping_goes_back_to_the_best_epochs_weights():
    tr = Trainer(OVERFITS)
    tr.run_epochs(300)
    assert tr.status == "early_stopped"
    assert tr.epoch - tr.best.epoch == OVERFITS.patience
    best = min(r.val_loss for r in tr.history)
    assert tr.best.val_loss == best
    assert abs(held_out_loss(tr) - best) < 1e-6
    assert held_out_loss(tr) < tr.history[-1].val_loss - 1e-3
    assert tr.shown.epoch == tr.best.epoch


def test_switched_off_the_run_keeps_its_last_weights():
    tr = Trainer(replace(OVERFITS, restore_best=False))
    tr.run_epochs(300)
    assert tr.status == "early_stopped" and tr.restored is None
    assert abs(held_out_loss(tr) - tr.history[-1].val_loss) < 1e-6
    assert tr.shown.epoch == tr.epoch


def test_the_exported_script_restores_the_same_epoch():
    tr = Trainer(OVERFITS)
    tr.run_epochs(300)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(export_script(OVERFITS, tr.epoch), "train.py", "exec"), {"__name__": "x"})
    lines = out.getvalue().strip().splitlines()
    assert lines[-2].startswith(f"restored epoch {tr.best.epoch} ")
    val = float(lines[-1].split("val_loss=")[1])
    assert abs(val - tr.best.val_loss) < 1e-5


def sgd_step(param: torch.Tensor, **options) -> torch.Tensor:
    """One step of torch.optim.SGD on a loss whose own gradient is zero: only weight decay acts."""
    w = param.clone().requires_grad_(True)
    opt = torch.optim.SGD([w], lr=0.1, **options)
    (w * 0).sum().backward()
    opt.step()
    return w.detach()


def test_sgd_weight_decay_is_the_gradient_of_half_lambda_w_squared():
    lam, w0 = 0.05, torch.tensor([3.0, -2.0])
    w = w0.clone().requires_grad_(True)
    (lam / 2 * (w**2).sum()).backward()  # the L2 penalty the help text names
    assert torch.allclose(sgd_step(w0, weight_decay=lam), w0 - 0.1 * w.grad)
    # The third positional argument is momentum, not weight decay: the help says keywords.
    assert torch.equal(sgd_step(w0, momentum=lam), w0)


def test_adam_rescales_weight_decay_and_adamw_does_not():
    """Zero loss gradient: Adam's decay λw goes through the rescaling (a step of ≈ lr whatever
    λ is), AdamW shrinks the weight by lr·λ·w exactly."""
    lam, lr, w0 = 0.01, 0.1, torch.tensor([3.0])
    steps = {}
    for cls in (torch.optim.Adam, torch.optim.AdamW):
        w = w0.clone().requires_grad_(True)
        opt = cls([w], lr=lr, weight_decay=lam)
        (w * 0).sum().backward()
        opt.step()
        steps[cls.__name__] = (w0 - w.detach()).item()
    assert abs(steps["Adam"] - lr) < 1e-3  # normalised: λ's size is lost
    assert abs(steps["AdamW"] - lr * lam * 3.0) < 1e-6


def test_the_optimizer_help_names_adamw_and_the_l2_help_passes_keywords():
    from ui.text import strings

    for lang in ("en", "zh-TW", "zh-CN"):
        text = strings(lang)
        assert "weight_decay=λ" in text["training.l2_help"]
        assert "lr, weight_decay)" not in text["training.l2_help"]
        assert "AdamW" in text["training.optimizer_help"]
