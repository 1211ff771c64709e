"""Stored values, bit patterns and neighbours against NumPy casts, `struct` and integer rounding."""

import math
import struct

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.dtypes import encode, encode_all, parse_number, spacing, stored

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


def f32_bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bf16_of_f32(x: float) -> tuple[int, float]:
    """bfloat16 by hand: float32's bits, low 16 rounded to nearest-even with integers."""
    bits = f32_bits(x)
    if math.isnan(x):
        return bits >> 16 | 0x40, math.nan
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    value = struct.unpack("<f", struct.pack("<I", (rounded << 16) & 0xFFFFFFFF))[0]
    return rounded & 0xFFFF, value


def through_f32(x: float) -> np.float32:
    with np.errstate(over="ignore"):
        return np.float32(x)


@given(finite)
@example(0.1)
@example(2049.0)
@example(65520.0)  # float16 rounds up to inf
@example(1e-8)
@example(-0.0)
def test_float64_and_float32_store_what_numpy_casts_to(x):
    assert stored(x, "float64") == x
    assert stored(x, "float32") == float(through_f32(x))


@given(finite)
@example(2049.0)
@example(65519.0)
@example(6e-8)
def test_float16_stores_numpys_float16_of_the_float32(x):
    """torch rounds a Python float to float16 through float32 (two roundings)."""
    with np.errstate(over="ignore"):
        want = float(np.float16(through_f32(x)))
    assert stored(x, "float16") == want or (math.isnan(want) and math.isnan(stored(x, "float16")))


def test_the_route_through_float32_can_differ_from_one_rounding():
    x = 1 + 2.0**-11 + 2.0**-40  # just above a float16 tie; float32 drops the 2^-40
    assert float(np.float16(x)) == 1 + 2.0**-10  # one rounding: up
    assert stored(x, "float16") == 1.0  # torch: float32 makes it a tie, the tie goes to even


@given(finite)
@example(1 + 2.0**-8)  # a tie: goes to the even mantissa, 1.0
@example(1 + 3 * 2.0**-8)  # a tie: goes up to even
@example(3.4e38)
def test_bfloat16_stores_float32_rounded_to_its_top_16_bits(x):
    _, want = bf16_of_f32(float(through_f32(x)))
    assert stored(x, "bfloat16") == want


def test_2049_is_not_a_float16_and_ties_go_to_even():
    assert stored(2049, "float16") == 2048.0
    assert stored(2051, "float16") == 2052.0
    assert stored(70000, "float16") == math.inf and stored(-70000, "float16") == -math.inf


@given(finite)
@example(0.1)
@example(-2.5)
def test_bit_patterns_are_the_bytes_struct_packs(x):
    for name, fmt, width in [("float64", "<d", 64), ("float32", "<f", 32), ("float16", "<e", 16)]:
        e = encode(x, name)
        value = e.stored
        packed = struct.pack(fmt, value) if math.isfinite(value) or fmt != "<e" else None
        if packed is None:  # struct cannot pack inf as 'e' on every Python: build it by hand
            want = "0" if value > 0 else "1"
            assert e.sign + e.exponent + e.mantissa == want + "1" * 5 + "0" * 10
            continue
        bits = int.from_bytes(packed, "little")
        assert e.sign + e.exponent + e.mantissa == format(bits, f"0{width}b")
    e = encode(x, "bfloat16")
    pattern, _ = bf16_of_f32(float(through_f32(x)))
    assert e.sign + e.exponent + e.mantissa == format(pattern, "016b")


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
@pytest.mark.parametrize("x", [0.1, 1.0, 2049.0, -3.7, 1e-6, 0.0])
def test_neighbours_are_numpys_nextafter(name, x):
    t = np.dtype(name).type
    e = encode(x, name)
    s = t(e.stored)
    assert e.below == float(np.nextafter(s, t(-np.inf)))
    assert e.above == float(np.nextafter(s, t(np.inf)))


def test_kinds_follow_the_exponent_field():
    assert encode(1e-6, "float16").kind == "subnormal"
    assert encode(1e-3, "float16").kind == "normal"
    assert encode(1e-9, "float16").kind == "zero"
    assert encode(1e5, "float16").kind == "inf"
    assert encode(math.nan, "float16").kind == "nan"


def test_the_error_is_measured_from_the_typed_decimal():
    float64 = encode_all("0.1")[0]
    assert float64.name == "float64"
    assert float64.error == pytest.approx(5.551115123125783e-18, rel=1e-12)  # 0.1 → binary
    assert encode_all("0.5")[2].error == 0.0
    assert encode_all("70000")[2].error == math.inf


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_spacing_is_numpys_spacing_at_every_power_of_two(name):
    s = spacing(name)
    t = np.dtype(name).type
    assert len(s.magnitudes) > 20
    for m, gap in zip(s.magnitudes, s.gaps, strict=True):
        assert gap == float(np.spacing(t(m)))


def test_float16_stops_before_2_to_the_16_and_steps_by_2_from_2048():
    s = dict(zip(spacing("float16").magnitudes, spacing("float16").gaps, strict=True))
    assert s[2048.0] == 2.0 and s[1024.0] == 1.0
    assert max(s) == 2.0**15


@pytest.mark.parametrize(
    "text", ["abc", "1e400", "-1e999", "1,5", "0x10", "", "1" * 10_000, "`rm -rf`", "1e"]
)
def test_bad_numbers_say_one_sentence_and_quote_little(text):
    with pytest.raises(InputError) as err:
        parse_number(text)
    message = str(err.value)
    assert len(message) < 160  # at most 40 characters of the input are quoted back
    assert message.count("`") == 2  # the input's own backticks are removed: one code span


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.1", 0.1), (" -2049 ", -2049.0), ("1e-8", 1e-8), ("inf", math.inf), ("+.5", 0.5)],
)
def test_numbers_a_student_types_are_read(text, value):
    assert parse_number(text) == value
