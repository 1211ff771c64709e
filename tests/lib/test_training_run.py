"""One student's live run: hot settings, fresh runs kept for comparison, questions from the run."""

import threading
import time
from dataclasses import replace

import torch

from lib.training import TrainConfig
from lib.training.engine import Trainer
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


class _Inside:
    """Counts the threads inside the trainer at once (each stays a moment, so that an unguarded
    second thread is sure to arrive while the first is still there)."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.lock = threading.Lock()

    def wrap(self, method):
        def probed(*args, **kw):
            with self.lock:
                self.now += 1
                self.most = max(self.most, self.now)
            try:
                time.sleep(0.001)
                return method(*args, **kw)
            finally:
                with self.lock:
                    self.now -= 1

        return probed


def test_overlapping_reruns_of_one_session_never_train_its_run_at_once(monkeypatch):
    """Issue 13: with fast reruns two script threads of ONE session tick, step and draw the same
    LiveRun together; unguarded, that corrupts autograd or kills the process. Eight threads
    released together by a barrier hammer one run; torch is entered by one thread at a time, no
    call fails, and the history is exactly what one thread training alone records."""
    inside = _Inside()
    for name in ("_step", "grid", "neurons", "_evaluate"):
        monkeypatch.setattr(Trainer, name, inside.wrap(getattr(Trainer, name)))
    config = replace(SMALL, batch="mini", batch_size=10)
    run = LiveRun(config)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def student(k: int) -> None:
        start.wait()
        try:
            for _ in range(4):
                if k % 3 == 0:
                    run.step()
                elif k % 3 == 1:
                    run.tick(1, seconds=0.01)
                else:
                    run.pictures()
        except BaseException as err:  # noqa: BLE001  (the assertion below reports it)
            errors.append(err)

    threads = [threading.Thread(target=student, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not errors, errors
    assert inside.most == 1, f"{inside.most} threads were inside one trainer at once"
    done = run.trainer.epoch
    assert done >= 3 * 4  # the three Step threads' twelve epochs at least (ticks add more)
    alone = Trainer(config)
    alone.run_epochs(done)
    assert [r.epoch for r in run.trainer.history] == list(range(1, done + 1))
    assert run.trainer.history == alone.history


def test_a_tick_skips_while_another_thread_holds_the_run_and_a_step_waits_for_it():
    run = LiveRun(SMALL)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with run._held(1.0):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    assert run.tick(5, seconds=5) is False and run.trainer.epoch == 0
    stepper = threading.Thread(target=run.step)
    stepper.start()
    time.sleep(0.05)
    assert run.trainer.epoch == 0  # waiting, not training beside the holder
    release.set()
    stepper.join(10)
    holder.join(10)
    assert run.trainer.epoch == 1
