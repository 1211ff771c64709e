"""A checkpoint mid-run: state_dicts through torch.save / torch.load, and what resuming needs."""

from __future__ import annotations

import io
from dataclasses import dataclass

import torch
from torch import nn

from lib.common.errors import InputError
from lib.optimizers.run import Trajectory, check_steps, follow, make_optimizer
from lib.optimizers.surfaces import check_start, surface_fn

RESUME_RUNS = ("straight", "resumed", "weights_only")


class Point(nn.Module):
    """The smallest model: its one parameter is the point on the surface."""

    def __init__(self, start: tuple[float, float]) -> None:
        super().__init__()
        self.xy = nn.Parameter(torch.tensor(start, dtype=torch.float64))


@dataclass(frozen=True)
class Resume:
    """Three runs of the same length: uninterrupted, resumed from the checkpoint, and resumed
    with the model's weights only (a fresh optimizer)."""

    straight: Trajectory
    resumed: Trajectory
    weights_only: Trajectory
    at: int
    identical: bool  # resumed == straight, bit for bit (torch.equal on every point)
    fresh_identical: bool  # the same for the run without the optimizer's state
    fresh_gap: float  # largest |difference| of a coordinate, weights-only run vs straight
    nbytes: int  # size of the torch.save buffer
    model_keys: dict[str, list[int]]  # key -> shape
    optimizer_keys: dict[
        str, list[int] | str
    ]  # "state.0.exp_avg" -> shape, "param_groups.0.lr" -> value
    missing: list[str]  # load_state_dict(strict=False) with the key renamed "module.xy"
    unexpected: list[str]
    rng: bool = False  # the checkpoint also carries the noise generator's state


def _flat(d, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= _flat(value, f"{name}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out |= _flat(dict(enumerate(value)), f"{name}.")
        elif isinstance(value, torch.Tensor):
            out[name] = list(value.shape)
        else:
            out[name] = repr(value)
    return out


def _rng(saved: dict, noise: float) -> dict:
    """The noisy bowl's generator, restored from the checkpoint (nothing for the others)."""
    if "rng" not in saved:
        return {}
    gen = torch.Generator()
    gen.set_state(saved["rng"])
    return {"gen": gen, "noise": noise}


def _joined(a: Trajectory, b: Trajectory) -> Trajectory:
    """The first run's points up to the checkpoint, then the second's after it."""
    return Trajectory(a.points + b.points[1:], a.losses + b.losses[1:], diverged_at=b.diverged_at)


def _same(a: Trajectory, b: Trajectory) -> bool:
    return len(a.points) == len(b.points) and torch.equal(
        torch.tensor(a.points, dtype=torch.float64), torch.tensor(b.points, dtype=torch.float64)
    )


def resume_matches(
    surface: str,
    optimizer: str,
    start: tuple[float, float],
    steps: int,
    at: int,
    *,
    kappa: float = 10.0,
    noise: float = 1.0,
    seed: int = 0,
    **hyper,
) -> Resume:
    """Save {model, optimizer} after `at` steps to a bytes buffer, load it into fresh objects
    (weights_only=True) and run on; compare with the run that never stopped. On the noisy bowl
    the generator's state is saved too: the noise after the checkpoint must be the same noise."""
    check_steps(steps)
    if steps < 2:
        raise InputError("opt_short", "A checkpoint needs a run of at least 2 steps.")
    if not 1 <= at < steps:
        raise InputError(
            "opt_at", "A checkpoint at step {at} is outside 1 to {max}.", at=at, max=steps - 1
        )
    f = surface_fn(surface, kappa)
    check_start(surface, start)

    noisy = surface == "noisy"

    def generator():
        return torch.Generator().manual_seed(seed) if noisy else None

    model = Point(start)
    opt = make_optimizer(optimizer, model.parameters(), hyper)
    straight = follow(model.xy, opt, f, steps, gen=generator(), noise=noise)

    model, gen = Point(start), generator()
    opt = make_optimizer(optimizer, model.parameters(), hyper)
    before = follow(model.xy, opt, f, at, gen=gen, noise=noise)
    buffer = io.BytesIO()
    state = {"model": model.state_dict(), "optimizer": opt.state_dict()}
    torch.save(state | ({"rng": gen.get_state()} if noisy else {}), buffer)
    nbytes = buffer.tell()
    buffer.seek(0)
    saved = torch.load(buffer, weights_only=True)
    model_keys = _flat(saved["model"])
    optimizer_keys = _flat(saved["optimizer"])

    fresh = Point(start)  # the start is overwritten by the checkpoint's weights
    fresh.load_state_dict(saved["model"])
    fresh_opt = make_optimizer(optimizer, fresh.parameters(), hyper)
    fresh_opt.load_state_dict(saved["optimizer"])
    resumed = _joined(before, follow(fresh.xy, fresh_opt, f, steps - at, **_rng(saved, noise)))

    bare = Point(start)
    bare.load_state_dict(saved["model"])
    bare_opt = make_optimizer(optimizer, bare.parameters(), hyper)
    weights_only = _joined(before, follow(bare.xy, bare_opt, f, steps - at, **_rng(saved, noise)))

    renamed = {"module." + k: v for k, v in saved["model"].items()}  # nn.DataParallel's prefix
    report = Point(start).load_state_dict(renamed, strict=False)
    n = min(len(weights_only.points), len(straight.points))
    gap = max(
        (
            abs(a - b)
            for p, q in zip(weights_only.points[:n], straight.points[:n])
            for a, b in zip(p, q)
        ),
        default=0.0,
    )
    return Resume(
        straight,
        resumed,
        weights_only,
        at,
        _same(resumed, straight),
        _same(weights_only, straight),
        gap,
        nbytes,
        model_keys,
        optimizer_keys,
        list(report.missing_keys),
        list(report.unexpected_keys),
        noisy,
    )
