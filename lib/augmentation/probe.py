"""Looking inside the trained models: beliefs for one shifted glyph, and the CNN's feature maps
moving with its input (equivariance) while its pooled vector stays put (invariance).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lib.augmentation.invariance import (
    AXES,
    CLASSES,
    CNN,
    EVAL_SHIFT,
    HIDDEN_CHOICES,
    MAX_AUG_SHIFT,
    SIZE,
    RunResult,
    build_model,
    held_out,
    shifted,
)
from lib.augmentation.table import Param
from lib.common.errors import InputError

# The experiment's widgets, declared like the transforms' so one renderer draws both.
TRAINING_CONTROLS = (
    Param("hidden", 0, 0, 64, options=HIDDEN_CHOICES),
    Param("shift", 1, MAX_AUG_SHIFT, 3, 1),
    Param("axis", 0, 0, "x", options=tuple(AXES)),
    Param("train_seed", 0, 99, 0, 1),
)
PROBE_CONTROLS = (
    Param("digit", 0, CLASSES - 1, 3, 1),
    Param("probe_shift", -EVAL_SHIFT, EVAL_SHIFT, 4, 1),
    Param("channel", 0, 7, 0, 1),
)
RUNS = (("mlp", False), ("mlp", True), ("cnn", False), ("cnn", True))


def load_model(result: RunResult, hidden: int) -> nn.Module:
    """The trained model back from a RunResult's plain numbers."""
    model = build_model(result.kind, hidden, 0)
    model.load_state_dict({k: torch.tensor(v) for k, v in result.state.items()})
    return model.eval()


def example(digit: int, shift: int, axis: str, seed: int) -> torch.Tensor:
    """A held-out glyph of `digit`, moved `shift` pixels along `axis`: (1, 24, 24)."""
    if not 0 <= digit < CLASSES or abs(shift) > EVAL_SHIFT or axis not in AXES:
        raise InputError(
            "aug_example",
            "Digit {digit}, shift {shift} along {axis!r} is not offered.",
            digit=digit,
            shift=shift,
            axis=axis,
        )
    images, _ = held_out(seed, per_class=1)
    return shifted(images[digit], shift, axis)


@torch.no_grad()
def probabilities(model: nn.Module, img: torch.Tensor) -> tuple[float, ...]:
    """softmax of the model's logits for one image: its belief for each digit."""
    return tuple(torch.softmax(model(img.unsqueeze(0)), dim=1)[0].tolist())


@dataclass(frozen=True)
class Equivariance:
    """The CNN's first feature maps for an image and its shifted copy, and the pooled vectors."""

    maps: torch.Tensor  # (8, 24, 24) for the centred glyph
    shifted_maps: torch.Tensor  # (8, 24, 24) for the shifted glyph
    map_error: float  # max |maps(shift(x)) - shift(maps(x))| inside the borders: ~0
    pooled: tuple[float, ...]
    shifted_pooled: tuple[float, ...]
    pooled_change: float  # |pooled(shift(x)) - pooled(x)| / |pooled(x)|


def _relative_change(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((b - a).norm() / a.norm().clamp_min(1e-12))


@torch.no_grad()
def equivariance(cnn: CNN, img: torch.Tensor, shift: int, axis: str) -> Equivariance:
    """Shift, then convolve == convolve, then shift (away from the zero-padded borders)."""
    moved = shifted(img, shift, axis)
    maps, pooled = cnn.features(img.unsqueeze(0))
    maps2, pooled2 = cnn.features(moved.unsqueeze(0))
    m = abs(shift) + 1  # a 3x3 kernel near the edge sees padding in one image, pixels in the other
    diff = (maps2 - shifted(maps, shift, axis))[..., m : SIZE - m, m : SIZE - m]
    return Equivariance(
        maps[0],
        maps2[0],
        float(diff.abs().max()),
        tuple(pooled[0].tolist()),
        tuple(pooled2[0].tolist()),
        _relative_change(pooled[0], pooled2[0]),
    )


@torch.no_grad()
def hidden_change(mlp: nn.Module, img: torch.Tensor, shift: int, axis: str) -> float:
    """How much the MLP's hidden layer changes when the glyph moves (relative norm)."""
    hidden = mlp[:3]  # Flatten, Linear, ReLU
    return _relative_change(
        hidden(img.unsqueeze(0)), hidden(shifted(img, shift, axis).unsqueeze(0))
    )


@dataclass(frozen=True)
class Probe:
    """One held-out glyph moved by `shift`: every model's belief and the CNN's insides."""

    image: torch.Tensor  # (1, 24, 24), centred
    moved: torch.Tensor  # the same glyph, shifted
    beliefs: dict[tuple[str, bool], tuple[float, ...]]  # run -> softmax over the digits
    eq: Equivariance  # of the CNN trained on centred glyphs
    hidden_change: float  # of the MLP trained on centred glyphs


def look(
    runs: dict[tuple[str, bool], RunResult],
    hidden: int,
    digit: int,
    shift: int,
    axis: str,
    seed: int,
) -> Probe:
    """Rebuild the trained models from their numbers and show them one shifted glyph."""
    models = {key: load_model(r, hidden) for key, r in runs.items()}
    img = example(digit, 0, axis, seed)
    moved = shifted(img, shift, axis)
    return Probe(
        img,
        moved,
        {key: probabilities(m, moved) for key, m in models.items()},
        equivariance(models["cnn", False], img, shift, axis),
        hidden_change(models["mlp", False], img, shift, axis),
    )


# A gap this large between even and odd shifts is named on the page; smaller ones are noise.
ODD_EVEN_GAP = 0.03


def _odd_and_even(cnn: RunResult, axis: str) -> dict:
    """The centred CNN's mean accuracy at even and at odd non-zero shifts. Its 2×2 max-pool has
    stride 2: a two-pixel move shifts the pooled map by one cell, a one-pixel move changes what
    each window keeps (aliasing), so the invariance is only approximate."""
    even = [cnn.at(axis, s) for s in range(-EVAL_SHIFT, EVAL_SHIFT + 1) if s and s % 2 == 0]
    odd = [cnn.at(axis, s) for s in range(-EVAL_SHIFT, EVAL_SHIFT + 1) if s % 2]
    e, o = sum(even) / len(even), sum(odd) / len(odd)
    return {"cnn_even": e, "cnn_odd": o, "cnn_case": "gap" if e - o > ODD_EVEN_GAP else "alike"}


def summary(
    runs: dict[tuple[str, bool], RunResult], axis: str, k: int, probe: Probe, shift: int
) -> dict:
    """The numbers the page's notes quote: accuracy near, at and beyond the augmented range."""
    far = min(k + 2, EVAL_SHIFT)
    best = max(RUNS, key=lambda key: runs[key].at(axis, far))
    return {
        "k": k,
        "far": far,
        "a0": runs["mlp", False].at(axis, 0),
        "ak": runs["mlp", False].at(axis, k),
        "aug_k": runs["mlp", True].at(axis, k),
        "aug_far": runs["mlp", True].at(axis, far),
        "cnn_k": runs["cnn", False].at(axis, k),
        **_odd_and_even(runs["cnn", False], axis),
        "best": best,
        "s": shift,
        "err": probe.eq.map_error,
        "pc": probe.eq.pooled_change,
        "hc": probe.hidden_change,
        "acc": {key: r.at(axis, far) for key, r in runs.items()},
    }
