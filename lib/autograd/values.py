"""The leaves' values: `w = 0.5; x = 1, 2, 3` typed by a student, or a dict from code."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping

import torch

from lib.autograd.parse import MAX_TEXT, Expression, shown
from lib.common.errors import InputError

MAX_ELEMENTS = 8  # per leaf: a scalar or a vector of at most 8 numbers
MAX_ABS = 1e6  # larger inputs only teach overflow, which the softmax page does
Values = Mapping[str, float | list[float]]
_PAIR = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*$", re.S)


def parse_values(text: str) -> dict[str, float | list[float]]:
    """`w = 0.5; x = 1, 2, 3` (or one per line; `x = [1, 2]`) -> {'w': 0.5, 'x': [1.0, 2.0]}.
    A bracketed or comma-separated entry is a vector, a lone number a scalar."""
    text = text or ""
    if len(text) > MAX_TEXT:
        raise InputError(
            "ag_values_too_long",
            "The values have {n} characters; at most {limit}.",
            n=len(text),
            limit=MAX_TEXT,
        )
    values: dict[str, float | list[float]] = {}
    for part in filter(str.strip, re.split(r"[;\n]", text)):
        match = _PAIR.match(part)
        if not match:
            raise InputError(
                "ag_values_syntax",
                "Write each value as `name = number` or `name = 1, 2, 3`, not `{part}`.",
                part=shown(part),
            )
        name, body = match.groups()
        vector = body.startswith("[") or "," in body
        numbers = [_number(p, name) for p in body.strip("[]").split(",") if p.strip()]
        if not numbers:
            raise InputError("ag_values_empty", "`{name}` has no value.", name=shown(name))
        values[name] = numbers if vector else numbers[0]
    return values


def _number(text: str, name: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise InputError(
            "ag_not_a_number",
            "`{text}` in the value of `{name}` is not a number.",
            text=shown(text.strip()),
            name=shown(name),
        ) from None


def leaf_tensors(
    expr: Expression, values: Values, requires_grad: Collection[str] | None = None
) -> dict[str, torch.Tensor]:
    """One float64 leaf per name in the expression; `requires_grad=None` means all of them.
    Every bound is checked before a tensor is made."""
    rows = {}
    for name in expr.leaves:
        if name not in values:
            raise InputError(
                "ag_missing_value",
                "`{name}` has no value: add `{name} = 1.0` to the values.",
                name=name,
            )
        raw = values[name]
        numbers = [raw] if isinstance(raw, int | float) else list(raw)
        if not 1 <= len(numbers) <= MAX_ELEMENTS:
            raise InputError(
                "ag_too_many_elements",
                "`{name}` has {n} numbers; give it 1 to {limit}.",
                name=name,
                n=len(numbers),
                limit=MAX_ELEMENTS,
            )
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
            raise InputError("ag_not_finite_value", "`{name}` holds nan or inf.", name=name)
        if max(abs(v) for v in numbers) > MAX_ABS:
            raise InputError(
                "ag_value_too_large",
                "`{name}` holds a number beyond ±{limit:g}.",
                name=name,
                limit=MAX_ABS,
            )
        rows[name] = raw if isinstance(raw, int | float) else numbers
    wanted = set(expr.leaves if requires_grad is None else requires_grad)
    return {
        name: torch.tensor(v, dtype=torch.float64, requires_grad=name in wanted)
        for name, v in rows.items()
    }
