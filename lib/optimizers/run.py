"""One optimizer's run down a surface with real torch.optim: points, gradients, optimizer.state.

The loop is the one every PyTorch training script has: zero_grad(), loss, backward(), step(),
and (if any) scheduler.step(). Everything recorded is read back from torch: `p.grad`,
`optimizer.state[p]`, `optimizer.param_groups[0]["lr"]`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from lib.common.errors import InputError
from lib.optimizers.surfaces import MAX_NOISE, check_start, noise_term, surface_fn

MAX_STEPS = 500
MAX_LR = 100.0
MAX_COORD = 1e6  # a run past this is called diverged: it has left every plot for good

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}
# The keyword arguments a page may set, per optimizer (all are torch.optim's own names).
HYPER = {
    "sgd": ("lr", "momentum", "dampening", "nesterov", "weight_decay"),
    "adam": ("lr", "betas", "eps", "weight_decay"),
    "adamw": ("lr", "betas", "eps", "weight_decay"),
    "rmsprop": ("lr", "alpha", "eps", "momentum", "weight_decay"),
    "adagrad": ("lr", "eps", "weight_decay"),
}
DECAYS = ("SGD", "Adam", "AdamW")  # one λ, three ways of applying it
SCHEDULES = ("none", "StepLR", "CosineAnnealingLR", "OneCycleLR")
# The tensors torch keeps per parameter; "step" is a counter, not a vector.
STATE_NAMES = ("momentum_buffer", "exp_avg", "exp_avg_sq", "square_avg", "sum")


@dataclass(frozen=True)
class Trajectory:
    """`points[k]` is the parameter after k steps; `grads[k]`, `states[k]`, `lrs[k]` belong to
    step k (from points[k] to points[k + 1]). A diverged run stops at its last finite point."""

    points: list[tuple[float, float]]
    losses: list[float]
    grads: list[tuple[float, float]] = field(default_factory=list)
    states: list[dict[str, tuple[float, float]]] = field(default_factory=list)
    lrs: list[float] = field(default_factory=list)
    diverged_at: int | None = None  # the step whose result was not finite (or beyond MAX_COORD)


def make_optimizer(name: str, params, hyper: dict) -> torch.optim.Optimizer:
    """torch.optim's optimizer; its own ValueError (e.g. nesterov without momentum) is said
    as one sentence."""
    if name not in OPTIMIZERS:
        raise InputError("opt_name", "{name!r} is not one of the optimizers.", name=name)
    extra = sorted(set(hyper) - set(HYPER[name]))
    if extra:
        raise InputError("opt_extra", "{name} takes no {keys}.", name=name, keys=", ".join(extra))
    lr = hyper.get("lr", 1e-3)
    if not (isinstance(lr, int | float) and 0 < lr <= MAX_LR):
        raise InputError("opt_lr", "lr = {lr} is outside (0, {max}].", lr=lr, max=MAX_LR)
    try:
        return OPTIMIZERS[name](params, **hyper)
    except (ValueError, TypeError) as err:
        raise InputError(
            "opt_torch", "torch.optim rejects this {name}: {why}", name=name, why=err
        ) from err


def make_schedule(name: str, optimizer: torch.optim.Optimizer, steps: int):
    """The scheduler with the settings the page explains: halve every quarter of the run, a
    cosine to 0 over the run, or one cycle peaking at the chosen lr (only lr moves)."""
    lr, lrs = optimizer.param_groups[0]["lr"], torch.optim.lr_scheduler
    if name == "StepLR":
        return lrs.StepLR(optimizer, step_size=max(1, steps // 4), gamma=0.5)
    if name == "CosineAnnealingLR":
        return lrs.CosineAnnealingLR(optimizer, T_max=steps)
    if name == "OneCycleLR":
        return lrs.OneCycleLR(optimizer, max_lr=lr, total_steps=steps, cycle_momentum=False)
    if name != "none":
        raise InputError("opt_schedule", "{name!r} is not one of the schedulers.", name=name)
    return None


def check_steps(steps: int) -> None:
    if not (isinstance(steps, int) and 1 <= steps <= MAX_STEPS):
        raise InputError(
            "opt_steps", "{steps} steps is outside 1 to {max}.", steps=steps, max=MAX_STEPS
        )


def trajectory(
    surface: str,
    optimizer: str,
    start: tuple[float, float],
    steps: int,
    zero_grad: bool = True,
    *,
    kappa: float = 10.0,
    noise: float = 1.0,
    seed: int = 0,
    schedule: str = "none",
    **hyper,
) -> Trajectory:
    """Run `steps` steps of torch.optim's `optimizer` on SURFACES[surface] from `start`, in
    float64. `hyper` are the optimizer's keyword arguments; `kappa` shapes the quadratic bowl,
    `noise` and `seed` the noisy bowl's gradient noise (its own torch.Generator)."""
    check_steps(steps)
    f = surface_fn(surface, kappa)
    check_start(surface, start)
    if surface == "noisy" and not 0 <= noise <= MAX_NOISE:
        raise InputError("opt_noise", "noise = {v} is outside 0 to {max}.", v=noise, max=MAX_NOISE)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(optimizer, [p], hyper)
    sched = make_schedule(schedule, opt, steps)
    gen = torch.Generator().manual_seed(seed) if surface == "noisy" else None
    return follow(p, opt, f, steps, zero_grad, sched, gen, noise)


def follow(p, opt, f, steps, zero_grad=True, sched=None, gen=None, noise=0.0) -> Trajectory:
    """The training loop itself, recording what torch holds after each step. The loss at a
    point is the forward pass of the step that leaves it (one forward per step)."""
    points, losses, grads, states, lrs = [tuple(p.tolist())], [], [], [], []
    diverged = None
    for k in range(steps):
        if zero_grad:
            opt.zero_grad()
        clean = f(p)
        if not math.isfinite(value := clean.item()):
            diverged = k - 1  # the step that led here did not give a usable point
            points.pop()
            break
        losses.append(value)
        (clean if gen is None else clean + noise_term(p, noise, gen)).backward()
        lr = opt.param_groups[0]["lr"]
        opt.step()
        if sched is not None:
            sched.step()
        point = tuple(p.tolist())
        if not all(math.isfinite(c) and abs(c) <= MAX_COORD for c in point):
            diverged = k
            break
        grads.append(tuple(p.grad.tolist()))
        states.append({n: tuple(t.tolist()) for n, t in opt.state[p].items() if n in STATE_NAMES})
        lrs.append(lr)
        points.append(point)
    if len(losses) < len(points):
        with torch.no_grad():
            losses.append(f(p).item())
    del grads[len(points) - 1 :], states[len(points) - 1 :], lrs[len(points) - 1 :]
    return Trajectory(points, losses, grads, states, lrs, diverged)
