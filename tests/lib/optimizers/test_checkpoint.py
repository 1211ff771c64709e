"""The checkpoint round trip against a plain training loop written here with torch itself."""

import pytest
import torch

from lib.common.errors import InputError
from lib.optimizers import SURFACES, resume_matches


def uninterrupted(name, Optimizer, start, steps, **hyper):
    """The loop a student writes, never stopped: the reference for 'bit for bit'."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = Optimizer([p], **hyper)
    path = [tuple(p.tolist())]
    for _ in range(steps):
        optimizer.zero_grad()
        SURFACES[name](p).backward()
        optimizer.step()
        path.append(tuple(p.tolist()))
    return torch.tensor(path, dtype=torch.float64)


@pytest.mark.parametrize(
    ("name", "Optimizer", "hyper"),
    [
        ("adam", torch.optim.Adam, {"lr": 0.05}),
        ("sgd", torch.optim.SGD, {"lr": 0.001, "momentum": 0.9, "nesterov": True}),
        ("rmsprop", torch.optim.RMSprop, {"lr": 0.01}),
    ],
)
def test_a_resumed_run_is_the_uninterrupted_one_bit_for_bit_and_weights_alone_are_not(
    name, Optimizer, hyper
):
    r = resume_matches("rosenbrock", name, (-1.5, 2.0), 60, 25, **hyper)
    reference = uninterrupted("rosenbrock", Optimizer, (-1.5, 2.0), 60, **hyper)
    resumed = torch.tensor(r.resumed.points, dtype=torch.float64)
    assert torch.equal(resumed, reference) and r.identical
    fresh = torch.tensor(r.weights_only.points, dtype=torch.float64)
    assert torch.equal(fresh[:26], reference[:26])  # the same until the checkpoint
    assert not torch.equal(fresh, reference) and not r.fresh_identical
    assert r.fresh_gap == pytest.approx((fresh - reference).abs().max().item())


def test_plain_sgd_keeps_no_state_so_its_weights_are_the_whole_checkpoint():
    r = resume_matches("quadratic", "sgd", (2.0, 1.0), 30, 10, lr=0.05)
    assert r.identical and r.fresh_identical and r.fresh_gap == 0.0
    assert [k for k in r.optimizer_keys if k.startswith("state.")] == []


def test_the_state_dicts_hold_the_keys_and_shapes_torch_saves():
    r = resume_matches("beale", "adam", (1.0, 1.5), 20, 5, lr=0.01)
    assert r.model_keys == {"xy": [2]}
    assert r.optimizer_keys["state.0.exp_avg"] == [2]
    assert r.optimizer_keys["state.0.exp_avg_sq"] == [2]
    assert r.optimizer_keys["state.0.step"] == []
    assert r.optimizer_keys["param_groups.0.lr"] == "0.01"
    assert r.nbytes > 0


def test_strict_false_reports_the_data_parallel_prefix_as_missing_and_unexpected():
    r = resume_matches("quadratic", "adam", (2.0, 1.0), 10, 5, lr=0.1)
    assert r.missing == ["xy"] and r.unexpected == ["module.xy"]


@pytest.mark.parametrize("at", [0, 10, -1])
def test_a_checkpoint_outside_the_run_is_one_input_error(at):
    with pytest.raises(InputError):
        resume_matches("quadratic", "adam", (2.0, 1.0), 10, at, lr=0.1)


def test_a_one_step_run_has_no_middle_to_checkpoint():
    with pytest.raises(InputError) as err:
        resume_matches("quadratic", "adam", (2.0, 1.0), 1, 1, lr=0.1)
    assert err.value.key == "opt_short"
