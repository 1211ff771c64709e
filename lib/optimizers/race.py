"""Several optimizers down one surface at once: the same runs as `trajectory`, a quarter the CPU.

A step of a 2-parameter run is almost all fixed cost: one forward and one backward pass of a
dozen tiny ops cost ~300 µs, whatever the size of the tensors. Racing four optimizers as four
runs pays it four times per step. Here every run keeps its own parameter, its own torch.optim
optimizer and its own noise generator, but the surface is evaluated on the parameters stacked
into one [n, 2] tensor and differentiated with one backward pass. The rows never mix (the
surface is elementwise per row and the sum's gradient is 1 for each), so each `p.grad` and each
recorded number is bit for bit what `trajectory` gives for that run alone (tests check it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from lib.common.errors import InputError
from lib.optimizers.run import (
    MAX_COORD,
    STATE_NAMES,
    Trajectory,
    check_steps,
    make_optimizer,
)
from lib.optimizers.surfaces import MAX_NOISE, check_start, noise_term, surface_fn


class _Run:
    """One racer: its parameter, optimizer, generator and what it has recorded so far."""

    def __init__(self, optimizer: str, hyper: dict, start, seed: int | None) -> None:
        self.p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        self.opt = make_optimizer(optimizer, [self.p], hyper)
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
    live = list(racers)
    for k in range(steps):
        for r in live:
            r.opt.zero_grad()
        clean, live = _losses(f, live, k)
        if not live:
            break
        total = clean.sum()
        for r in live:
            if r.gen is not None:
                total = total + noise_term(r.p, noise, r.gen)
        total.backward()
        live = [r for r in live if _step(r, k)]
    return [r.result(f) for r in racers]


def _losses(f, live: list[_Run], k: int) -> tuple[torch.Tensor | None, list[_Run]]:
    """The surface at every live run's point, one forward pass; a run whose loss is not finite
    stops here (the step that led to it gave no usable point), as in `follow`."""
    while live:
        clean = f(torch.stack([r.p for r in live]))
        values = clean.tolist()
        if all(map(math.isfinite, values)):
            for r, v in zip(live, values):
                r.losses.append(v)
            return clean, live
        for r, v in zip(live, values):
            if not math.isfinite(v):
                r.diverged = k - 1
                r.points.pop()
        live = [r for r, v in zip(live, values) if math.isfinite(v)]
    return None, live


def _step(r: _Run, k: int) -> bool:
    """optimizer.step() for one run and its record; False once the run has left the plot."""
    lr = r.opt.param_groups[0]["lr"]
    r.opt.step()
    point = tuple(r.p.tolist())
    if not all(math.isfinite(c) and abs(c) <= MAX_COORD for c in point):
        r.diverged = k
        return False
    r.grads.append(tuple(r.p.grad.tolist()))
    state = r.opt.state[r.p]
    r.states.append({n: tuple(t.tolist()) for n, t in state.items() if n in STATE_NAMES})
    r.lrs.append(lr)
    r.points.append(point)
    return True
