"""Seeded 2-D data sets for the training page: TensorFlow Playground's, plus moons and blobs.

Every generator is a short, self-contained function `(n, noise, g) -> (x, y)` that draws only from
the torch.Generator it is given, so the exported script can carry its source word for word.
Points live in the square [-6, 6]²; `noise` (0 to 0.5) jitters them, or their targets in the
regression sets, by up to that fraction of each set's own scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from lib.common.errors import InputError

LIMIT = 6.0  # the square every picture shows: [-LIMIT, LIMIT]²
MIN_POINTS, MAX_POINTS = 20, 1000
MAX_NOISE = 0.5
MIN_CLASSES, MAX_CLASSES = 3, 6
MIN_VAL, MAX_VAL = 0.1, 0.9
MAX_SEED = 2**31 - 1


def circle(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5."""
    inner = n // 2
    radius = torch.cat(
        [torch.rand(inner, generator=g) * 2.5, 3.5 + torch.rand(n - inner, generator=g) * 1.5]
    )
    angle = torch.rand(n, generator=g) * 2 * math.pi
    x = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    x = x + noise * 5 * (torch.rand(n, 2, generator=g) * 2 - 1)
    y = (torch.arange(n) < inner).long()
    return x, y


def xor(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Class 1 where x1 and x2 have the same sign; the label comes from the point before noise."""
    x = torch.rand(n, 2, generator=g) * 10 - 5
    x = x + 0.3 * torch.sign(x)  # a small gap along both axes
    y = (x[:, 0] * x[:, 1] > 0).long()
    x = x + noise * 5 * (torch.rand(n, 2, generator=g) * 2 - 1)
    return x, y


def gaussians(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two round clouds around (2, 2) (class 1) and (-2, -2) (class 0); noise widens them."""
    y = (torch.arange(n) < n // 2).long()
    centre = (y.float() * 4 - 2).unsqueeze(1).expand(n, 2)
    x = centre + torch.randn(n, 2, generator=g) * (0.7 + 2.6 * noise)
    return x, y


def spiral(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two arms winding 1.75 turns out to radius 5, half a turn apart."""
    y = (torch.arange(n) < n // 2).long()
    s = torch.rand(n, generator=g)  # how far along its arm each point sits
    angle = 3.5 * math.pi * s + math.pi * (1 - y)
    x = torch.stack([5 * s * torch.cos(angle), 5 * s * torch.sin(angle)], dim=1)
    x = x + noise * 2 * (torch.rand(n, 2, generator=g) * 2 - 1)
    return x, y


def moons(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interlocking half circles (scikit-learn's make_moons, scaled to the square)."""
    y = (torch.arange(n) < n // 2).long()
    t = torch.rand(n, generator=g) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
    x = torch.where(y.unsqueeze(1) == 0, upper, lower)
    x = (x - torch.tensor([0.5, 0.25])) * 3
    x = x + torch.randn(n, 2, generator=g) * noise * 2
    return x, y


def blobs(
    n: int, noise: float, g: torch.Generator, classes: int = 3
) -> tuple[torch.Tensor, torch.Tensor]:
    """`classes` round clouds evenly spaced on a circle of radius 3.5: one per class."""
    y = torch.arange(n) % classes
    angle = 2 * math.pi * y.float() / classes + math.pi / 2
    centre = 3.5 * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    x = centre + torch.randn(n, 2, generator=g) * (0.6 + 2.4 * noise)
    return x, y


def plane(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Regression: the tilted plane y = (x1 + x2) / 10, plus noise on the target."""
    x = torch.rand(n, 2, generator=g) * 12 - 6
    y = (x[:, 0] + x[:, 1]) / 10 + noise * (torch.rand(n, generator=g) * 2 - 1)
    return x, y.unsqueeze(1)


def sine(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Regression: the egg-box surface y = (sin x1 + sin x2) / 2, plus noise on the target."""
    x = torch.rand(n, 2, generator=g) * 12 - 6
    y = (torch.sin(x[:, 0]) + torch.sin(x[:, 1])) / 2 + noise * (torch.rand(n, generator=g) * 2 - 1)
    return x, y.unsqueeze(1)


GENERATORS: dict[str, Callable[..., tuple[torch.Tensor, torch.Tensor]]] = {
    "circle": circle,
    "xor": xor,
    "gaussians": gaussians,
    "spiral": spiral,
    "moons": moons,
    "blobs": blobs,
    "plane": plane,
    "sine": sine,
}
REGRESSION = ("plane", "sine")
DATASETS = tuple(GENERATORS)


def train_size(points: int, val_fraction: float) -> int:
    """How many of `points` split() keeps for training (its rule: at least one held out, at
    least one kept; split's own source goes into the exported script, so it cannot call this)."""
    return points - min(max(round(points * val_fraction), 1), points - 1)


def split(
    x: torch.Tensor, y: torch.Tensor, val_fraction: float, g: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Shuffle once, then hold out the first `val_fraction` of the points for validation."""
    order = torch.randperm(len(x), generator=g)
    n_val = min(max(round(len(x) * val_fraction), 1), len(x) - 1)
    val, train = order[:n_val], order[n_val:]
    return x[train], y[train], x[val], y[val]


@dataclass(frozen=True)
class Split:
    """One data set, split: tensors as the model sees them, before any input features."""

    x_train: torch.Tensor  # [n_train, 2] float32
    y_train: torch.Tensor  # [n_train] int64 class, or [n_train, 1] float32 target
    x_val: torch.Tensor
    y_val: torch.Tensor
    task: str  # "binary" | "multiclass" | "regression"
    classes: int  # 1 for regression: the model's output width


def task_of(name: str, classes: int = 3) -> tuple[str, int]:
    """("binary", 2), ("multiclass", classes) or ("regression", 1) for a data set's name."""
    if name in REGRESSION:
        return "regression", 1
    return ("multiclass", classes) if name == "blobs" else ("binary", 2)


def check(
    name: str, points: int, noise: float, val_fraction: float, classes: int, seed: int
) -> None:
    """Refuse, in one sentence, anything outside the bounds above: before anything is drawn."""
    if name not in GENERATORS:
        raise InputError(
            "tr_dataset", "{name!r} is not one of the data sets on this page.", name=name
        )
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise InputError(
            "tr_points", "Use {lo} to {hi} points, not {n}.", lo=MIN_POINTS, hi=MAX_POINTS, n=points
        )
    if not 0 <= noise <= MAX_NOISE:
        raise InputError(
            "tr_noise", "Noise must be between 0 and {hi}, not {x}.", hi=MAX_NOISE, x=noise
        )
    if not MIN_VAL <= val_fraction <= MAX_VAL:
        raise InputError(
            "tr_val",
            "Hold out between {lo:.0%} and {hi:.0%} for validation.",
            lo=MIN_VAL,
            hi=MAX_VAL,
        )
    if not MIN_CLASSES <= classes <= MAX_CLASSES:
        raise InputError(
            "tr_classes",
            "Use {lo} to {hi} classes, not {n}.",
            lo=MIN_CLASSES,
            hi=MAX_CLASSES,
            n=classes,
        )
    if not 0 <= seed <= MAX_SEED:
        raise InputError("tr_seed", "The seed must be a whole number from 0 to {hi}.", hi=MAX_SEED)


def make_split(
    name: str, points: int, noise: float, val_fraction: float, seed: int, classes: int = 3
) -> Split:
    """The data set `name`, drawn and split with one generator seeded from `seed`."""
    check(name, points, noise, val_fraction, classes, seed)
    g = torch.Generator().manual_seed(seed)
    extra = {"classes": classes} if name == "blobs" else {}
    x, y = GENERATORS[name](points, noise, g, **extra)
    task, width = task_of(name, classes)
    return Split(*split(x, y, val_fraction, g), task=task, classes=width)


def next_seed(seed: int) -> int:
    """The 'new seed' button: a different, reproducible seed (a step of a 31-bit LCG)."""
    return (seed * 1103515245 + 12345) % (MAX_SEED + 1)
