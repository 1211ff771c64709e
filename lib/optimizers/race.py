"""Several optimizers down one surface at once: the same runs as `trajectory`, far less CPU.

A step of a 2-parameter run is almost all fixed cost: a forward and a backward pass of a dozen
tiny ops cost ~300 µs whatever the size of the tensors, and `zero_grad()` and `step()` each pay
tens of µs of Python around a few µs of arithmetic. Racing four optimizers as four runs pays all
of it four times per step. Here every run keeps its own parameter, its own param group and state
in torch.optim and its own noise generator, but
- the live runs' points are stacked into one [n, 2] leaf tensor, the surface is evaluated on it
  once and `torch.autograd.grad` gives every run's gradient as one row of one [n, 2] tensor,
  which becomes that run's `p.grad` (what zero_grad() then backward() would leave there);
- the runs of one class are param groups of one optimizer: one step() call steps them all;
- that call is the class's own `step` (torch/optim/adam.py's, say), without the wrapper
  torch.optim puts around every step() for its profiler: a `record_function` label that only a
  running torch.profiler reads, and the step hooks, of which the app registers none (with any
  hook registered the race calls step() itself). The label cost as much as Adam's arithmetic.
The rows never mix (the surface is elementwise per row and the sum's gradient is 1 for each) and
torch.optim steps each group alone, so each `p.grad` and each recorded number is bit for bit
what `trajectory` gives for that run alone (tests check it, Hypothesis over random races).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import torch
import torch.optim.optimizer as optim_base

from lib.common.errors import InputError
from lib.optimizers.run import (
    MAX_COORD,
    OPTIMIZERS,
    STATE_NAMES,
    Trajectory,
    check_steps,
    make_optimizer,
)
from lib.optimizers.surfaces import MAX_NOISE, check_start, surface_fn


class _Run:
    """One racer: its parameter, its param group, its generator and what it has recorded."""

    def __init__(self, optimizer: str, hyper: dict, start, seed: int | None) -> None:
        self.name = optimizer
        self.p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        # The run's own optimizer checks the settings and fills in torch's defaults; the run then
        # steps as one param group of its class's shared optimizer (see `_optimizers`).
        self.group = make_optimizer(optimizer, [self.p], hyper).param_groups[0]
        # torch.optim takes the single-tensor loop for CPU tensors; named, so it need not decide
        # again at every step
        self.group |= {"foreach": False, "fused": False}
        self.gen = None if seed is None else torch.Generator().manual_seed(seed)
        self.points = [tuple(self.p.tolist())]
        self.losses: list[float] = []
        self.grads: list[tuple[float, float]] = []
        self.states: list[dict[str, tuple[float, float]]] = []
        self.lrs: list[float] = []
        self.diverged: int | None = None

    def result(self, f) -> Trajectory:
        if len(self.losses) < len(self.points):
            with torch.no_grad():
                self.losses.append(f(self.p).item())
        n = len(self.points) - 1
        del self.grads[n:], self.states[n:], self.lrs[n:]
        return Trajectory(
            self.points, self.losses, self.grads, self.states, self.lrs, self.diverged
        )


def trajectories(
    surface: str,
    runs: Sequence[tuple[str, dict]],
    start: tuple[float, float],
    steps: int,
    *,
    kappa: float = 10.0,
    noise: float = 1.0,
    seed: int = 0,
) -> list[Trajectory]:
    """`[trajectory(surface, name, start, steps, kappa=..., noise=..., seed=..., **hyper) for
    name, hyper in runs]` (zero_grad every step, no scheduler), computed together."""
    check_steps(steps)
    f = surface_fn(surface, kappa)
    check_start(surface, start)
    if surface == "noisy" and not 0 <= noise <= MAX_NOISE:
        raise InputError("opt_noise", "noise = {v} is outside 0 to {max}.", v=noise, max=MAX_NOISE)
    racers = [_Run(o, dict(h), start, seed if surface == "noisy" else None) for o, h in runs]
    optimizers, live = _optimizers(racers), list(racers)
    steps_of = [_step_of(o) for o in optimizers]
    for k in range(steps):
        at, clean, live = _losses(f, live, k)
        if not live:
            break
        total = clean.sum()
        if surface == "noisy":  # each run's ε from its own generator, as noise_term draws it
            eps = torch.stack([torch.randn(2, generator=r.gen, dtype=torch.float64) for r in live])
            total = total + (eps * noise * at).sum()
        (grad,) = torch.autograd.grad(total, at)
        for r, g in zip(live, grad):
            r.p.grad = g  # what zero_grad() then backward() would leave there
        lrs = [r.group["lr"] for r in live]
        for step in steps_of:
            step()  # a param group whose p.grad is None is skipped, as torch.optim does
        for r in live:
            r.p.grad = None
        live = [r for r, g, lr in zip(live, grad.tolist(), lrs) if _record(r, g, lr, k)]
    return [r.result(f) for r in racers]


def _optimizers(racers: list[_Run]) -> list[torch.optim.Optimizer]:
    """One optimizer per class, each run one of its param groups: torch.optim steps every group
    by the same rule with that group's own settings and state, so a run's numbers are those of
    its lone optimizer, while the Python around each step() is paid once per class, not per run."""
    by_class: dict[str, list[dict]] = {}
    for r in racers:
        by_class.setdefault(r.name, []).append(r.group)
    optimizers = {name: OPTIMIZERS[name](groups) for name, groups in by_class.items()}
    for r in racers:
        r.state = optimizers[r.name].state
    return list(optimizers.values())


def _step_of(optimizer: torch.optim.Optimizer):
    """`optimizer.step`, minus torch.optim's profiler wrapper when no step hook would run."""
    step = type(optimizer).step
    hooks = (
        optimizer._optimizer_step_pre_hooks,
        optimizer._optimizer_step_post_hooks,
        optim_base._global_optimizer_pre_hooks,
        optim_base._global_optimizer_post_hooks,
    )
    if any(hooks) or not getattr(step, "hooked", False):  # "hooked": torch's mark of its wrapper
        return optimizer.step
    return functools.partial(step.__wrapped__, optimizer)


def _losses(f, live: list[_Run], k: int):
    """The live runs' points as one leaf tensor and the surface there (one forward pass); a run
    whose loss is not finite stops here (the step that led to it gave no usable point), as in
    `follow`."""
    while live:
        with torch.no_grad():
            at = torch.stack([r.p for r in live])
        clean = f(at.requires_grad_())
        values = clean.tolist()
        if all(map(math.isfinite, values)):
            for r, v in zip(live, values):
                r.losses.append(v)
            return at, clean, live
        for r, v in zip(live, values):
            if not math.isfinite(v):
                r.diverged = k - 1
                r.points.pop()
        live = [r for r, v in zip(live, values) if math.isfinite(v)]
    return None, None, live


def _record(r: _Run, grad: list[float], lr: float, k: int) -> bool:
    """What torch holds after step k of one run; False once the run has left the plot."""
    point = tuple(r.p.tolist())
    if not all(math.isfinite(c) and abs(c) <= MAX_COORD for c in point):
        r.diverged = k
        return False
    r.grads.append(tuple(grad))
    state = r.state[r.p]
    r.states.append({n: tuple(t.tolist()) for n, t in state.items() if n in STATE_NAMES})
    r.lrs.append(lr)
    r.points.append(point)
    return True
