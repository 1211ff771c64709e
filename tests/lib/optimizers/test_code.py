"""The code panel's program, run in a fresh namespace, draws the same paths as the page."""

import contextlib
import io

import pytest

from lib.optimizers import snippet, trajectory

RUNS = {
    "1 · SGD": ("sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    "2 · AdamW": ("adamw", {"lr": 0.1, "betas": (0.8, 0.99), "weight_decay": 0.5}),
}


@pytest.mark.parametrize(
    ("surface", "extra"),
    [("quadratic", {"kappa": 30.0}), ("noisy", {"noise": 2.0, "seed": 7}), ("rosenbrock", {})],
)
def test_the_snippet_reproduces_every_path_bit_for_bit(surface, extra):
    code = snippet(surface, RUNS, (-1.0, 1.0), 40, **extra)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(code, namespace)
    for label, (name, hyper) in RUNS.items():
        run = trajectory(surface, name, (-1.0, 1.0), 40, **extra, **hyper)
        assert namespace["paths"][label] == run.points
    assert out.getvalue().count("ends at") == len(RUNS)
