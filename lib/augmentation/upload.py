"""A student's own picture: PNG or JPEG bytes in, a small (3, H, W) float tensor out.

Everything a hostile or simply huge file could do is refused with one sentence, before the
pixels are decoded: wrong format, more than 5 MB, more than 4096 pixels a side, or a
"decompression bomb" (a tiny file that unpacks into gigabytes).
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import threading
import warnings
import zlib
from collections import OrderedDict

import torch
from PIL import Image, ImageOps

from lib.common.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
# Every slider move augments the picture again, up to 16 copies through 16 transforms, in the
# one process that serves the class: 0.67 s of CPU at 256 px, 0.24 s at the built-ins' 128 px
# (measured). 160 px keeps a move near 0.3 s.
DISPLAY_SIDE = 160
MIN_SIDE = 8  # after shrinking: a 1-pixel sliver has nothing to augment (and no blur fits)
FORMATS = ("PNG", "JPEG")
JPEG_QUALITY = 90  # what st.image re-encodes an RGB picture at
# Decode work is bounded before it starts. A progressive JPEG may repeat refinement scans without
# end (100 KB once cost 12.6 s of CPU); an encoder writes about 10. A PNG of 4096² 16-bit RGBA
# is legal but unpacks to 128 MB: the decoded bytes (after JPEG's draft reduction) are capped.
MAX_JPEG_SCANS = 16
MAX_DECODED_BYTES = 64 * 1024 * 1024
CACHED_FILES = 16  # shrunk pictures (≤ 0.8 MB each) kept by content: a rerun never decodes again
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by PNG colour type

# Process-wide on purpose: no request may make Pillow decode more than one maximal picture.
# Pillow warns above this many pixels and raises DecompressionBombError above twice as many.
Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE


_cache: OrderedDict[str, torch.Tensor | InputError] = OrderedDict()
_cache_lock = threading.Lock()  # the cache is the whole process's: every session reads it


def decode_upload(data: bytes) -> torch.Tensor:
    """`_decode(data)`, once per file content for the whole process: a page reruns on every
    slider move, and the same upload (or the same refusal) must not be decoded again."""
    digest = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        found = _cache.get(digest)
        if found is not None:
            _cache.move_to_end(digest)
    if found is None:
        try:
            found = _decode(data)
        except InputError as err:
            found = err
        with _cache_lock:
            _cache[digest] = found
            while len(_cache) > CACHED_FILES:
                _cache.popitem(last=False)
    if isinstance(found, InputError):
        raise found
    return found.clone()  # callers may not change what the next rerun gets


def _decode(data: bytes) -> torch.Tensor:
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
            _check_work(im, data)  # from the header alone: nothing is decoded yet
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


def _check_work(im: Image.Image, data: bytes) -> None:
    """Refuse, before decoding, a picture whose decoding would cost the class too much."""
    if im.format == "JPEG" and data.count(b"\xff\xda") > MAX_JPEG_SCANS:  # start-of-scan markers
        raise InputError(
            "aug_upload_scans",
            "This JPEG is saved in {n} passes; at most {max} please (save it again as a "
            "normal JPEG).",
            n=data.count(b"\xff\xda"),
            max=MAX_JPEG_SCANS,
        )
    depth = 2 if im.format == "PNG" and _png_header(data)[2] == 16 else 1
    decoded = im.width * im.height * len(im.getbands()) * depth
    if decoded > MAX_DECODED_BYTES:
        raise InputError(
            "aug_upload_memory",
            "The picture would unpack to {mb:.0f} MB; at most {max} MB please (a smaller or "
            "8-bit picture fits).",
            mb=decoded / 2**20,
            max=MAX_DECODED_BYTES // 2**20,
        )
    if im.format == "PNG":
        _check_png_rows(data)


def _png_header(data: bytes) -> tuple[int, int, int, int, int]:
    """width, height, bit depth, colour type, interlace of a PNG (its IHDR chunk)."""
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    return w, h, depth, colour, interlace


def _check_png_rows(data: bytes) -> None:
    """Pillow fills the rows a PNG lacks with black and says nothing: count them ourselves."""
    w, h, depth, colour, interlace = _png_header(data)
    if interlace or colour not in _PNG_CHANNELS:
        return  # Adam7 rows are not counted here; Pillow still refuses a cut-off stream
    need = h * (1 + math.ceil(w * _PNG_CHANNELS[colour] * depth / 8))
    idat, at = [], 8
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            idat.append(data[at + 8 : at + 8 + size])
        at += 12 + size
    try:
        got = len(zlib.decompressobj().decompress(b"".join(idat), need + 1))
    except zlib.error:
        got = -1
    if got < need:
        raise InputError(
            "aug_upload_truncated",
            "The PNG ends early: it holds fewer rows than its header promises.",
        )


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
