"""The transforms of lib.augmentation.transforms against geometry and against torchvision.

torchvision is not installed here (it would force a CUDA torch), so its definitions cannot be
called: the reference formulas below (luma weights, blends, hue rotation, the Gaussian kernel) are
transcribed by hand from torchvision's source (`transforms/v2/functional/_color.py`, `_misc.py`,
`_geometry.py`) and written with plain torch, importing nothing from lib/ but the function tested.
"""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.augmentation import transforms as A
from lib.common.errors import InputError

LUMA = torch.tensor([0.2989, 0.587, 0.114]).view(3, 1, 1)


def image(h: int, w: int, seed: int = 0) -> torch.Tensor:
    return torch.rand(3, h, w, generator=torch.Generator().manual_seed(seed))


@settings(max_examples=40)
@given(h=st.integers(2, 12), w=st.integers(2, 12), dx=st.integers(-14, 14), dy=st.integers(-14, 14))
def test_translating_there_and_back_restores_the_overlap(h, w, dx, dy):
    img = image(h, w)
    back = A.translate(A.translate(img, dx, dy), -dx, -dy)
    # The pixels that never left the canvas: r with 0 <= r + dy < h (likewise for columns).
    rows = slice(max(0, -dy), max(0, min(h, h - dy)))
    cols = slice(max(0, -dx), max(0, min(w, w - dx)))
    assert torch.equal(back[:, rows, cols], img[:, rows, cols])


def test_positive_shifts_move_content_right_and_down_and_fill_with_zero():
    img = torch.zeros(1, 5, 5)
    img[0, 1, 1] = 1.0
    out = A.translate(img, 2, 1)
    assert out[0, 2, 3] == 1.0 and out.sum() == 1.0
    assert torch.equal(A.translate(torch.ones(1, 4, 4), 1, 0)[0, :, 0], torch.zeros(4))


def test_edge_and_reflect_padding_fill_the_gap_from_the_border():
    img = torch.arange(4.0).view(1, 1, 4)  # one row: 0 1 2 3
    assert A.translate(img, 2, 0, "edge")[0, 0].tolist() == [0, 0, 0, 1]
    assert A.translate(img, 2, 0, "reflect")[0, 0].tolist() == [2, 1, 0, 1]
    assert A.translate(img, -1, 0, "constant")[0, 0].tolist() == [1, 2, 3, 0]


def test_translate_refuses_fractions_of_a_pixel():
    with pytest.raises(InputError) as err:
        A.translate(image(4, 4), 1.5, 0)
    assert err.value.key == "aug_translate_int"


def test_translate_works_on_a_batch_like_on_each_image():
    batch = torch.stack([image(6, 7, s) for s in range(3)])
    moved = A.translate(batch, 2, -1)
    assert all(torch.equal(moved[i], A.translate(batch[i], 2, -1)) for i in range(3))


@given(h=st.integers(1, 9), w=st.integers(1, 9))
def test_flips_are_involutions(h, w):
    img = image(h, w)
    assert torch.equal(A.hflip(A.hflip(img)), img)
    assert torch.equal(A.vflip(A.vflip(img)), img)
    assert torch.equal(A.hflip(img)[..., 0], img[..., -1])
    assert torch.equal(A.vflip(img)[..., 0, :], img[..., -1, :])


@pytest.mark.parametrize("size", [2, 5, 8, 13])
@pytest.mark.parametrize("k", [1, 2, 3, -1])
def test_rotating_by_multiples_of_90_degrees_equals_rot90(size, k):
    img = image(size, size)
    torch.testing.assert_close(
        A.rotate(img, 90 * k), torch.rot90(img, k, dims=(1, 2)), atol=1e-5, rtol=0
    )


def test_positive_angles_turn_counter_clockwise_on_screen():
    img = torch.zeros(1, 5, 5)
    img[0, 2, 4] = 1.0  # a dot right of the centre
    assert A.rotate(img, 90)[0, 0, 2] > 0.99  # ... ends up above it


def test_identity_parameters_leave_the_image_alone():
    img = image(9, 11)
    h, w = 9, 11
    corners = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
    for out in (
        A.rotate(img, 0),
        A.scale(img, 1.0),
        A.shear(img, 0.0),
        A.perspective(img, corners),
        A.resized_crop(img, 0, 0, h, w),
    ):
        torch.testing.assert_close(out, img, atol=1e-5, rtol=0)


def test_shear_follows_torchvision_sign_rows_below_centre_move_left():
    img = torch.zeros(1, 9, 9)
    img[0, 8, 4] = 1.0  # bottom row, centre column
    out = A.shear(img, 45.0)  # torchvision: x' = x - tan(45°)·y, y = +4 below the centre
    assert out[0, 8, 0] > 0.99


def test_scale_shrinks_towards_the_centre_leaving_a_zero_border():
    out = A.scale(torch.ones(3, 16, 16), 0.5)
    assert out[:, 0, :].abs().max() == 0 and out[:, 8, 8].min() > 0.99


@settings(max_examples=30)
@given(f=st.floats(0.0, 2.5), seed=st.integers(0, 100))
def test_brightness_is_torchvisions_blend_with_black(f, seed):
    img = image(4, 5, seed)
    torch.testing.assert_close(A.adjust_brightness(img, f), (f * img).clamp(0, 1))


@settings(max_examples=30)
@given(f=st.floats(0.0, 2.5), seed=st.integers(0, 100))
def test_contrast_is_torchvisions_blend_with_the_mean_luma(f, seed):
    img = image(4, 5, seed)
    mean = (img * LUMA).sum(0).mean()
    torch.testing.assert_close(A.adjust_contrast(img, f), (f * img + (1 - f) * mean).clamp(0, 1))


@settings(max_examples=30)
@given(f=st.floats(0.0, 3.0), seed=st.integers(0, 100))
def test_saturation_is_a_blend_with_the_images_own_grey(f, seed):
    img = image(4, 5, seed)
    grey = (img * LUMA).sum(0, keepdim=True)
    torch.testing.assert_close(A.adjust_saturation(img, f), (f * img + (1 - f) * grey).clamp(0, 1))


def test_grayscale_uses_the_luma_weights_in_every_channel():
    img = image(3, 3)
    out = A.rgb_to_grayscale(img)
    torch.testing.assert_close(out, (img * LUMA).sum(0, keepdim=True).expand(3, 3, 3))


def test_hue_turns_primaries_around_the_wheel_and_leaves_greys_alone():
    red = torch.tensor([1.0, 0.0, 0.0]).view(3, 1, 1)
    torch.testing.assert_close(
        A.adjust_hue(red, 1 / 3), torch.tensor([0.0, 1.0, 0.0]).view(3, 1, 1), atol=1e-5, rtol=0
    )
    torch.testing.assert_close(
        A.adjust_hue(red, -1 / 3), torch.tensor([0.0, 0.0, 1.0]).view(3, 1, 1), atol=1e-5, rtol=0
    )
    grey = torch.full((3, 2, 2), 0.4)
    torch.testing.assert_close(A.adjust_hue(grey, 0.25), grey)


@settings(max_examples=30)
@given(seed=st.integers(0, 1000), f=st.floats(-0.5, 0.5))
def test_hue_shift_there_and_back_restores_the_colours(seed, f):
    img = image(3, 4, seed)
    torch.testing.assert_close(A.adjust_hue(A.adjust_hue(img, f), -f), img, atol=1e-5, rtol=0)


def test_gaussian_blur_keeps_flat_images_and_the_mean():
    flat = torch.full((3, 10, 10), 0.3)
    torch.testing.assert_close(A.gaussian_blur(flat, 5, 1.5), flat)
    img = image(12, 12)
    blurred = A.gaussian_blur(img, 3, 1.0)
    assert blurred.std() < img.std()
    # The kernel is exp(-x²/2σ²) normalised: the centre weight for k=3, σ=1.
    dot = torch.zeros(1, 5, 5)
    dot[0, 2, 2] = 1.0
    w = [math.exp(-0.5), 1.0, math.exp(-0.5)]
    centre = (w[1] / sum(w)) ** 2
    assert A.gaussian_blur(dot, 3, 1.0)[0, 2, 2].item() == pytest.approx(centre, rel=1e-5)


def test_a_blur_wider_than_the_image_repeats_the_edge_instead_of_mirroring():
    sliver = torch.rand(3, 2, 40)
    out = A.gaussian_blur(sliver, 15, 2.0)
    assert out.shape == sliver.shape and torch.isfinite(out).all()


def test_gaussian_noise_is_repeatable_with_its_seed_and_stays_in_range():
    img = image(8, 8)
    a, b = A.gaussian_noise(img, 0.3, 5), A.gaussian_noise(img, 0.3, 5)
    assert torch.equal(a, b) and not torch.equal(a, A.gaussian_noise(img, 0.3, 6))
    assert a.min() >= 0 and a.max() <= 1


def test_erase_paints_exactly_the_box():
    img = torch.ones(3, 6, 6)
    out = A.erase(img, 1, 2, 3, 2)
    assert out.sum() == 3 * (36 - 6) and out[:, 1:4, 2:4].abs().sum() == 0
    assert img.sum() == 3 * 36  # the input is untouched


def test_resized_crop_stretches_the_box_to_full_size():
    img = torch.zeros(3, 8, 8)
    img[:, :4, :4] = 1.0
    out = A.resized_crop(img, 0, 0, 4, 4)
    assert out.shape == img.shape
    torch.testing.assert_close(out, torch.ones(3, 8, 8))
