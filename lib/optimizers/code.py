"""The runnable PyTorch code for the race on the page: the same surface, optimizers and loop."""

from __future__ import annotations

import inspect

from lib.optimizers import surfaces
from lib.optimizers.run import MAX_COORD, OPTIMIZERS

CLASS = {name: cls.__name__ for name, cls in OPTIMIZERS.items()}


def snippet(
    surface: str,
    runs: dict[str, tuple[str, dict]],
    start: tuple[float, float],
    steps: int,
    *,
    kappa: float = 10.0,
    noise: float = 1.0,
    seed: int = 0,
) -> str:
    """Code whose `paths` (label -> list of points) are the page's trajectories."""
    fn = getattr(surfaces, surface)
    source = inspect.getsource(fn)
    if surface == "quadratic":
        call, extra = f"quadratic(p, kappa={kappa!r})", ""
    else:
        call, extra = f"{surface}(p)", ""
    if surface == "noisy":
        extra = inspect.getsource(surfaces.noise_term)
        step_loss = f"loss = {call} + noise_term(p, {noise!r}, g)"
        gen = f"    g = torch.Generator().manual_seed({seed})  # the same noise for every run\n"
    else:
        step_loss, gen = f"loss = {call}", ""
    table = "\n".join(
        f"    {label!r}: (torch.optim.{CLASS[name]}, {hyper!r}),"
        for label, (name, hyper) in runs.items()
    )
    return f"""import math

import torch

{source}
{extra}
start, steps = {start!r}, {steps}
runs = {{
{table}
}}
paths = {{}}
for label, (Optimizer, hyper) in runs.items():
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = Optimizer([p], **hyper)
{gen}    path = [tuple(p.tolist())]
    for step in range(steps):
        optimizer.zero_grad()  # without it, .grad adds up over the steps
        {step_loss}
        loss.backward()
        optimizer.step()
        point = tuple(p.tolist())
        if not all(math.isfinite(c) and abs(c) <= {MAX_COORD:g} for c in point):
            break  # diverged: keep the last finite point
        path.append(point)
    paths[label] = path
    state = {{k: v.tolist() for k, v in optimizer.state[p].items()}}
    print(label, "ends at", path[-1], "after", len(path) - 1, "steps; state:", state)
"""
