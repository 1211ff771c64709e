"""What a student types into the softmax page, read without eval: logits, weights, options."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import torch

from lib.common.errors import InputError

MIN_CLASSES, MAX_CLASSES = 2, 10
MAX_TEXT = 400  # characters in a typed list: ten long numbers fit, a pasted essay does not

# Stable names, shown as-is: they go into the URL and into the code panel.
DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float64": torch.float64,
}

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")
_SPECIAL = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}
# Chinese input methods type full-width commas and a typographic minus; accept them as written.
_NORMALISE = str.maketrans({"，": ",", "、": ",", "−": "-", "［": "[", "］": "]"})


def parse_numbers(text: str, *, what: str = "logits") -> tuple[float, ...]:
    """`'2, 1, 0.1'`, `'[3 -1e3 inf]'`, `'nan, 0'` -> floats; never eval. `what` names the list."""
    s = (text or "").translate(_NORMALISE).strip()
    if len(s) > MAX_TEXT:
        raise InputError(
            "sm_too_long",
            "The list is {n} characters long; keep it under {max}.",
            n=len(s),
            max=MAX_TEXT,
        )
    if s[:1] in "[(" and s[-1:] in "])":
        s = s[1:-1].strip()
    if not s:
        return ()
    parts = [p.strip() for p in s.removesuffix(",").split(",")] if "," in s else s.split()
    if "" in parts:
        raise InputError(
            "sm_empty_entry",
            "The {what} {text!r} have an empty entry between commas.",
            what=what,
            text=text,
        )
    return tuple(_number(p) for p in parts)


def _number(part: str) -> float:
    word = part.lower()
    sign, bare = (-1.0, word[1:]) if word[:1] == "-" else (1.0, word.removeprefix("+"))
    if bare in _SPECIAL:
        return sign * _SPECIAL[bare]
    if not _NUMBER.match(word):
        raise InputError(
            "sm_not_number",
            "{part!r} is not a number (write e.g. 2.5, -1e3, inf or nan).",
            part=part,
        )
    return float(word)  # 1e999 becomes inf, exactly as torch.tensor would store it


def parse_logits(text: str) -> tuple[float, ...]:
    """The typed logits, 2 to 10 of them; nan and ±inf are allowed on purpose."""
    values = parse_numbers(text, what="logits")
    check_classes(len(values))
    return values


def check_classes(n: int) -> None:
    if not MIN_CLASSES <= n <= MAX_CLASSES:
        raise InputError(
            "sm_class_count",
            "{n} logits given; this page takes {min} to {max} classes.",
            n=n,
            min=MIN_CLASSES,
            max=MAX_CLASSES,
        )


def format_numbers(values: Sequence[float]) -> str:
    """The inverse of parse_numbers: `(2.0, -0.5, inf)` -> `'2, -0.5, inf'`."""
    return ", ".join(_text(v) for v in values)


def _text(v: float) -> str:
    v = float(v)
    if math.isnan(v) or math.isinf(v):
        return str(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def number(v: float) -> str:
    """A value for a table: four significant digits, and inf / -inf / nan spelled out."""
    if math.isnan(v) or math.isinf(v):
        return str(v)
    return f"{v + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0: "−log p = -0" reads as a sign error


def dtype_of(name: str) -> torch.dtype:
    if name not in DTYPES:
        raise InputError("sm_dtype", "{dtype!r} is not one of the dtypes on this page.", dtype=name)
    return DTYPES[name]


def check_temperature(temperature: float) -> None:
    if not (math.isfinite(temperature) and temperature > 0):
        raise InputError(
            "sm_temperature", "The temperature must be a positive number, not {t}.", t=temperature
        )


def check_target(target: int, classes: int) -> None:
    if not 0 <= target < classes:
        raise InputError(
            "sm_target",
            "The true class {y} does not exist: the classes are 0 to {last}.",
            y=target,
            last=classes - 1,
        )
