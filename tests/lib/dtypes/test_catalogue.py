"""torch.finfo / torch.iinfo as the page reads them, against NumPy and bfloat16's closed form."""

import numpy as np
import pytest

from lib.dtypes import DTYPES, info


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_float_limits_match_numpy(name):
    got, want = info(name), np.finfo(np.dtype(name))
    assert got.bits == want.bits
    assert (got.min, got.max, got.eps) == (float(want.min), float(want.max), float(want.eps))
    assert got.smallest_normal == float(want.smallest_normal)
    assert got.smallest_subnormal == float(want.smallest_subnormal)
    assert got.digits == want.precision
    assert got.mantissa_bits == want.nmant and got.exponent_bits == want.nexp


def test_bfloat16_is_float32s_exponent_with_seven_mantissa_bits():
    got = info("bfloat16")
    assert (got.bits, got.exponent_bits, got.mantissa_bits) == (16, 8, 7)
    assert got.eps == 2.0**-7
    assert got.max == (2 - 2.0**-7) * 2.0**127 and got.min == -got.max
    assert got.smallest_normal == 2.0**-126
    assert got.smallest_subnormal == 2.0**-133  # 2^-126 · 2^-7


@pytest.mark.parametrize("name", ["int64", "int32", "int16", "int8", "uint8"])
def test_integer_limits_match_numpy(name):
    got, want = info(name), np.iinfo(np.dtype(name))
    assert (got.bits, got.min, got.max) == (want.bits, int(want.min), int(want.max))
    assert got.eps is None and got.smallest_normal is None


def test_uint8_holds_zero_to_255_and_bool_takes_a_byte():
    assert (info("uint8").min, info("uint8").max) == (0, 255)
    assert (info("bool").bits, info("bool").min, info("bool").max) == (8, 0, 1)


def test_the_public_table_has_the_notes_dtypes_plus_bfloat16():
    notes = {"float32", "float64", "float16", "int8", "uint8", "int16", "int32", "int64", "bool"}
    assert set(DTYPES) == notes | {"bfloat16"}
    assert all(str(d) == f"torch.{n}" for n, d in DTYPES.items())
