"""Image augmentations written with torch ops, with torchvision.transforms.v2's definitions.

Every image is a float tensor (C, H, W) in [0, 1] (a leading batch dimension also works).
Geometry is resampling: each output pixel asks "where did I come from?" (the inverse map), and
`grid_sample` reads the input there. Coordinates are pixels measured from the image centre,
x to the right and y *down*, as on the screen.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from lib.common.errors import InputError

# ITU-R 601 luma, the weights torchvision's rgb_to_grayscale uses.
LUMA = (0.2989, 0.587, 0.114)
PADDINGS = {"constant": "constant", "edge": "replicate", "reflect": "reflect"}


def translate(img: torch.Tensor, dx: int, dy: int, padding: str = "constant") -> torch.Tensor:
    """Move the content dx pixels right and dy down; what comes in is zero (or edge / mirror)."""
    if int(dx) != dx or int(dy) != dy:
        raise InputError(
            "aug_translate_int", "translate moves whole pixels, not {dx}, {dy}.", dx=dx, dy=dy
        )
    h, w = img.shape[-2:]
    dx, dy = max(-w, min(w, int(dx))), max(-h, min(h, int(dy)))
    if padding != "constant":  # a mirror cannot reach further than the image is wide
        dx, dy = max(1 - w, min(w - 1, dx)), max(1 - h, min(h - 1, dy))
    px, py = abs(dx), abs(dy)
    flat = img.reshape(-1, *img.shape[-3:])
    padded = F.pad(flat, (px, px, py, py), mode=PADDINGS[padding])
    # Window that starts dx to the left of the original: content appears moved right.
    out = padded[..., py - dy : py - dy + h, px - dx : px - dx + w]
    return out.reshape(img.shape)


def hflip(img: torch.Tensor) -> torch.Tensor:
    """Mirror left-right (the last dim)."""
    return img.flip(-1)


def vflip(img: torch.Tensor) -> torch.Tensor:
    """Mirror top-bottom (the second-last dim)."""
    return img.flip(-2)


def _warp(img: torch.Tensor, inverse: torch.Tensor, interpolation: str = "bilinear"):
    """Resample `img` through a 3x3 map from output pixel (x, y, 1) to input pixel.

    Pixels are measured from the centre; a projective third row is divided out. Points that
    land outside the image read 0 (torchvision's default fill).
    """
    h, w = img.shape[-2:]
    ys, xs = torch.meshgrid(
        torch.arange(h, dtype=torch.float64) - (h - 1) / 2,
        torch.arange(w, dtype=torch.float64) - (w - 1) / 2,
        indexing="ij",
    )
    src = torch.stack([xs, ys, torch.ones_like(xs)], -1) @ inverse.to(torch.float64).T
    src = src[..., :2] / src[..., 2:]
    # align_corners=False: -1 and +1 are the outer edges of the border pixels.
    grid = (src * torch.tensor([2 / w, 2 / h], dtype=torch.float64)).to(img.dtype)
    flat = img.reshape(-1, *img.shape[-3:])
    out = F.grid_sample(
        flat,
        grid.expand(flat.shape[0], h, w, 2),
        mode=interpolation,
        padding_mode="zeros",
        align_corners=False,
    )
    return out.reshape(img.shape)


def _affine_inverse(degrees_cw: float = 0.0, scale: float = 1.0, shear: float = 0.0):
    """Inverse of torchvision's affine matrix R(angle)·S(scale)·SHx(shear) (no translation)."""
    a, s = math.radians(degrees_cw), math.radians(shear)
    forward = (
        torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=torch.float64)
        @ torch.tensor([[1.0, -math.tan(s)], [0.0, 1.0]], dtype=torch.float64)
        * scale
    )
    inverse = torch.eye(3, dtype=torch.float64)
    inverse[:2, :2] = torch.linalg.inv(forward)
    return inverse


def rotate(img: torch.Tensor, degrees: float, interpolation: str = "bilinear") -> torch.Tensor:
    """Turn counter-clockwise by `degrees` about the centre; the corners fill with 0."""
    # y points down, so a clockwise matrix of -degrees turns the picture counter-clockwise.
    return _warp(img, _affine_inverse(-degrees), interpolation)


def scale(img: torch.Tensor, factor: float) -> torch.Tensor:
    """Zoom about the centre: factor > 1 enlarges, < 1 shrinks and leaves a black border."""
    return _warp(img, _affine_inverse(scale=factor))


def shear(img: torch.Tensor, degrees: float) -> torch.Tensor:
    """Slant parallel to the x axis, like v2.RandomAffine(shear=...): x' = x - tan(s)·y."""
    return _warp(img, _affine_inverse(shear=degrees))


def perspective(img: torch.Tensor, endpoints: list[list[int]]) -> torch.Tensor:
    """Move the four corners (top-left, top-right, bottom-right, bottom-left) to `endpoints`.

    Like torchvision, solve the 8 unknowns of the homography that sends each end point back to
    its corner, then sample the input there.
    """
    h, w = img.shape[-2:]
    start = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(endpoints, start, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    c = torch.linalg.solve(
        torch.tensor(rows, dtype=torch.float64), torch.tensor(rhs, dtype=torch.float64)
    ).tolist()
    homography = torch.tensor([c[0:3], c[3:6], [c[6], c[7], 1.0]], dtype=torch.float64)
    centre = torch.tensor(
        [[1, 0, (w - 1) / 2], [0, 1, (h - 1) / 2], [0, 0, 1]], dtype=torch.float64
    )
    return _warp(img, torch.linalg.inv(centre) @ homography @ centre)


def resized_crop(img: torch.Tensor, top: int, left: int, height: int, width: int):
    """Cut out a box and stretch it back to the full size (bilinear, antialiased)."""
    h, w = img.shape[-2:]
    box = img[..., top : top + height, left : left + width].reshape(
        -1, img.shape[-3], height, width
    )
    out = F.interpolate(box, size=(h, w), mode="bilinear", align_corners=False, antialias=True)
    return out.reshape(img.shape)


def _blend(img: torch.Tensor, other: torch.Tensor, factor: float) -> torch.Tensor:
    """factor·img + (1 - factor)·other, clipped to [0, 1]: every colour jitter is one."""
    return (factor * img + (1.0 - factor) * other).clamp(0.0, 1.0)


def rgb_to_grayscale(img: torch.Tensor) -> torch.Tensor:
    """Luma, repeated over the three channels so the image stays RGB."""
    r, g, b = img.unbind(-3)
    luma = LUMA[0] * r + LUMA[1] * g + LUMA[2] * b
    return luma.unsqueeze(-3).expand(img.shape).clone()


def adjust_brightness(img: torch.Tensor, factor: float) -> torch.Tensor:
    """Blend with black: factor·img, clipped. 0 is black, 1 the original."""
    return _blend(img, torch.zeros_like(img), factor)


def adjust_contrast(img: torch.Tensor, factor: float) -> torch.Tensor:
    """Blend with the mean grey of the whole image. 0 is flat grey, 1 the original."""
    mean = rgb_to_grayscale(img)[..., :1, :, :].mean(dim=(-3, -2, -1), keepdim=True)
    return _blend(img, mean, factor)


def adjust_saturation(img: torch.Tensor, factor: float) -> torch.Tensor:
    """Blend with the image's own grayscale. 0 is grey, 1 the original, 2 twice as vivid."""
    return _blend(img, rgb_to_grayscale(img), factor)


def _rgb_to_hsv(img: torch.Tensor) -> torch.Tensor:
    r, g, b = img.unbind(-3)
    v, _ = img.max(-3)
    chroma = v - img.min(-3).values
    safe = torch.where(chroma > 0, chroma, torch.ones_like(chroma))
    s = torch.where(v > 0, chroma / torch.where(v > 0, v, torch.ones_like(v)), 0 * v)
    h = torch.where(
        v == r, (g - b) / safe, torch.where(v == g, 2 + (b - r) / safe, 4 + (r - g) / safe)
    )
    h = torch.where(chroma > 0, (h / 6) % 1.0, 0 * h)
    return torch.stack([h, s, v], -3)


def _hsv_to_rgb(hsv: torch.Tensor) -> torch.Tensor:
    h, s, v = hsv.unbind(-3)
    # Each channel is v minus a ramp that depends on how far the hue is from that colour.
    k = torch.stack([(5 + h * 6) % 6, (3 + h * 6) % 6, (1 + h * 6) % 6], -3)
    ramp = torch.minimum(k, 4 - k).clamp(0, 1)
    return (v.unsqueeze(-3) - v.unsqueeze(-3) * s.unsqueeze(-3) * ramp).clamp(0, 1)


def adjust_hue(img: torch.Tensor, factor: float) -> torch.Tensor:
    """Turn the colour wheel by `factor` of a full turn (-0.5 to 0.5); greys stay grey."""
    hsv = _rgb_to_hsv(img)
    hsv = torch.stack(
        [(hsv[..., 0, :, :] + factor) % 1.0, hsv[..., 1, :, :], hsv[..., 2, :, :]], -3
    )
    return _hsv_to_rgb(hsv)


def gaussian_blur(img: torch.Tensor, kernel_size: int, sigma: float) -> torch.Tensor:
    """Separable Gaussian of odd `kernel_size`, mirrored at the border (as torchvision)."""
    half = (kernel_size - 1) / 2
    x = torch.linspace(-half, half, kernel_size, dtype=img.dtype)
    k1 = torch.softmax(-0.5 * (x / sigma) ** 2, 0)  # exp(-x²/2σ²), normalised to sum 1
    c = img.shape[-3]
    flat = img.reshape(-1, c, *img.shape[-2:])
    p = kernel_size // 2
    # A mirror needs more pixels than it reflects; a sliver of an image repeats its edge instead.
    flat = F.pad(flat, (p, p, p, p), mode="reflect" if p < min(img.shape[-2:]) else "replicate")
    flat = F.conv2d(flat, k1.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    flat = F.conv2d(flat, k1.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)
    return flat.reshape(img.shape)


def gaussian_noise(img: torch.Tensor, sigma: float, seed: int) -> torch.Tensor:
    """Add N(0, sigma²) to every value, clipped to [0, 1]; `seed` makes the noise repeatable."""
    g = torch.Generator().manual_seed(seed)
    return (img + sigma * torch.randn(img.shape, generator=g, dtype=img.dtype)).clamp(0, 1)


def erase(img: torch.Tensor, top: int, left: int, height: int, width: int, value: float = 0.0):
    """Paint a box with `value` (random erasing / cutout)."""
    out = img.clone()
    out[..., top : top + height, left : left + width] = value
    return out
