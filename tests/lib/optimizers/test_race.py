"""trajectories() races several optimizers with one backward pass per step: each run must be
bit for bit the run trajectory() gives alone (itself checked against numpy in test_run.py)."""

import pytest

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


def test_a_run_that_leaves_the_plot_stops_where_it_would_alone():
    (fast,) = trajectories("himmelblau", [("sgd", {"lr": 5.0})], (0.0, 0.0), 50)
    assert fast.diverged_at is not None and len(fast.points) < 50
    assert fast == trajectory("himmelblau", "sgd", (0.0, 0.0), 50, lr=5.0)


def test_bad_settings_are_refused_before_any_step():
    with pytest.raises(InputError):
        trajectories("himmelblau", RACERS, (9.0, 0.0), 10)
    with pytest.raises(InputError):
        trajectories("himmelblau", RACERS, (0.0, 0.0), 10_000)
