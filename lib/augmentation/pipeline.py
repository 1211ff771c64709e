"""A chain of random augmentations applied to one image, N times, from one seed.

Every sample remembers, for every step, whether its coin fired and the arguments drawn: the
page shows them beside each picture, and the code panel replays them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import torch

from lib.augmentation import transforms as augment
from lib.augmentation.table import TRANSFORMS, check_settings, draw_by_name
from lib.common.errors import InputError

MAX_SAMPLES = 16
MAX_STEPS = 16
MAX_SIDE = 512
MIN_SIDE = 8  # the widest blur (15 taps) mirrors 7 pixels at each border


@dataclass(frozen=True)
class Drawn:
    """One step in one sample: did its coin fire, and with which arguments."""

    name: str
    fn: str
    fired: bool
    kwargs: dict

    def args(self) -> str:
        """The drawn arguments as code, e.g. `degrees=12.3`."""
        return ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())

    def call(self) -> str:
        """The call as code, e.g. `rotate(degrees=12.3)`."""
        return f"{self.fn}({self.args()})"

    def markdown(self) -> str:
        """`rotate` degrees=12.3 when applied; struck through when its coin missed."""
        text = f"{self.fn} {self.args()}".strip()  # ~~x ~~ would not strike through
        return f"`{self.fn}` {self.args()}".strip() if self.fired else f"~~{text}~~"


@dataclass(frozen=True)
class Grid:
    images: tuple[torch.Tensor, ...]
    drawn: tuple[tuple[Drawn, ...], ...]
    seed: int
    steps: tuple[tuple[str, dict], ...] = ()  # the settings, defaults filled in

    def fired(self, name: str | None = None) -> tuple[int, int]:
        """(coins that fired, coins tossed), for one transform or all."""
        coins = [d.fired for row in self.drawn for d in row if name in (None, d.name)]
        return sum(coins), len(coins)


def _generator(seed: int, sample: int, step: str) -> torch.Generator:
    # One stream per (sample, step): adding a step never changes another step's numbers.
    return torch.Generator().manual_seed(zlib.crc32(f"{seed}/{sample}/{step}".encode()))


def sample_grid(img: torch.Tensor, steps: list[tuple[str, dict]], n: int, seed: int) -> Grid:
    """n augmented copies of `img` (3, H, W); the parameters drawn are kept with each."""
    if not 1 <= n <= MAX_SAMPLES:
        raise InputError("aug_samples", "Pick 1 to {max} samples, not {n}.", n=n, max=MAX_SAMPLES)
    if len(steps) > MAX_STEPS:
        raise InputError(
            "aug_steps",
            "A pipeline here has at most {max} steps, not {n}.",
            n=len(steps),
            max=MAX_STEPS,
        )
    if (
        img.dim() != 3
        or img.shape[0] != 3
        or not MIN_SIDE <= min(img.shape[1:]) <= max(img.shape[1:]) <= MAX_SIDE
    ):
        raise InputError(
            "aug_image_shape",
            "The image must be (3, H, W) with {min} <= H, W <= {max}.",
            min=MIN_SIDE,
            max=MAX_SIDE,
        )
    checked = [(name, check_settings(name, s)) for name, s in steps]
    labels = [
        f"{name}#{[n for n, _ in checked[:k]].count(name)}" for k, (name, _) in enumerate(checked)
    ]
    h, w = img.shape[1:]
    images, drawn = [], []
    for i in range(n):
        out, record = img, []
        for (name, s), label in zip(checked, labels, strict=True):
            t, g = TRANSFORMS[name], _generator(seed, i, label)
            fired = bool(torch.rand((), generator=g, dtype=torch.float64) < s["p"])
            kwargs = draw_by_name(t, g, s, h, w)  # drawn even when the coin misses
            if fired:
                out = getattr(augment, t.fn)(out, **kwargs)
            record.append(Drawn(name, t.fn, fired, kwargs))
        images.append(out)
        drawn.append(tuple(record))
    return Grid(tuple(images), tuple(drawn), seed, tuple(checked))


@dataclass(frozen=True)
class CoinQuestion:
    """How often should a step fire in N samples? Asked before the student counts."""

    name: str
    p: float
    n: int
    options: list[str]
    answer: str
    fired: int


def coin_question(grid: Grid) -> CoinQuestion | None:
    """About the first step that does not always fire (else the first step): expected p·N."""
    if not grid.steps:
        return None
    name, s = next(((n, s) for n, s in grid.steps if 0 < s["p"] < 1), grid.steps[0])
    n = len(grid.images)
    expect = round(s["p"] * n, 2)
    options = sorted({expect, float(n), round(n / 2, 2), 0.0})
    return CoinQuestion(
        name, s["p"], n, [f"{v:g}" for v in options], f"{expect:g}", grid.fired(name)[0]
    )
