"""The dtypes of the notes plus bfloat16, and what torch.finfo / torch.iinfo say about each."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

# Widest first inside each category: the order of every table and chart on the page.
DTYPES: dict[str, torch.dtype] = {
    "float64": torch.float64,
    "float32": torch.float32,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "int64": torch.int64,
    "int32": torch.int32,
    "int16": torch.int16,
    "int8": torch.int8,
    "uint8": torch.uint8,
    "bool": torch.bool,
}
FLOATS = ("float64", "float32", "float16", "bfloat16")
INTS = ("int64", "int32", "int16", "int8", "uint8")
# The signed integer of the same width: reading a float's bits is `.view(<this>)`.
BITS_VIEW = {"float64": torch.int64, "float32": torch.int32, "float16": torch.int16}
BITS_VIEW["bfloat16"] = torch.int16


@dataclass(frozen=True)
class DTypeInfo:
    """torch's own numbers for one dtype. Floats: Python floats; integers and bool: ints.
    `eps`, `smallest_normal`, `smallest_subnormal`, `digits` and the bit layout are None for
    integers and bool."""

    name: str
    bits: int
    min: float | int
    max: float | int
    eps: float | None = None
    smallest_normal: float | None = None
    smallest_subnormal: float | None = None
    digits: int | None = None  # decimal digits that always survive a round trip
    exponent_bits: int | None = None
    mantissa_bits: int | None = None


def category(name: str) -> str:
    """'bool', 'int' or 'float': the order in which torch's promotion lets a category win."""
    return "bool" if name == "bool" else "float" if name in FLOATS else "int"


def info(name: str) -> DTypeInfo:
    """What torch.finfo / torch.iinfo report for `name` (one of DTYPES)."""
    dtype = DTYPES[name]
    if name == "bool":
        return DTypeInfo(name, 8 * torch.empty((), dtype=dtype).element_size(), 0, 1)
    if name in INTS:
        i = torch.iinfo(dtype)
        return DTypeInfo(name, i.bits, int(i.min), int(i.max))
    f = torch.finfo(dtype)
    mantissa = round(-math.log2(f.eps))  # eps = 2^-mantissa_bits
    # the smallest positive bit pattern, 0…01, read back as this dtype
    subnormal = torch.ones((), dtype=BITS_VIEW[name]).view(dtype).item()
    return DTypeInfo(
        name,
        f.bits,
        float(f.min),
        float(f.max),
        float(f.eps),
        float(f.smallest_normal),
        float(subnormal),
        round(-math.log10(f.resolution)),
        f.bits - 1 - mantissa,
        mantissa,
    )
