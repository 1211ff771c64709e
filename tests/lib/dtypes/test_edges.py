"""Edge cases and the accumulation experiment against NumPy loops, integer bfloat16 rounding and
exact fractions."""

import math
import struct
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.dtypes import MAX_COUNT, STEPS, accumulate, edge_results
from lib.dtypes.edges import EDGES


def bf16(x: float) -> float:
    """Round a float32 value to bfloat16 with integer arithmetic (nearest, ties to even)."""
    bits = struct.unpack("<I", struct.pack("<f", x))[0]
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


def numpy_running(step: float, count: int, t) -> list[float]:
    total, x, out = t(0), t(step), []
    for _ in range(count):
        total = t(total + x)
        out.append(float(total))
    return out


def bf16_running(step: float, count: int) -> list[float]:
    """bfloat16 addition as torch's CPU kernel does it: add in float32, round to bfloat16."""
    x = bf16(float(np.float32(step)))
    total, out = 0.0, []
    for _ in range(count):
        total = bf16(float(np.float32(total) + np.float32(x)))
        out.append(total)
    return out


@settings(max_examples=8)
@given(st.integers(1, 3000), st.sampled_from(STEPS))
def test_running_sums_match_numpy_and_integer_bfloat16(count, step):
    acc = accumulate(count, step)
    h, f = numpy_running(step, count, np.float16), numpy_running(step, count, np.float32)
    b = bf16_running(step, count)
    assert acc.final == {"float16": h[-1], "bfloat16": b[-1], "float32": f[-1]}
    assert acc.running["float16"] == tuple(h[i - 1] for i in acc.at)
    assert acc.running["bfloat16"] == tuple(b[i - 1] for i in acc.at)
    assert acc.exact == float(Fraction(step) * count)


def test_float16_stalls_at_256_adding_a_tenth_and_at_2048_adding_one():
    acc = accumulate(3000, 0.1)
    assert acc.final["float16"] == 256.0 and acc.stalls["float16"] is not None
    assert acc.final["bfloat16"] == 32.0
    assert acc.stalls["float32"] is None
    assert accumulate(3000, 1.0).final["float16"] == 2048.0  # 2048 + 1 rounds back to 2048
    assert acc.summed["float16"] == pytest.approx(300.0, rel=1e-3)  # torch.sum: one rounding


def test_the_chart_gets_a_bounded_number_of_points():
    acc = accumulate(MAX_COUNT, 0.0001)
    assert len(acc.at) <= 201 and acc.at[-1] == MAX_COUNT


@pytest.mark.parametrize(("count", "step"), [(0, 0.1), (MAX_COUNT + 1, 0.1), (10, 0.3), (-5, 1.0)])
def test_absurd_experiments_are_refused_before_any_work(count, step):
    with pytest.raises(InputError):
        accumulate(count, step)


def test_every_edge_case_is_what_the_rules_say():
    got = {r.code: (r.values, r.dtype) for r in edge_results()}
    tiny = float(np.float16(1e-6))
    assert [v for v, _ in got.values()] == [
        (math.inf,),
        (math.inf,),
        (0.0,),
        (tiny,),
        (float(2.0**-133 * round(1e-40 / 2.0**-133)),),  # a multiple of bfloat16's subnormal
        (0,),
        (255,),
        (-128,),
        (300 % 256, -1 % 256),
        (math.trunc(2.7), math.trunc(-2.7)),
        (False, False, True, True, True),
        (2,),
    ]
    assert [d for _, d in got.values()][-2:] == ["bool", "int64"]


def test_the_code_column_is_the_expression_that_ran():
    import torch  # noqa: F401  (the expressions name it)

    for e, r in zip(EDGES, edge_results(), strict=True):
        again = eval(e.code, {"torch": torch})  # our own fixed strings, never user text
        assert tuple(again.reshape(-1).tolist()) == r.values or math.isnan(r.values[0])
