"""Every random augmentation on the page, declared as data: one row per transform.

A row says which parameters a student may set (a range to draw from, one fixed value, or a
choice), how torchvision writes the same transform, and which lib.augmentation.transforms
function receives the
drawn numbers. One renderer turns the rows into widgets; one sampler (lib.augmentation.pipeline)
turns them into a seeded grid.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from lib.augmentation.transforms import PADDINGS
from lib.common.errors import InputError

Setting = tuple[float, float] | float | int | str  # a range, one value, or a choice


@dataclass(frozen=True)
class Param:
    name: str
    low: float
    high: float
    default: Setting
    step: float = 0.01
    options: tuple = ()  # not empty: a choice

    @property
    def kind(self) -> str:
        if self.options:
            return "choice"
        return "range" if isinstance(self.default, tuple) else "value"


Draw = Callable[[torch.Generator, dict, int, int], dict]  # (g, settings, h, w) -> kwargs


@dataclass(frozen=True)
class Transform:
    name: str  # stable: URL keys and option labels use it
    fn: str  # the lib.augmentation.transforms function that receives the drawn arguments
    params: tuple[Param, ...] = ()
    p: float = 1.0  # default probability that the transform fires
    torchvision: str | Callable[[dict, int, int], str] = ""  # template over the settings
    draw: Draw | None = None  # None: each range drawn uniformly, everything passed on by name


def uniform(g: torch.Generator, lo: float, hi: float, digits: int = 3) -> float:
    """Rounded when drawn, so the shown number is exactly the one used."""
    return round(lo + (hi - lo) * float(torch.rand((), generator=g, dtype=torch.float64)), digits)


def randint(g: torch.Generator, lo: int, hi: int) -> int:
    """An int in [lo, hi), torch.randint's convention."""
    return int(torch.randint(lo, hi, (), generator=g))


def draw_by_name(t: Transform, g: torch.Generator, s: dict, h: int, w: int) -> dict:
    if t.draw is not None:
        return t.draw(g, s, h, w)
    return {
        p.name: uniform(g, *s[p.name], digits=1 if p.step >= 1 else 3)
        if p.kind == "range"
        else s[p.name]
        for p in t.params
    }


def _draw_translate(g, s, h, w):
    # v2.RandomAffine: a shift of up to max_dx·width, rounded to whole pixels.
    return {
        "dx": round(uniform(g, -s["max_dx"] * w, s["max_dx"] * w)),
        "dy": round(uniform(g, -s["max_dy"] * h, s["max_dy"] * h)),
        "padding": s["padding"],
    }


def _draw_box(g, s, h, w, *, crop: bool):
    """torchvision's RandomResizedCrop / RandomErasing box: an area share drawn uniformly, an
    aspect ratio drawn log-uniformly, up to ten tries for a box that fits. The two read the ratio
    differently, and so do we: width / height for the crop, height / width for erasing."""
    lo, hi = math.log(s["ratio"][0]), math.log(s["ratio"][1])
    for _ in range(10):
        area = h * w * uniform(g, *s["area"], digits=6)
        ratio = math.exp(uniform(g, lo, hi, digits=6))
        long, short = round(math.sqrt(area * ratio)), round(math.sqrt(area / ratio))
        bw, bh = (long, short) if crop else (short, long)
        if (0 < bw <= w and 0 < bh <= h) if crop else (bh < h and bw < w):
            return {
                "top": randint(g, 0, h - bh + 1),
                "left": randint(g, 0, w - bw + 1),
                "height": bh,
                "width": bw,
            }
    if not crop:  # ten misses: torchvision's RandomErasing leaves the image alone
        return {"top": 0, "left": 0, "height": 0, "width": 0}
    # Ten misses: torchvision's RandomResizedCrop takes the centred whole image, clipped to the
    # ratio range (a wide image loses its sides, a tall one its top and bottom).
    bw, bh = w, h
    if w / h < s["ratio"][0]:
        bh = round(w / s["ratio"][0])
    elif w / h > s["ratio"][1]:
        bw = round(h * s["ratio"][1])
    return {"top": (h - bh) // 2, "left": (w - bw) // 2, "height": bh, "width": bw}


def _draw_perspective(g, s, h, w):
    # v2.RandomPerspective: each corner moves inwards by up to distortion·half the side.
    bw, bh = int(s["distortion"] * (w // 2)) + 1, int(s["distortion"] * (h // 2)) + 1
    return {
        "endpoints": [
            [randint(g, 0, bw), randint(g, 0, bh)],
            [randint(g, w - bw, w), randint(g, 0, bh)],
            [randint(g, w - bw, w), randint(g, h - bh, h)],
            [randint(g, 0, bw), randint(g, h - bh, h)],
        ]
    }


def _translate_code(s: dict, h: int, w: int) -> str:
    if s["padding"] == "constant":
        return f"v2.RandomAffine(degrees=0, translate=({s['max_dx']:g}, {s['max_dy']:g}))"
    pad = (round(s["max_dx"] * w), round(s["max_dy"] * h))
    return f"v2.RandomCrop(size=({h}, {w}), padding={pad}, padding_mode={s['padding']!r})"


BILINEAR = "interpolation=v2.InterpolationMode.BILINEAR"
DEGREES = Param("degrees", -180.0, 180.0, (-30.0, 30.0), 1.0)
SHEAR = Param("degrees", -45.0, 45.0, (-20.0, 20.0), 1.0)
FACTOR = Param("factor", 0.0, 2.0, (0.6, 1.4))
AREA, RATIO = Param("area", 0.05, 1.0, (0.3, 1.0)), Param("ratio", 0.25, 4.0, (0.75, 1.33))

TABLE: tuple[Transform, ...] = (
    Transform(
        "translate",
        "translate",
        (
            Param("max_dx", 0.0, 0.45, 0.2),
            Param("max_dy", 0.0, 0.45, 0.2),
            Param("padding", 0, 0, "constant", options=tuple(PADDINGS)),
        ),
        torchvision=_translate_code,
        draw=_draw_translate,
    ),
    Transform("hflip", "hflip", p=0.5, torchvision="v2.RandomHorizontalFlip(p={p})"),
    Transform("vflip", "vflip", p=0.5, torchvision="v2.RandomVerticalFlip(p={p})"),
    Transform(
        "rotate",
        "rotate",
        (DEGREES,),
        torchvision="v2.RandomRotation(degrees={degrees}, " + BILINEAR + ")",
    ),
    Transform(
        "scale",
        "scale",
        (Param("factor", 0.5, 2.0, (0.8, 1.25)),),
        torchvision="v2.RandomAffine(degrees=0, scale={factor}, " + BILINEAR + ")",
    ),
    Transform(
        "shear",
        "shear",
        (SHEAR,),
        torchvision="v2.RandomAffine(degrees=0, shear={degrees}, " + BILINEAR + ")",
    ),
    Transform(
        "perspective",
        "perspective",
        (Param("distortion", 0.0, 1.0, 0.5, 0.05),),
        0.5,
        "v2.RandomPerspective(distortion_scale={distortion}, p={p}, " + BILINEAR + ")",
        _draw_perspective,
    ),
    Transform(
        "resized_crop",
        "resized_crop",
        (AREA, RATIO),
        torchvision="v2.RandomResizedCrop(size=({h}, {w}), scale={area}, ratio={ratio})",
        draw=lambda g, s, h, w: _draw_box(g, s, h, w, crop=True),
    ),
    Transform(
        "brightness",
        "adjust_brightness",
        (FACTOR,),
        torchvision="v2.ColorJitter(brightness={factor})",
    ),
    Transform(
        "contrast", "adjust_contrast", (FACTOR,), torchvision="v2.ColorJitter(contrast={factor})"
    ),
    Transform(
        "saturation",
        "adjust_saturation",
        (Param("factor", 0.0, 3.0, (0.5, 1.5)),),
        torchvision="v2.ColorJitter(saturation={factor})",
    ),
    Transform(
        "hue",
        "adjust_hue",
        (Param("factor", -0.5, 0.5, (-0.1, 0.1)),),
        torchvision="v2.ColorJitter(hue={factor})",
    ),
    Transform("grayscale", "rgb_to_grayscale", p=0.2, torchvision="v2.RandomGrayscale(p={p})"),
    Transform(
        "blur",
        "gaussian_blur",
        (
            Param("kernel_size", 0, 0, 9, options=(3, 5, 9, 15)),
            Param("sigma", 0.1, 5.0, (0.1, 2.0)),
        ),
        torchvision="v2.GaussianBlur(kernel_size={kernel_size}, sigma={sigma})",
    ),
    Transform(
        "noise",
        "gaussian_noise",
        (Param("sigma", 0.0, 0.5, 0.1),),
        torchvision="v2.GaussianNoise(sigma={sigma})",
        draw=lambda g, s, h, w: {"sigma": s["sigma"], "seed": randint(g, 0, 2**31 - 1)},
    ),
    Transform(
        "erase",
        "erase",
        (Param("area", 0.01, 0.5, (0.02, 0.2)), Param("ratio", 0.25, 4.0, (0.3, 3.3))),
        0.5,
        "v2.RandomErasing(p={p}, scale={area}, ratio={ratio}, value=0)",
        lambda g, s, h, w: _draw_box(g, s, h, w, crop=False),
    ),
)
TRANSFORMS = {t.name: t for t in TABLE}
OWN_P = {"hflip", "vflip", "perspective", "grayscale", "erase"}  # the rest need v2.RandomApply


def transform(name: str) -> Transform:
    if name not in TRANSFORMS:
        raise InputError(
            "aug_unknown_transform", "{name!r} is not a transform on this page.", name=name
        )
    return TRANSFORMS[name]


def defaults(name: str) -> dict:
    """The settings a transform starts with: its probability and parameter defaults."""
    t = transform(name)
    return {"p": t.p, **{p.name: p.default for p in t.params}}


def check_settings(name: str, settings: dict) -> dict:
    """The settings with defaults filled in; InputError when one is outside its row."""
    s = {**defaults(name), **settings}
    for p in (Param("p", 0.0, 1.0, 1.0), *transform(name).params):
        value = s[p.name]
        values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
        ok = (
            value in p.options
            if p.kind == "choice"
            else (
                len(values) == (2 if p.kind == "range" else 1)
                and all(isinstance(v, (int, float)) and p.low <= v <= p.high for v in values)
                and list(values) == sorted(values)
            )
        )
        if not ok:
            raise InputError(
                "aug_param",
                "{name}: {param} = {value} is not allowed here.",
                name=name,
                param=p.name,
                value=value,
            )
        s[p.name] = values if p.kind == "range" else value
    return s


def torchvision_call(name: str, s: dict, h: int, w: int) -> str:
    """One v2 transform for checked settings `s`; ranges print as (lo, hi)."""
    t = transform(name)
    if callable(t.torchvision):
        return t.torchvision(s, h, w)
    shown = {
        k: f"({v[0]:g}, {v[1]:g})"
        if isinstance(v, tuple)
        else f"{v:g}"
        if isinstance(v, float)
        else v
        for k, v in s.items()
    }
    return t.torchvision.format(**shown, h=h, w=w)
