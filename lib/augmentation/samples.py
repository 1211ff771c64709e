"""Built-in pictures, drawn by seeded code: asymmetric and colourful, so that every flip,
turn and colour change is visible at a glance. No downloads.
"""

from __future__ import annotations

import math

import torch

from lib.common.errors import InputError

SIZE = 128


def _canvas(seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Generator]:
    """Pixel-centre coordinates in [0, 1] (y down) and a generator for texture."""
    y, x = torch.meshgrid(*(torch.arange(SIZE) / SIZE + 0.5 / SIZE,) * 2, indexing="ij")
    return x, y, torch.Generator().manual_seed(seed)


def _paint(img: torch.Tensor, mask: torch.Tensor, rgb: tuple[float, float, float]) -> None:
    img[:, mask] = torch.tensor(rgb).unsqueeze(1)


def house(seed: int = 1) -> torch.Tensor:
    """Sky, a sun top-right, a red house left of centre with its door on the right, a tree."""
    x, y, g = _canvas(seed)
    img = torch.stack([0.35 + 0.4 * y, 0.6 + 0.3 * y, torch.ones_like(y)])
    _paint(img, (x - 0.82) ** 2 + (y - 0.16) ** 2 < 0.01, (1.0, 0.85, 0.1))
    grass = y > 0.72 - 0.08 * torch.sin(3 * x)
    _paint(img, grass, (0.2, 0.65, 0.25))
    img[1][grass] += 0.15 * torch.rand(int(grass.sum()), generator=g)
    _paint(img, (x > 0.15) & (x < 0.55) & (y > 0.45) & (y < 0.78), (0.85, 0.2, 0.15))
    _paint(img, (y < 0.46) & (y > 0.25) & ((x - 0.35).abs() < (y - 0.25) * 1.1), (0.35, 0.2, 0.1))
    _paint(img, (x > 0.42) & (x < 0.5) & (y > 0.6) & (y < 0.78), (0.3, 0.15, 0.05))
    _paint(img, (x > 0.21) & (x < 0.31) & (y > 0.52) & (y < 0.6), (0.95, 0.95, 0.6))
    _paint(img, (x > 0.76) & (x < 0.8) & (y > 0.5) & (y < 0.8), (0.45, 0.3, 0.15))
    _paint(img, (x - 0.78) ** 2 + (y - 0.45) ** 2 < 0.012, (0.1, 0.5, 0.2))
    return img.clamp(0, 1)


def letters(seed: int = 2) -> torch.Tensor:
    """A big orange 'F' and a blue arrow pointing right, on a teal checkerboard."""
    x, y, g = _canvas(seed)
    checker = ((x * 8).floor() + (y * 8).floor()) % 2
    img = torch.stack([0.1 + 0.1 * checker, 0.45 + 0.1 * checker, 0.5 + 0.1 * checker])
    img += 0.04 * torch.randn(img.shape, generator=g)
    f = (
        ((x > 0.12) & (x < 0.22) & (y > 0.12) & (y < 0.88))
        | ((y > 0.12) & (y < 0.22) & (x > 0.12) & (x < 0.55))
        | ((y > 0.44) & (y < 0.53) & (x > 0.12) & (x < 0.45))
    )
    _paint(img, f, (1.0, 0.55, 0.0))
    shaft = (x > 0.55) & (x < 0.75) & ((y - 0.75).abs() < 0.05)
    head = (x >= 0.75) & (x < 0.92) & ((y - 0.75).abs() < (0.92 - x) * 0.9)
    _paint(img, shaft | head, (0.2, 0.3, 0.95))
    return img.clamp(0, 1)


VIVID = [
    (0.9, 0.1, 0.1),
    (1.0, 0.6, 0.0),
    (0.95, 0.85, 0.0),
    (0.1, 0.7, 0.2),
    (0.0, 0.6, 0.9),
    (0.2, 0.2, 0.85),
    (0.6, 0.1, 0.8),
    (0.95, 0.3, 0.6),
]


def shapes(seed: int = 3) -> torch.Tensor:
    """Twelve seeded circles, squares and triangles in bright colours on cream."""
    x, y, g = _canvas(seed)
    img = torch.stack(
        [torch.full_like(x, 0.97), torch.full_like(x, 0.94), torch.full_like(x, 0.85)]
    )
    for _ in range(12):
        cx, cy, r = (
            torch.rand(3, generator=g) * torch.tensor([0.8, 0.8, 0.1])
            + torch.tensor([0.1, 0.1, 0.05])
        ).tolist()
        kind = int(torch.randint(3, (1,), generator=g))
        colour = VIVID[int(torch.randint(len(VIVID), (1,), generator=g))]
        if kind == 0:
            mask = (x - cx) ** 2 + (y - cy) ** 2 < r * r
        elif kind == 1:
            mask = ((x - cx).abs() < r) & ((y - cy).abs() < r)
        else:
            mask = (y < cy + r) & ((x - cx).abs() < (y - cy + r) * 0.6)
        _paint(img, mask & (y > cy - r), colour)
    return img.clamp(0, 1)


def colour_wheel(seed: int = 4) -> torch.Tensor:
    """Every hue around a wheel (hue shifts turn it), with a black 'L' marking one corner."""
    x, y, g = _canvas(seed)
    angle = torch.atan2(y - 0.5, x - 0.5) / (2 * math.pi) % 1.0
    radius = ((x - 0.5) ** 2 + (y - 0.5) ** 2).sqrt() / 0.5
    k = torch.stack([(5 + angle * 6) % 6, (3 + angle * 6) % 6, (1 + angle * 6) % 6])
    sat = radius.clamp(0, 1)
    img = 1 - sat * torch.minimum(k, 4 - k).clamp(0, 1)
    img[:, radius > 1] = 0.9 + 0.05 * torch.rand(int((radius > 1).sum()), generator=g)
    _paint(
        img,
        ((x > 0.04) & (x < 0.09) & (y > 0.04) & (y < 0.3))
        | ((x > 0.04) & (x < 0.2) & (y > 0.25) & (y < 0.3)),
        (0.0, 0.0, 0.0),
    )
    return img.clamp(0, 1)


IMAGES = {"house": house, "letters": letters, "shapes": shapes, "colour_wheel": colour_wheel}


def sample_image(name: str) -> torch.Tensor:
    """One of IMAGES as a (3, 128, 128) float tensor in [0, 1]."""
    if name not in IMAGES:
        raise InputError(
            "aug_unknown_image", "{name!r} is not one of the built-in images.", name=name
        )
    return IMAGES[name]()
