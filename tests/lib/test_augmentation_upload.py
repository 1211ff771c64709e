"""A student's upload: PNG/JPEG in, small RGB tensor out; everything else refused in a sentence."""

import io
import struct
import zlib

import pytest
import torch
from PIL import Image

from lib.augmentation import upload as image_upload
from lib.common.errors import InputError


def encoded(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A few dozen bytes claiming a huge picture: the classic decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def refused(data: bytes) -> str:
    with pytest.raises(InputError) as err:
        image_upload.decode_upload(data)
    return err.value.key


def test_a_png_becomes_rgb_in_the_unit_range_shrunk_to_the_display_size():
    im = Image.new("RGB", (1000, 500), (255, 0, 0))
    img = image_upload.decode_upload(encoded(im, "PNG"))
    side = image_upload.DISPLAY_SIDE
    assert img.shape == (3, side // 2, side) and img.dtype == torch.float32
    torch.testing.assert_close(img[:, 0, 0], torch.tensor([1.0, 0.0, 0.0]))


def test_a_jpeg_is_read_and_small_images_keep_their_size():
    img = image_upload.decode_upload(encoded(Image.new("RGB", (40, 30), (0, 128, 255)), "JPEG"))
    assert img.shape == (3, 30, 40)
    assert abs(img[2].mean().item() - 1.0) < 0.02


def test_transparent_pixels_become_white_and_greyscale_becomes_rgb():
    rgba = Image.new("RGBA", (9, 9), (0, 0, 0, 0))
    assert image_upload.decode_upload(encoded(rgba, "PNG")).min() == 1.0
    grey16 = Image.new("I;16", (10, 10), 65535)
    img = image_upload.decode_upload(encoded(grey16, "PNG"))
    assert img.shape == (3, 10, 10) and img.min() > 0.99
    palette = Image.new("P", (9, 9), 7)
    assert image_upload.decode_upload(encoded(palette, "PNG")).shape == (3, 9, 9)


def test_the_exif_orientation_turns_a_phone_photo_upright():
    im = Image.new("RGB", (40, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    img = image_upload.decode_upload(encoded(im, "JPEG", exif=exif))
    assert img.shape == (3, 40, 20)


def test_an_empty_file_is_refused():
    assert refused(b"") == "aug_upload_empty"


def test_more_than_five_megabytes_is_refused_before_decoding():
    assert refused(b"\x89PNG" + b"\0" * (5 * 2**20)) == "aug_upload_bytes"


@pytest.mark.parametrize("data", [b"hello, this is text", b"%PDF-1.4 fake", b"\xff\xd8\xff"])
def test_files_that_are_not_images_are_refused(data):
    assert refused(data) in {"aug_upload_format", "aug_upload_broken"}


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "WEBP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    assert refused(encoded(Image.new("RGB", (8, 8)), fmt)) == "aug_upload_format"


def test_a_tiny_file_claiming_a_huge_picture_is_refused_as_a_bomb_from_its_header():
    data = png_header_only(50_000, 50_000)  # 2.5 gigapixels in under 200 bytes
    assert len(data) < 200
    assert refused(data) == "aug_upload_bomb"
    assert refused(png_header_only(4097, 16)) == "aug_upload_pixels"


def test_a_side_over_4096_pixels_is_refused_and_4096_passes_the_check():
    assert refused(encoded(Image.new("L", (4097, 1)), "PNG")) == "aug_upload_pixels"
    img = image_upload.decode_upload(encoded(Image.new("L", (4096, 256)), "PNG"))
    side = image_upload.DISPLAY_SIDE
    assert img.shape == (3, round(side * 256 / 4096), side)


@pytest.mark.parametrize("size", [(1, 1), (4096, 2), (2000, 3), (7, 300)])
def test_a_sliver_too_thin_to_augment_is_refused_in_a_sentence(size):
    assert refused(encoded(Image.new("RGB", size), "PNG")) == "aug_upload_small"


def test_pillows_decompression_bomb_guard_is_turned_into_a_sentence(monkeypatch):
    data = encoded(Image.new("RGB", (300, 300)), "PNG")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300 * 300 - 1)  # warning zone
    assert refused(data) == "aug_upload_bomb"
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300 * 300 // 3)  # error zone
    assert refused(data) == "aug_upload_bomb"


def test_the_process_wide_pillow_limit_is_one_maximal_picture():
    assert Image.MAX_IMAGE_PIXELS == image_upload.MAX_SIDE**2


def test_a_truncated_png_is_refused_as_ending_early():
    data = encoded(Image.new("RGB", (64, 64), (1, 2, 3)), "PNG")
    assert refused(data[: len(data) // 2]) == "aug_upload_truncated"


def test_every_refusal_reads_as_one_sentence_in_three_languages():
    from ui.text import strings

    keys = [
        "aug_upload_empty",
        "aug_upload_bytes",
        "aug_upload_pixels",
        "aug_upload_bomb",
        "aug_upload_format",
        "aug_upload_broken",
        "aug_upload_scans",
        "aug_upload_memory",
        "aug_upload_truncated",
    ]
    for lang in ("zh-TW", "zh-CN"):
        for key in keys:
            assert f"errors.{key}" in strings(lang)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_png_missing_half_its_rows_is_refused_though_pillow_fills_them_silently():
    """Issue 13: a well-formed PNG whose pixel data stops half-way was accepted (black rows)."""
    w, h = 64, 64
    rows = b"".join(b"\0" + bytes([120, 30, 200]) * w for _ in range(h // 2))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
    data += _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")
    Image.open(io.BytesIO(data)).load()  # Pillow itself says nothing
    assert refused(data) == "aug_upload_truncated"
    whole = b"".join(b"\0" + bytes([120, 30, 200]) * w for _ in range(h))
    good = data.replace(_chunk(b"IDAT", zlib.compress(rows)), _chunk(b"IDAT", zlib.compress(whole)))
    assert image_upload.decode_upload(good).shape == (3, 64, 64)


def test_a_progressive_jpeg_with_endless_refinement_scans_is_refused_before_decoding():
    """Issue 13: a 100 KB progressive JPEG repeating its refinement scans cost 12.6 s of CPU."""
    normal = encoded(Image.effect_noise((64, 64), 40).convert("RGB"), "JPEG", progressive=True)
    assert image_upload.decode_upload(normal).shape == (3, 64, 64)  # Pillow's ~10 scans pass
    last = normal.rindex(b"\xff\xda")
    hostile = normal[:last] + normal[last:-2] * 40 + b"\xff\xd9"
    assert hostile.count(b"\xff\xda") > image_upload.MAX_JPEG_SCANS
    assert refused(hostile) == "aug_upload_scans"


def test_a_16_bit_rgba_4096_square_png_is_refused_from_its_header():
    """Issue 13: a legal 138 KB 16-bit RGBA 4096² PNG cost +320 MB per rerun; refused from the
    header (128 MB decoded), while the same size at 8 bits per channel would pass the check."""
    ihdr = struct.pack(">IIBBBBB", 4096, 4096, 16, 6, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
    data += _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b"")
    assert refused(data) == "aug_upload_memory"
    assert 4096 * 4096 * 4 <= image_upload.MAX_DECODED_BYTES < 4096 * 4096 * 4 * 2


def test_an_upload_is_decoded_once_per_file_and_refusals_are_remembered(monkeypatch):
    decoded = []
    real = image_upload._decode
    monkeypatch.setattr(image_upload, "_decode", lambda d: decoded.append(1) or real(d))
    photo = encoded(Image.effect_noise((40, 30), 30).convert("RGB"), "PNG")
    first = image_upload.decode_upload(photo)
    first.fill_(0)  # a caller changing its copy does not change the next rerun's
    again = image_upload.decode_upload(photo)
    assert len(decoded) == 1 and again.abs().sum() > 0
    for _ in range(2):
        with pytest.raises(InputError):
            image_upload.decode_upload(b"not an image " + bytes(range(40)))
    assert len(decoded) == 2
    for k in range(image_upload.CACHED_FILES + 4):  # bounded: the oldest files leave
        image_upload.decode_upload(encoded(Image.new("RGB", (9, 9), (k, 0, 0)), "PNG"))
    assert len(image_upload._cache) == image_upload.CACHED_FILES
