"""One student's live run: hot settings, fresh runs kept for comparison, questions from the run."""

from dataclasses import replace

import torch

from lib.training import TrainConfig
from lib.training.live import MAX_PAST, LiveRun, question

SMALL = TrainConfig(points=100)


def test_a_new_learning_rate_keeps_the_run_and_a_new_model_starts_a_fresh_one():
    run = LiveRun(SMALL)
    run.trainer.run_epochs(3)
    assert not run.sync(replace(SMALL, lr=0.1)) and run.trainer.epoch == 3
    assert run.sync(replace(SMALL, lr=0.1, activation="relu"))
    assert run.trainer.epoch == 0 and run.trainer.config.activation == "relu"
    assert run.past[0].label == "#1 sgd lr=0.1 mini(10)" and len(run.past[0].records) == 4


def test_reset_starts_from_the_same_weights_and_keeps_at_most_three_earlier_runs():
    run = LiveRun(SMALL)
    start = [p.clone() for p in run.trainer.model.parameters()]
    for _ in range(MAX_PAST + 2):
        run.step()
        run.restart()
    assert all(torch.equal(a, b) for a, b in zip(start, run.trainer.model.parameters()))
    assert len(run.past) == MAX_PAST and run.past[0].label.startswith(f"#{MAX_PAST + 2} ")
    run.restart()  # a run with no epochs is not worth keeping
    assert len(run.past) == MAX_PAST
    run.clear_past()
    assert run.past == []


def test_a_tick_trains_at_most_the_asked_epochs():
    run = LiveRun(SMALL)
    run.tick(2, seconds=10)
    assert run.trainer.epoch == 2 and run.curve()[0].epoch == 0 and len(run.curve()) == 3


def test_the_question_asks_for_the_steps_the_dataloader_really_takes():
    for mode in ("full", "mini", "single"):
        run = LiveRun(replace(SMALL, batch=mode, batch_size=7))
        q = question(run)
        assert q.kind == "steps" and q.answer == str(run.trainer.steps_per_epoch)
        assert q.answer in q.options and len(set(q.options)) == len(q.options) >= 2


def test_the_question_turns_to_divergence_when_the_loss_explodes():
    run = LiveRun(replace(SMALL, dataset="plane", activation="relu", lr=10.0))
    run.trainer.run_epochs(50)
    q = question(run)
    assert q.kind == "diverged" and q.answer == "lower_lr" and q.answer in q.options


def test_overfitting_is_seen_when_validation_rises_while_training_falls():
    config = replace(
        SMALL,
        dataset="xor",
        noise=0.5,
        points=60,
        hidden=(16, 16, 16),
        optimizer="adam",
        lr=0.03,
        batch="full",
    )
    run = LiveRun(config)
    run.trainer.run_epochs(200)
    assert run.overfitting()
    assert question(run).kind == "overfit"
    facts = run.facts()
    assert facts["best_epoch"] == run.trainer.best.epoch and facts["gap"] > 0
