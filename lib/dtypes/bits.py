"""A number as a float dtype stores it: sign, exponent and mantissa bits, the stored value, its
neighbours, and how far apart representable numbers are at each magnitude."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

import torch

from lib.common.errors import InputError
from lib.dtypes.catalogue import BITS_VIEW, DTYPES, FLOATS, info

MAX_TEXT = 60  # characters of a typed number; a longer one is not a number a student means
QUOTE = 40  # characters of bad input quoted back
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?(inf|infinity|nan)$")


def quote(text: str) -> str:
    """At most QUOTE characters of what a student typed, without backticks (shown as code)."""
    clean = text.replace("`", "")
    return clean if len(clean) <= QUOTE else clean[:QUOTE] + "…"


def parse_number(text: str) -> float:
    """`'0.1'`, `'-2049'`, `'1e-8'`, `'inf'`, `'nan'` -> a float. A finite literal past float64
    (`1e400`) is refused: no dtype on the page can hold it, not even as an honest inf."""
    s = (text or "").strip().lower().replace("_", "")
    if len(s) > MAX_TEXT or not _NUMBER.match(s):
        raise InputError(
            "dt_number", "`{text}` is not a number such as 0.1, -2049, 1e-8 or inf.", text=quote(s)
        )
    value = float(s)
    if math.isinf(value) and "inf" not in s:
        raise InputError(
            "dt_past_float64",
            "`{text}` is past every dtype: even float64 stops at about 1.8e308.",
            text=quote(s),
        )
    return value


def stored(value: float, name: str) -> float:
    """The value float dtype `name` stores for `value`, read back from torch: round to nearest,
    ties to even (torch rounds a Python float to float16/bfloat16 through float32); ±inf past
    the range."""
    if name not in FLOATS:
        raise InputError("dt_not_float", "{name} is not a float dtype.", name=name)
    return torch.tensor(value, dtype=DTYPES[name]).item()


@dataclass(frozen=True)
class Encoding:
    name: str
    sign: str  # "0" or "1"
    exponent: str  # bit strings, most significant first
    mantissa: str
    stored: float
    error: float  # stored − the typed decimal, exactly (±inf on overflow, nan from inf/nan)
    below: float  # the representable neighbours of the stored value
    above: float
    kind: str  # "normal", "subnormal", "zero", "inf", "nan"


def _bits(t: torch.Tensor, name: str) -> str:
    width = info(name).bits
    return format(t.view(BITS_VIEW[name]).item() & ((1 << width) - 1), f"0{width}b")


def _step(t: torch.Tensor, direction: float) -> float:
    return torch.nextafter(t, torch.tensor(direction, dtype=t.dtype)).item()


def encode(value: float, name: str, typed: str | None = None) -> Encoding:
    """`value` stored in float dtype `name`, with the bit pattern torch keeps in memory. The
    error is measured from the decimal the student `typed` (float64 rounds 0.1 too)."""
    t = torch.tensor(value, dtype=DTYPES[name])
    i = info(name)
    bits = _bits(t, name)
    s = t.item()
    exponent = bits[1 : 1 + i.exponent_bits]
    if math.isnan(s):
        kind = "nan"
    elif math.isinf(s):
        kind = "inf"
    elif s == 0:
        kind = "zero"
    else:
        kind = "subnormal" if set(exponent) == {"0"} else "normal"
    exact = Decimal(typed.strip()) if typed is not None else Decimal(value)
    # past the range the error is the inf itself; from a typed inf or nan it is nan
    error = float(Decimal(s) - exact) if math.isfinite(s) and math.isfinite(value) else s - value
    return Encoding(
        name,
        bits[0],
        exponent,
        bits[1 + i.exponent_bits :],
        s,
        error,
        _step(t, -math.inf),
        _step(t, math.inf),
        kind,
    )


def encode_all(text: str) -> list[Encoding]:
    """The typed number in every float dtype, widest first."""
    value = parse_number(text)
    typed = text.strip().lower().replace("_", "") if math.isfinite(value) else None
    return [encode(value, n, typed) for n in FLOATS]


@dataclass(frozen=True)
class Spacing:
    """Distance from each power of two to the next representable number above it."""

    name: str
    magnitudes: tuple[float, ...]
    gaps: tuple[float, ...]


SPACING_POWERS = range(-30, 31)  # 2^-30 … 2^30: the chart's fixed domain


def spacing(name: str) -> Spacing:
    """The gap above 2^k for every k the dtype holds, read back from torch.nextafter."""
    k = torch.tensor(list(SPACING_POWERS), dtype=torch.float64)
    m = torch.pow(2.0, k).to(DTYPES[name])
    gap = torch.nextafter(m, torch.full_like(m, math.inf)) - m
    keep = torch.isfinite(m) & (m > 0) & torch.isfinite(gap)
    return Spacing(name, tuple(m[keep].double().tolist()), tuple(gap[keep].double().tolist()))
