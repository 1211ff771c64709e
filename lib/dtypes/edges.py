"""What happens at a dtype's edges, each case computed by torch: overflow, underflow and
subnormals, integer wraparound, truncation toward zero, bool casting; and the error of adding
many small numbers one at a time."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import torch

from lib.common.errors import InputError
from lib.dtypes.catalogue import DTYPES

NAN = math.nan


@dataclass(frozen=True)
class Edge:
    kind: str  # overflow, underflow, subnormal, wrap, truncate, bool
    code: str  # what a student would type
    make: Callable[[], torch.Tensor]


# The code column is the expression `make` runs; tests execute the string and compare.
EDGES = (
    Edge("overflow", "torch.tensor([70000.0]).half()", lambda: torch.tensor([70000.0]).half()),
    Edge(
        "overflow",
        "torch.tensor([65504.0], dtype=torch.float16) * 2",
        lambda: torch.tensor([65504.0], dtype=torch.float16) * 2,
    ),
    Edge("underflow", "torch.tensor([1e-8]).half()", lambda: torch.tensor([1e-8]).half()),
    Edge("subnormal", "torch.tensor([1e-6]).half()", lambda: torch.tensor([1e-6]).half()),
    Edge("subnormal", "torch.tensor([1e-40]).bfloat16()", lambda: torch.tensor([1e-40]).bfloat16()),
    Edge(
        "wrap",
        "torch.tensor([255], dtype=torch.uint8) + 1",
        lambda: torch.tensor([255], dtype=torch.uint8) + 1,
    ),
    Edge(
        "wrap",
        "torch.tensor([0], dtype=torch.uint8) - 1",
        lambda: torch.tensor([0], dtype=torch.uint8) - 1,
    ),
    Edge(
        "wrap",
        "torch.tensor([127], dtype=torch.int8) + 1",
        lambda: torch.tensor([127], dtype=torch.int8) + 1,
    ),
    Edge(
        "wrap",
        "torch.tensor([300, -1]).to(torch.uint8)",
        lambda: torch.tensor([300, -1]).to(torch.uint8),
    ),
    Edge(
        "truncate",
        "torch.tensor([2.7, -2.7]).to(torch.int32)",
        lambda: torch.tensor([2.7, -2.7]).to(torch.int32),
    ),
    Edge(
        "bool",
        "torch.tensor([0.0, -0.0, 0.1, -3.0, float('nan')]).bool()",
        lambda: torch.tensor([0.0, -0.0, 0.1, -3.0, NAN]).bool(),
    ),
    Edge(
        "bool",
        "torch.tensor([True, True, False]).sum()",
        lambda: torch.tensor([True, True, False]).sum(),
    ),
)


@dataclass(frozen=True)
class EdgeResult:
    kind: str
    code: str
    values: tuple  # what torch returned, as Python numbers / bools
    dtype: str


def edge_results() -> list[EdgeResult]:
    """Every edge case, as torch answers it."""
    out = []
    for e in EDGES:
        t = e.make()
        name = next(n for n, d in DTYPES.items() if d == t.dtype)
        out.append(EdgeResult(e.kind, e.code, tuple(t.reshape(-1).tolist()), name))
    return out


ACCUMULATORS = ("float16", "bfloat16", "float32")
STEPS = (0.0001, 0.001, 0.01, 0.1, 1.0)  # what is added each time
MAX_COUNT = 10_000  # additions per dtype: ~10 ms each of Python-level torch calls at the worst
MAX_POINTS = 200  # points of each trajectory sent to the chart


@dataclass(frozen=True)
class Accumulation:
    count: int
    step: float
    exact: float  # the exact sum of `count` copies of `step` (math.fsum, correctly rounded)
    at: tuple[int, ...]  # the additions at which the running sums were read
    running: dict[str, tuple[float, ...]]  # dtype -> running sum at each `at`
    final: dict[str, float]  # dtype -> running sum after every addition
    stalls: dict[str, int | None]  # first addition that left the sum unchanged, if any
    summed: dict[str, float]  # torch.sum over the same numbers in that dtype


def _running(step: float, count: int, name: str) -> tuple[list[float], int | None]:
    """`total = total + x`, one addition at a time in dtype `name`. Once an addition leaves the
    total unchanged, every later one does too (the same two numbers round the same way), so
    the rest of the trajectory is known without computing it."""
    dtype = DTYPES[name]
    x = torch.tensor(step, dtype=dtype)
    total, new = torch.zeros((), dtype=dtype), torch.zeros((), dtype=dtype)
    sums: list[float] = []
    previous = 0.0
    for i in range(count):
        torch.add(total, x, out=new)  # one rounding to `dtype`, into a reused tensor
        value = new.item()  # exact: every float dtype's value is a Python float
        if value == previous:
            return sums + [previous] * (count - i), i + 1
        sums.append(value)
        previous, (total, new) = value, (new, total)
    return sums, None


def accumulate(count: int, step: float) -> Accumulation:
    """Add `step` to zero `count` times in float16, bfloat16 and float32."""
    if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InputError(
            "dt_count",
            "{count} additions is outside 1 to {limit}.",
            count=str(count)[:20],
            limit=MAX_COUNT,
        )
    if step not in STEPS:
        raise InputError("dt_step", "{step} is not one of the offered steps.", step=step)
    every = max(1, math.ceil(count / MAX_POINTS))
    at = tuple(sorted({*range(every, count + 1, every), count}))
    running, final, stalls, summed = {}, {}, {}, {}
    for name in ACCUMULATORS:
        sums, stall = _running(step, count, name)
        running[name] = tuple(sums[i - 1] for i in at)
        final[name], stalls[name] = sums[-1], stall
        summed[name] = torch.full((count,), step, dtype=DTYPES[name]).sum().item()
    exact = math.fsum([step] * count)
    return Accumulation(count, step, exact, at, running, final, stalls, summed)


def exact_sum(count: int, step: float) -> Fraction:
    """The sum of `count` copies of the float64 `step`, with no rounding at all."""
    return Fraction(step) * count
