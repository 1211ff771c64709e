"""The exported script: torch only, and it prints the numbers the app's Trainer computes."""

import ast
import contextlib
import io
import re
import subprocess
import sys
from dataclasses import replace

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from lib.training import TrainConfig, Trainer, export_script
from lib.training.data import DATASETS
from lib.training.model import ACTIVATIONS, FEATURES, OPTIMIZERS

FINAL = re.compile(r"^final train_loss=(\S+) val_loss=(\S+)$")


def final_numbers(output: str) -> tuple[float, float]:
    match = FINAL.match(output.strip().splitlines()[-1])
    assert match, output[-300:]
    return float(match[1]), float(match[2])


def run_in_process(script: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "train.py", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def test_the_script_run_with_python_prints_the_trainers_final_losses(tmp_path):
    # one fresh interpreter (importing torch is most of its time); the Hypothesis test below
    # covers the other settings in-process
    config = TrainConfig(
        dataset="blobs",
        classes=4,
        dropout=0.2,
        l1=0.001,
        weight_decay=0.01,
        optimizer="adam",
        lr=0.01,
        hidden=(8, 8),
        features=tuple(FEATURES),
    )
    epochs = 6
    path = tmp_path / "train.py"
    path.write_text(export_script(config, epochs))
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    last = Trainer(config).run_epochs(epochs)[-1]
    train, val = final_numbers(done.stdout)
    assert abs(train - last.train_loss) < 1e-4 and abs(val - last.val_loss) < 1e-4


@settings(max_examples=12)
@given(
    dataset=st.sampled_from(DATASETS),
    features=st.lists(st.sampled_from(list(FEATURES)), min_size=1, max_size=7, unique=True),
    hidden=st.lists(st.integers(1, 6), max_size=3),
    activation=st.sampled_from(list(ACTIVATIONS)),
    optimizer=st.sampled_from(list(OPTIMIZERS)),
    batch=st.sampled_from(["full", "mini", "single"]),
    dropout=st.sampled_from([0.0, 0.25]),
    l1=st.sampled_from([0.0, 0.003]),
    seed=st.integers(0, 2**31 - 1),
)
# Found by Hypothesis: a linear model on x1² explodes in its third epoch (loss 1e5 -> 1e8); the
# Trainer stops after two, and so must the script the page exports.
@example("plane", ["x1", "x2", "x1^2"], [], "tanh", "sgd", "mini", 0.0, 0.0, 0)
def test_any_setting_exported_and_executed_reproduces_the_trainer(
    dataset, features, hidden, activation, optimizer, batch, dropout, l1, seed
):
    config = TrainConfig(
        dataset=dataset,
        points=40,
        features=tuple(features),
        hidden=tuple(hidden),
        activation=activation,
        optimizer=optimizer,
        lr=0.01,
        batch=batch,
        batch_size=7,
        dropout=dropout,
        l1=l1,
        weight_decay=0.001,
        seed=seed,
    )
    trainer = Trainer(config)
    history = trainer.run_epochs(3)  # fewer when the run explodes: the page exports what it shows
    assume(history)
    train, val = final_numbers(run_in_process(export_script(config, trainer.epoch)))
    last = history[-1]
    assert abs(train - last.train_loss) < 1e-4 and abs(val - last.val_loss) < 1e-4


def test_the_script_imports_nothing_but_torch_and_math():
    tree = ast.parse(export_script(replace(TrainConfig(), dropout=0.1), 5))
    modules = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    assert modules == {"math", "torch"}


def test_the_script_shows_the_notes_training_loop_and_the_chosen_settings():
    script = export_script(TrainConfig(optimizer="sgd_momentum", lr=0.1, batch_size=16), 40)
    for line in (
        "optimizer.zero_grad()",
        "loss.backward()",
        "optimizer.step()",
        "torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9",
        "batch_size=16, shuffle=True, generator=shuffle",
        "EPOCHS = 40",
        "nn.Linear(2, 4), nn.Tanh(),",
        "nn.CrossEntropyLoss()",
    ):
        assert line in script, line
