"""Crop and erase boxes drawn as torchvision draws them.

The oracle is torchvision's own definition, transcribed from its source
(`RandomResizedCrop.get_params`, `RandomErasing.get_params`, torchvision 0.2x) and kept
independent of lib/: a crop's ratio is width / height, an erased box's is height / width, and a
crop that never fits in ten tries falls back to the centred image clipped to the ratio range.
"""

import torch

from lib.augmentation.table import TRANSFORMS, check_settings, draw_by_name


def boxes(name: str, settings: dict, h: int, w: int, n: int = 20) -> list[dict]:
    s = check_settings(name, settings)
    return [
        draw_by_name(TRANSFORMS[name], torch.Generator().manual_seed(k), s, h, w) for k in range(n)
    ]


def torchvision_crop_fallback(height: int, width: int, ratio: tuple[float, float]):
    """RandomResizedCrop.get_params after ten misses ("Fallback to central crop")."""
    in_ratio = float(width) / float(height)
    if in_ratio < min(ratio):
        w = width
        h = int(round(w / min(ratio)))
    elif in_ratio > max(ratio):
        h = height
        w = int(round(h * max(ratio)))
    else:
        w, h = width, height
    return (height - h) // 2, (width - w) // 2, h, w


def test_an_erased_box_reads_its_ratio_as_height_over_width():
    for box in boxes("erase", {"p": 1.0, "area": (0.1, 0.1), "ratio": (3.0, 3.0)}, 60, 60):
        if box["height"]:
            assert 2.5 < box["height"] / box["width"] < 3.5


def test_a_crop_reads_its_ratio_as_width_over_height():
    for box in boxes("resized_crop", {"area": (0.2, 0.2), "ratio": (3.0, 3.0)}, 60, 60):
        assert 2.5 < box["width"] / box["height"] < 3.5


def test_a_crop_that_never_fits_falls_back_to_the_image_clipped_to_the_ratio():
    # The whole area at ratio 1/4 asks for a box twice as tall as the image: ten misses.
    for h, w in [(40, 40), (30, 50)]:
        for box in boxes("resized_crop", {"area": (1.0, 1.0), "ratio": (0.25, 0.25)}, h, w, 3):
            top, left, bh, bw = torchvision_crop_fallback(h, w, (0.25, 0.25))
            assert (box["top"], box["left"], box["height"], box["width"]) == (top, left, bh, bw)


class Accuracies:
    """A run whose accuracy at each shift is given: the CNN of the issue, 1.00 at even shifts
    and 0.65 at odd ones."""

    def __init__(self, by_shift):
        self.by_shift = by_shift

    def at(self, axis: str, shift: int) -> float:
        return self.by_shift(shift)


def test_the_page_names_the_odd_even_gap_only_when_it_is_measured():
    from lib.augmentation.probe import _odd_and_even

    gap = _odd_and_even(Accuracies(lambda s: 1.0 if s % 2 == 0 else 0.65), "x")
    assert gap["cnn_case"] == "gap" and gap["cnn_even"] == 1.0 and abs(gap["cnn_odd"] - 0.65) < 1e-9
    alike = _odd_and_even(Accuracies(lambda s: 0.9), "x")
    assert alike["cnn_case"] == "alike"
