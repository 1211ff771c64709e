"""What to notice, chosen from the computed runs: (text key, numbers) pairs for the page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lib.optimizers.checkpoint import Resume
from lib.optimizers.run import Trajectory
from lib.optimizers.surfaces import WINDOWS

Fact = tuple[str, dict]
REACHED = 0.05  # "at the minimum": this close to one (in the surface's own units)


def fmt(v: float) -> str:
    return f"{v:.4g}"


def pair(v) -> str:
    return f"({fmt(v[0])}, {fmt(v[1])})"


def distance(surface: str, point) -> float:
    return min(math.dist(point, m) for m in WINDOWS[surface].minima)


def first_reach(surface: str, run: Trajectory) -> int | None:
    """The first step after which the run is within REACHED of a minimum."""
    return next((k for k, p in enumerate(run.points) if distance(surface, p) < REACHED), None)


def race(surface: str, runs: dict[str, Trajectory]) -> list[Fact]:
    """Who ends closest, and one sentence per diverged run."""
    facts = []
    ends = {name: distance(surface, r.points[-1]) for name, r in runs.items()}
    best = min(ends, key=ends.get)
    r = runs[best]
    facts.append(("n_best", {"name": best, "d": fmt(ends[best]), "k": len(r.points) - 1}))
    for name, r in runs.items():
        if r.diverged_at is not None:
            last = len(r.points) - 1
            facts.append(("n_diverged", {"name": name, "k": r.diverged_at + 1, "last": last}))
    return facts


def at_step(name: str, run: Trajectory, k: int) -> list[Fact]:
    """Step k of one run: is the update exactly −lr·grad (no state), or shaped by the state?"""
    k = min(k, len(run.grads) - 1)
    if k < 0:
        return []
    (x0, y0), (x1, y1) = run.points[k], run.points[k + 1]
    update = (x1 - x0, y1 - y0)
    plain = tuple(-run.lrs[k] * g for g in run.grads[k])
    same = all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15) for a, b in zip(update, plain))
    nums = {"name": name, "k": k, "u": pair(update), "g": pair(plain)}
    if same:
        return [("n_plain", nums)]
    if not run.states[k]:  # nothing kept, yet not −lr·grad: weight_decay added λ·p
        return [("n_wd_step", nums)]
    return [("n_state", nums | {"state": ", ".join(sorted(run.states[k]))})]


def forgotten(right: Trajectory, wrong: Trajectory) -> list[Fact]:
    """How much larger .grad grows when zero_grad() is skipped."""
    k = min(len(right.grads), len(wrong.grads)) - 1
    if k < 0:
        return []
    a, b = math.hypot(*right.grads[k]), math.hypot(*wrong.grads[k])
    key = "n_accumulates" if b > a else "n_accumulates_small"
    return [(key, {"k": k, "right": fmt(a), "wrong": fmt(b)})]


def decay(runs: dict[str, Trajectory], wd: float) -> list[Fact]:
    """Adam vs AdamW with the same λ: coupled vs decoupled weight decay."""
    adam, adamw = runs["Adam"], runs["AdamW"]
    n = min(len(adam.points), len(adamw.points))
    gap = max(math.dist(p, q) for p, q in zip(adam.points[:n], adamw.points[:n]))
    if wd == 0 or gap == 0:
        return [("n_decay_zero", {"gap": fmt(gap)})]
    return [("n_decay", {"wd": fmt(wd), "gap": fmt(gap), "k": n - 1})]


def schedule(name: str, fixed: Trajectory, scheduled: Trajectory) -> list[Fact]:
    lrs = scheduled.lrs or [0.0]
    nums = {"name": name, "first": fmt(lrs[0]), "last": fmt(lrs[-1])}
    nums |= {"low": fmt(scheduled.losses[-1]), "flat": fmt(fixed.losses[-1])}
    key = "n_lower" if scheduled.losses[-1] < fixed.losses[-1] else "n_not_lower"
    return [("n_schedule", nums), (key, nums)]


def resumed(r: Resume) -> list[Fact]:
    same = "n_resume_same" if r.identical else "n_resume_differs"
    fresh = "n_fresh_same" if r.fresh_identical else "n_fresh_differs"
    rng = [("n_rng", {})] if r.rng else []
    return [(same, {"at": r.at}), (fresh, {"gap": fmt(r.fresh_gap)}), *rng]


@dataclass(frozen=True)
class Quiz:
    answer: str | None  # the run that is first within REACHED of a minimum; None: no run is
    why: dict


def quiz(surface: str, runs: dict[str, Trajectory]) -> Quiz:
    """ "Which optimizer reaches the minimum first from here?", decided by the runs themselves."""
    reach = {name: first_reach(surface, r) for name, r in runs.items()}
    got = {name: k for name, k in reach.items() if k is not None}
    answer = min(got, key=got.get) if got else None
    steps = "; ".join(f"{name}: {'—' if k is None else k}" for name, k in reach.items())
    return Quiz(answer, {"steps": steps, "tol": REACHED})


def strict_report(r: Resume) -> str:
    """What load_state_dict(strict=False) returned for the renamed key, as code."""
    return (
        "model.load_state_dict({'module.xy': ...}, strict=False)\n"
        f"# missing_keys={r.missing}, unexpected_keys={r.unexpected}"
    )
