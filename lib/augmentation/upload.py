"""A student's own picture: PNG or JPEG bytes in, a small (3, H, W) float tensor out.

Everything a hostile or simply huge file could do is refused with one sentence, before the
pixels are decoded: wrong format, more than 5 MB, more than 4096 pixels a side, or a
"decompression bomb" (a tiny file that unpacks into gigabytes).
"""

from __future__ import annotations

import io
import struct
import warnings

import torch
from PIL import Image, ImageOps

from lib.common.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
DISPLAY_SIDE = 256  # augmenting 16 copies stays quick at this size
MIN_SIDE = 8  # after shrinking: a 1-pixel sliver has nothing to augment (and no blur fits)
FORMATS = ("PNG", "JPEG")
JPEG_QUALITY = 90  # what st.image re-encodes an RGB picture at

# Process-wide on purpose: no request may make Pillow decode more than one maximal picture.
# Pillow warns above this many pixels and raises DecompressionBombError above twice as many.
Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE


def decode_upload(data: bytes) -> torch.Tensor:
    """Decode, turn upright (EXIF), flatten transparency onto white, shrink to DISPLAY_SIDE."""
    if not data:
        raise InputError("aug_upload_empty", "The uploaded file is empty.")
    if len(data) > MAX_BYTES:
        raise InputError(
            "aug_upload_bytes",
            "The file has {mb:.1f} MB; at most {max} MB please.",
            mb=len(data) / 2**20,
            max=MAX_BYTES // 2**20,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=list(FORMATS))  # reads the header only
            if max(im.size) > MAX_SIDE:
                raise InputError(
                    "aug_upload_pixels",
                    "The image is {w}x{h} pixels; at most {max}x{max} please.",
                    w=im.width,
                    h=im.height,
                    max=MAX_SIDE,
                )
            im.draft("RGB", (DISPLAY_SIDE, DISPLAY_SIDE))  # JPEG decodes at 1/2..1/8 size
            im = ImageOps.exif_transpose(im)
            im = _to_rgb(im)
            im.thumbnail((DISPLAY_SIDE, DISPLAY_SIDE))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise InputError(
            "aug_upload_bomb", "The image would unpack to too many pixels; it was refused."
        ) from err
    except Image.UnidentifiedImageError as err:
        raise InputError("aug_upload_format", "That file is not a PNG or JPEG image.") from err
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(
            "aug_upload_broken", "The image could not be read; the file may be damaged."
        ) from err
    if min(im.size) < MIN_SIDE:
        raise InputError(
            "aug_upload_small",
            "Shrunk to fit {side} pixels the picture is {w}x{h}; each side needs at "
            "least {min} pixels.",
            side=DISPLAY_SIDE,
            w=im.width,
            h=im.height,
            min=MIN_SIDE,
        )
    return pil_to_tensor(im)


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB; transparent parts become white, 16-bit greys are scaled to 8 bits."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 257).convert("L")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    return im.convert("RGB")


def pil_to_tensor(im: Image.Image) -> torch.Tensor:
    """An RGB PIL image as (3, H, W) float32 in [0, 1]."""
    raw = torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8)
    return raw.view(im.height, im.width, 3).permute(2, 0, 1).float() / 255


def to_jpeg(img: torch.Tensor) -> bytes:
    """A (3, H, W) float image in [0, 1] as JPEG bytes, for the browser: exactly what
    `st.image` would have made of a PNG of it (an RGB picture is sent as JPEG at quality 90),
    without encoding a PNG first and decoding it again."""
    hwc = img.clamp(0, 1).mul(255).round().to(torch.uint8).permute(1, 2, 0).contiguous()
    im = Image.frombytes("RGB", (img.shape[-1], img.shape[-2]), hwc.numpy().tobytes())
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()
