"""The training loop: determinism across threads, batch modes, optimizers, penalties, stopping."""

import csv
import io
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.utils.data import DataLoader

from lib.common.errors import InputError
from lib.training import TrainConfig, Trainer, history_csv
from lib.training.config import BATCH_MODES, MAX_UPDATES
from lib.training.engine import GRID_CELLS, square_centres
from lib.training.model import FEATURES, Dropout, features

SMALL = TrainConfig(points=120)


def same_weights(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))


def test_two_trainers_in_parallel_threads_write_identical_histories():
    config = TrainConfig(points=150, dropout=0.2, hidden=(8, 8), optimizer="adam", lr=0.01)
    stop = threading.Event()

    def disturb():  # another session using the global generator at the same time
        while not stop.is_set():
            torch.manual_seed(123)
            torch.rand(1000)
            nn.functional.dropout(torch.ones(100), 0.5)
            time.sleep(0.0005)

    noise = threading.Thread(target=disturb)
    noise.start()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            a, b = pool.map(lambda _: Trainer(config).run_epochs(6), range(2))
    finally:
        stop.set()
        noise.join()
    assert a == b and len(a) == 6


def test_training_with_dropout_never_touches_the_global_generator():
    before = torch.random.get_rng_state()
    Trainer(replace(SMALL, dropout=0.3)).run_epochs(3)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_the_same_seed_starts_from_the_same_weights_and_another_seed_does_not():
    assert same_weights(Trainer(SMALL).model, Trainer(SMALL).model)
    assert not same_weights(Trainer(SMALL).model, Trainer(replace(SMALL, seed=1)).model)
    # the batch mode or optimizer does not move the start either: runs compare from one point
    other = replace(SMALL, batch="full", optimizer="adam", lr=0.1)
    assert same_weights(Trainer(SMALL).model, Trainer(other).model)


def test_initial_weights_follow_pytorchs_default_bound():
    model = Trainer(replace(SMALL, hidden=(16, 16))).model
    for layer in model:
        if isinstance(layer, nn.Linear):
            bound = 1 / math.sqrt(layer.in_features)
            assert layer.weight.abs().max() <= bound and layer.bias.abs().max() <= bound


def count_steps(trainer: Trainer, epochs: int) -> int:
    calls = []
    handle = trainer.optimizer.register_step_post_hook(lambda *_: calls.append(1))
    trainer.run_epochs(epochs)
    handle.remove()
    return len(calls)


@settings(max_examples=15)
@given(points=st.integers(20, 200), batch_size=st.integers(1, 40), val=st.integers(1, 9))
def test_each_batch_mode_takes_the_number_of_steps_it_should(points, batch_size, val):
    base = replace(SMALL, points=points, batch_size=batch_size, val_fraction=val / 10)
    n = len(Trainer(base).x_train)
    expected = {"full": 1, "mini": math.ceil(n / batch_size), "single": n}
    for mode, per_epoch in expected.items():
        trainer = Trainer(replace(base, batch=mode))
        assert isinstance(trainer.loader, DataLoader)
        assert trainer.steps_per_epoch == per_epoch
        assert count_steps(trainer, 2) == 2 * per_epoch == trainer.steps


def test_recorded_losses_are_what_the_model_scores_with_dropout_off():
    trainer = Trainer(replace(SMALL, dropout=0.2, dataset="blobs"))
    last = trainer.run_epochs(4)[-1]
    trainer.model.eval()
    with torch.no_grad():
        out = trainer.model(trainer.x_val)
    assert math.isclose(
        last.val_loss, nn.functional.cross_entropy(out, trainer.data.y_val).item(), rel_tol=1e-5
    )
    accuracy = (out.argmax(1) == trainer.data.y_val).float().mean().item()
    assert math.isclose(last.val_accuracy, accuracy)


def test_regression_uses_mse_and_has_no_accuracy():
    trainer = Trainer(replace(SMALL, dataset="sine"))
    assert isinstance(trainer.loss_fn, nn.MSELoss)
    assert trainer.run_epochs(1)[-1].val_accuracy is None


@pytest.mark.parametrize("name", ["sgd", "sgd_momentum", "adam", "rmsprop"])
def test_every_optimizer_is_the_real_torch_class_and_lowers_the_loss(name):
    trainer = Trainer(replace(SMALL, optimizer=name, lr=0.03 if "sgd" in name else 0.01))
    expected = {
        "sgd": torch.optim.SGD,
        "sgd_momentum": torch.optim.SGD,
        "adam": torch.optim.Adam,
        "rmsprop": torch.optim.RMSprop,
    }[name]
    assert type(trainer.optimizer) is expected
    assert trainer.optimizer.param_groups[0].get("momentum", 0) == (
        0.9 if name == "sgd_momentum" else 0
    )
    history = trainer.run_epochs(60)
    assert history[-1].train_loss < trainer.start.train_loss


def test_a_new_learning_rate_is_taken_without_resetting_the_run():
    trainer = Trainer(SMALL)
    trainer.run_epochs(3)
    weights = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    assert trainer.retune(replace(SMALL, lr=0.3, weight_decay=0.01))
    assert trainer.epoch == 3 and all(
        torch.equal(v, trainer.model.state_dict()[k]) for k, v in weights.items()
    )
    assert trainer.optimizer.param_groups[0]["lr"] == 0.3
    assert trainer.optimizer.param_groups[0]["weight_decay"] == 0.01
    assert trainer.run_epochs(1)[-1].lr == 0.3 and trainer.epoch == 4


def test_a_new_model_or_data_cannot_be_taken_on_the_fly():
    trainer = Trainer(SMALL)
    for change in ({"hidden": (8,)}, {"seed": 2}, {"batch": "full"}, {"dropout": 0.1}):
        assert not trainer.retune(replace(SMALL, **change))


def test_one_step_with_l1_and_l2_is_plain_sgd_on_the_penalised_loss():
    config = replace(SMALL, lr=0.1, weight_decay=0.01, l1=0.001)
    trainer = Trainer(config)
    xb, yb = trainer.x_train[:10], trainer.data.y_train[:10]
    params = [p.detach().clone().requires_grad_() for p in trainer.model.parameters()]
    # the same network, written out with functional calls on copies of the parameters
    h = torch.tanh(nn.functional.linear(xb, params[0], params[1]))
    h = torch.tanh(nn.functional.linear(h, params[2], params[3]))
    loss = nn.functional.cross_entropy(nn.functional.linear(h, params[4], params[5]), yb)
    loss = loss + 0.001 * sum(p.abs().sum() for p in params)
    grads = torch.autograd.grad(loss, params)
    expected = [p - 0.1 * (g + 0.01 * p) for p, g in zip(params, grads)]
    trainer._step(xb, yb)
    for got, want in zip(trainer.model.parameters(), expected):
        assert torch.allclose(got, want, atol=1e-6)


def test_a_strong_l1_penalty_drives_weights_to_zero():
    plain = Trainer(replace(SMALL, hidden=(8, 8)))
    sparse = Trainer(replace(SMALL, hidden=(8, 8), l1=0.01))
    plain.run_epochs(40), sparse.run_epochs(40)
    near_zero = [
        sum((p.abs() < 0.02).sum().item() for p in t.model.parameters()) for t in (plain, sparse)
    ]
    assert near_zero[1] > 2 * near_zero[0]


def test_seeded_dropout_zeroes_about_p_and_keeps_the_expected_value():
    layer = Dropout(0.3, torch.Generator().manual_seed(0))
    x = torch.ones(100_000)
    y = layer(x)
    assert abs((y == 0).float().mean().item() - 0.3) < 0.01
    assert abs(y.mean().item() - 1) < 0.02
    again = Dropout(0.3, torch.Generator().manual_seed(0))(x)
    assert torch.equal(y, again)
    layer.eval()
    assert torch.equal(layer(x), x)


def test_a_learning_rate_that_explodes_stops_the_run_with_no_nan_recorded():
    trainer = Trainer(replace(SMALL, dataset="plane", activation="relu", lr=10.0))
    history = trainer.run_epochs(50)
    assert trainer.status == "diverged" and trainer.done
    assert all(math.isfinite(r.train_loss) and math.isfinite(r.val_loss) for r in history)
    error = trainer.error()
    assert isinstance(error, InputError) and error.key == "tr_diverged"
    assert trainer.run_epochs(5) == history  # a diverged run does not go on
    # the pictures are drawn from the last recorded epoch's weights, never from NaN
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    assert torch.isfinite(trainer.grid().value).all()
    assert not trainer.retune(replace(trainer.config, lr=0.01, hidden=(3,)))


def test_early_stopping_waits_patience_epochs_after_the_best_validation_loss():
    config = replace(
        SMALL,
        dataset="spiral",
        hidden=(16, 16, 16),
        optimizer="adam",
        lr=0.03,
        noise=0.5,
        early_stop=True,
        patience=10,
        points=100,
    )
    trainer = Trainer(config)
    trainer.run_epochs(300)
    assert trainer.status == "early_stopped"
    assert trainer.epoch - trainer.best.epoch == 10
    assert trainer.best.val_loss == min(r.val_loss for r in [trainer.start, *trainer.history])


def test_the_epoch_budget_stops_the_run_and_a_bigger_budget_lets_it_go_on():
    trainer = Trainer(replace(SMALL, max_epochs=5))
    assert len(trainer.run_epochs(50)) == 5 and trainer.status == "budget"
    assert trainer.retune(replace(SMALL, max_epochs=7)) and not trainer.done
    assert len(trainer.run_epochs(50)) == 7


def test_cutting_the_work_into_ticks_does_not_change_the_history():
    whole = Trainer(replace(SMALL, batch="single")).run_epochs(3)
    ticked = Trainer(replace(SMALL, batch="single"))
    while ticked.epoch < 3:
        ticked.run_for(0.0005, 3 - ticked.epoch)  # stops inside epochs
    assert ticked.history == whole


@pytest.mark.parametrize("dataset", ["circle", "blobs", "sine"])
def test_the_decision_grid_is_the_models_own_prediction_at_each_cell_centre(dataset):
    trainer = Trainer(replace(SMALL, dataset=dataset, classes=4, features=tuple(FEATURES)))
    trainer.run_epochs(5)
    grid = trainer.grid()
    assert grid.x1.shape == (GRID_CELLS**2,) and math.isclose(grid.cell, 12 / GRID_CELLS)
    assert grid.x1.min() > -6 and grid.x1.max() < 6
    points = torch.stack([grid.x1, grid.x2], dim=1)
    trainer.model.eval()
    with torch.no_grad():
        out = trainer.model(features(points, trainer.config.features))
    if dataset == "sine":
        assert torch.allclose(grid.value, out[:, 0]) and grid.label is None
    else:
        prob = out.softmax(dim=1)
        want = prob[:, 1] if dataset == "circle" else prob.max(dim=1).values
        assert torch.allclose(grid.value, want) and torch.equal(grid.label, prob.argmax(dim=1))


def test_input_features_are_the_formulas_their_names_say():
    x = torch.tensor([[2.0, -3.0]])
    got = features(x, tuple(FEATURES))
    want = torch.tensor([[2.0, -3.0, 4.0, 9.0, -6.0, math.sin(2.0), math.sin(-3.0)]])
    assert torch.allclose(got, want)


def test_the_csv_has_one_row_per_epoch_with_the_recorded_numbers():
    trainer = Trainer(SMALL)
    history = trainer.run_epochs(3)
    rows = list(csv.DictReader(io.StringIO(history_csv(history))))
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3]
    assert float(rows[-1]["val_loss"]) == history[-1].val_loss


@pytest.mark.parametrize(
    "change, key",
    [
        ({"hidden": (4,) * 7}, "tr_layers"),
        ({"hidden": (0,)}, "tr_width"),
        ({"features": ()}, "tr_no_features"),
        ({"features": ("x3",)}, "tr_feature"),
        ({"activation": "swish"}, "tr_activation"),
        ({"optimizer": "lbfgs"}, "tr_optimizer"),
        ({"batch": "half"}, "tr_batch_mode"),
        ({"lr": 100.0}, "tr_lr"),
        ({"batch_size": 0}, "tr_batch"),
        ({"l1": -1.0}, "tr_penalty"),
        ({"max_epochs": 10**6}, "tr_epochs"),
        ({"dropout": 0.9}, "tr_dropout"),
        ({"points": 10**7}, "tr_points"),
    ],
)
def test_a_config_out_of_bounds_is_refused_before_anything_is_built(change, key):
    with pytest.raises(InputError) as err:
        replace(TrainConfig(), **change)
    assert err.value.key == key


def test_the_form_reader_parses_the_typed_layers_and_percent_sliders():
    form = {
        "dataset": "xor",
        "classes": 3,
        "points": 100,
        "noise": 20,
        "val": 30,
        "seed": 5.0,
        "features": ["x2", "x1"],
        "layers": "(8, 4)",
        "activation": "relu",
        "dropout": 0.1,
        "optimizer": "adam",
        "lr": 0.01,
        "batch_mode": "single",
        "batch_size": 10,
        "l2": 0.0,
        "l1": 0.0,
        "budget": 50,
        "early_stop": True,
        "patience": 5,
    }
    config = TrainConfig.from_form(form)
    assert config.hidden == (8, 4) and config.noise == 0.2 and config.val_fraction == 0.3
    assert config.features == ("x1", "x2") and config.seed == 5
    with pytest.raises(InputError) as err:
        TrainConfig.from_form({**form, "layers": "8, x"})
    assert err.value.key == "not_integer"


def test_each_hidden_units_map_is_its_real_output_after_the_activation():
    trainer = Trainer(replace(SMALL, hidden=(3, 2), activation="relu", dropout=0.2))
    trainer.run_epochs(2)
    maps = trainer.neurons(cells=5)
    assert [m.shape for m in maps] == [(3, 25), (2, 25)]
    x1, x2, _ = square_centres(5)
    first = trainer.model[0]  # Linear(2, 3), then ReLU
    with torch.no_grad():
        want = torch.relu(first(features(torch.stack([x1, x2], 1), trainer.config.features)))
    assert torch.allclose(maps[0], want.T)
    assert Trainer(replace(SMALL, hidden=())).neurons() == []


@settings(max_examples=25, deadline=None)
@given(
    points=st.integers(20, 1000),
    val=st.sampled_from([0.1, 0.3, 0.5, 0.9]),
    batch=st.sampled_from(BATCH_MODES),
    size=st.integers(1, 100),
)
def test_an_epoch_is_refused_past_the_update_bound_and_otherwise_has_exactly_that_many(
    points, val, batch, size
):
    """Issue 13: one Step (an epoch) must stay near 0.3 s of the class's one process."""
    train = len(Trainer(TrainConfig(points=points, val_fraction=val, batch="full")).x_train)
    updates = math.ceil(train / {"full": train, "mini": size, "single": 1}[batch])
    config = dict(points=points, val_fraction=val, batch=batch, batch_size=size)
    if updates > MAX_UPDATES:
        with pytest.raises(InputError, match=f"{updates} updates per epoch"):
            TrainConfig(**config)
    else:  # torch's DataLoader counts the batches
        assert len(Trainer(TrainConfig(**config)).loader) == updates
