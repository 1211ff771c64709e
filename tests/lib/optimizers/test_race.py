"""trajectories() races several optimizers with one backward pass per step: each run must be
bit for bit the run trajectory() gives alone (itself checked against numpy in test_run.py)."""

import pytest
import torch.optim.optimizer as optim_base
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.optimizers import SURFACES, WINDOWS, trajectories, trajectory

RACERS = [
    ("sgd", {"lr": 0.15}),
    ("sgd", {"lr": 0.02, "momentum": 0.9, "nesterov": True}),
    ("rmsprop", {"lr": 0.05}),
    ("adam", {"lr": 0.1, "weight_decay": 0.01}),
    ("adamw", {"lr": 0.1, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.5}),
    ("sgd", {"lr": 5.0}),  # diverges within a few steps: the others must go on unchanged
]


@pytest.mark.parametrize("surface", list(SURFACES))
def test_each_racer_runs_exactly_as_it_would_alone(surface):
    w = WINDOWS[surface]
    kw = {"noise": 2.0, "seed": 3} if surface == "noisy" else {}
    kw = {"kappa": 40.0} if surface == "quadratic" else kw
    start = (w.x[0], w.y[1]) if surface in ("himmelblau", "beale") else w.start  # a far corner
    together = trajectories(surface, RACERS, start, 40, **kw)
    alone = [trajectory(surface, name, start, 40, **kw, **hyper) for name, hyper in RACERS]
    assert together == alone


LR = st.sampled_from([1e-3, 0.01, 0.05, 0.1, 0.5, 2.0, 5.0])  # the largest diverge on most surfaces
UNIT = st.floats(0.0, 0.95)
HYPER = {
    "sgd": st.fixed_dictionaries(
        {"lr": LR}, optional={"momentum": UNIT, "dampening": UNIT, "weight_decay": UNIT}
    ),
    "adam": st.fixed_dictionaries({"lr": LR}, optional={"weight_decay": UNIT}),
    "adamw": st.fixed_dictionaries({"lr": LR}, optional={"weight_decay": UNIT}),
    "rmsprop": st.fixed_dictionaries({"lr": LR}, optional={"momentum": UNIT, "alpha": UNIT}),
    "adagrad": st.fixed_dictionaries({"lr": LR}, optional={"weight_decay": UNIT}),
}
# Up to five racers, several of one class (they share one optimizer as param groups)
RACE = st.lists(
    st.sampled_from(list(HYPER)).flatmap(lambda o: st.tuples(st.just(o), HYPER[o])),
    min_size=1,
    max_size=5,
)


@settings(max_examples=12)
@given(RACE, st.sampled_from(list(SURFACES)), st.floats(0, 1), st.floats(0, 1))
def test_any_race_gives_each_run_its_lone_numbers(racers, surface, u, v):
    w = WINDOWS[surface]
    start = (w.x[0] + u * (w.x[1] - w.x[0]), w.y[0] + v * (w.y[1] - w.y[0]))
    together = trajectories(surface, racers, start, 8, noise=1.5, seed=7)
    alone = [trajectory(surface, o, start, 8, noise=1.5, seed=7, **h) for o, h in racers]
    assert together == alone


def test_a_run_that_leaves_the_plot_stops_where_it_would_alone():
    (fast,) = trajectories("himmelblau", [("sgd", {"lr": 5.0})], (0.0, 0.0), 50)
    assert fast.diverged_at is not None and len(fast.points) < 50
    assert fast == trajectory("himmelblau", "sgd", (0.0, 0.0), 50, lr=5.0)


def test_bad_settings_are_refused_before_any_step():
    with pytest.raises(InputError):
        trajectories("himmelblau", RACERS, (9.0, 0.0), 10)
    with pytest.raises(InputError):
        trajectories("himmelblau", RACERS, (0.0, 0.0), 10_000)


def test_the_race_still_runs_a_registered_step_hook_once_per_class_and_step():
    # The race skips torch.optim's profiler wrapper only while no step hook would run in it.
    seen = []
    hook = optim_base.register_optimizer_step_pre_hook(lambda o, *_: seen.append(type(o).__name__))
    try:
        trajectories("himmelblau", RACERS[:4], (0.0, 0.0), 3)
    finally:
        hook.remove()
    assert seen == ["SGD", "RMSprop", "Adam"] * 3
