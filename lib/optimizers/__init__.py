"""Optimizers on a 2-D loss surface: real torch.optim runs, their state, schedules, checkpoints."""

from lib.optimizers.checkpoint import RESUME_RUNS, Resume, resume_matches
from lib.optimizers.code import snippet
from lib.optimizers.race import trajectories
from lib.optimizers.run import (
    DECAYS,
    HYPER,
    MAX_LR,
    MAX_STEPS,
    OPTIMIZERS,
    SCHEDULES,
    STATE_NAMES,
    Trajectory,
    trajectory,
)
from lib.optimizers.surfaces import (
    MAX_KAPPA,
    MAX_NOISE,
    SURFACES,
    WINDOWS,
    Grid,
    Window,
    grid,
)

__all__ = [
    "DECAYS",
    "RESUME_RUNS",
    "HYPER",
    "MAX_KAPPA",
    "MAX_LR",
    "MAX_NOISE",
    "MAX_STEPS",
    "OPTIMIZERS",
    "SCHEDULES",
    "STATE_NAMES",
    "SURFACES",
    "WINDOWS",
    "Grid",
    "Resume",
    "Trajectory",
    "Window",
    "grid",
    "resume_matches",
    "snippet",
    "trajectories",
    "trajectory",
]
