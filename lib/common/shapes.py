"""Reading a shape a student typed (`3,4`, `(2, 3)`, `[5]`, `()`) without ever calling eval."""

from __future__ import annotations

import math
import re

from lib.common.errors import InputError

_BRACKETS = {"(": ")", "[": "]"}
_INT = re.compile(r"^[+-]?\d+$")


def parse_int_list(text: str, *, what: str = "shape", limit: int = 16) -> tuple[int, ...]:
    """`'3, 4'`, `'(3, 4)'`, `'[3]'`, `'()'` -> a tuple of ints (negative ints allowed)."""
    s = (text or "").strip()
    if s[:1] in _BRACKETS:
        if not s.endswith(_BRACKETS[s[0]]):
            raise InputError(
                "unclosed",
                "The {what} {text!r} opens a bracket it never closes.",
                what=what,
                text=text,
            )
        s = s[1:-1].strip()
    s = s.removesuffix(",").strip()  # Python's one-element tuple `(3,)`
    if not s:
        return ()
    parts = [p.strip() for p in s.split(",")] if "," in s else s.split()
    if "" in parts:
        raise InputError(
            "empty_entry",
            "The {what} {text!r} has an empty entry between commas.",
            what=what,
            text=text,
        )
    if len(parts) > limit:
        raise InputError(
            "too_many_entries",
            "The {what} {text!r} has {n} entries; at most {limit}.",
            what=what,
            text=text,
            n=len(parts),
            limit=limit,
        )
    values = []
    for p in parts:
        if not _INT.match(p):
            raise InputError(
                "not_integer", "{part!r} in the {what} is not a whole number.", part=p, what=what
            )
        if len(p.lstrip("+-")) > 9:
            raise InputError(
                "number_too_large", "{part!r} in the {what} is far too large.", part=p, what=what
            )
        values.append(int(p))
    return tuple(values)


def parse_shape(
    text: str, *, max_dims: int = 4, max_elements: int = 64, allow_zero: bool = True
) -> tuple[int, ...]:
    """A tensor shape with at most `max_dims` dims and `max_elements` elements."""
    shape = parse_int_list(text, what="shape", limit=max(max_dims, 16))
    for n in shape:
        if n < 0:
            raise InputError(
                "negative_size", "A size cannot be negative, but the shape has {n}.", n=n
            )
        if n == 0 and not allow_zero:
            raise InputError("zero_size", "This view needs sizes of at least 1, not 0.")
    if len(shape) > max_dims:
        raise InputError(
            "too_many_dims",
            "The shape has {n} dims; this view allows at most {max}.",
            n=len(shape),
            max=max_dims,
        )
    if math.prod(shape) > max_elements:
        raise InputError(
            "too_many_elements",
            "The shape {shape} has {n} elements; this view allows at most {max}.",
            shape=shape,
            n=math.prod(shape),
            max=max_elements,
        )
    return shape


def format_shape(shape: tuple[int, ...]) -> str:
    """`(3, 4)` -> `'3, 4'`: the form a text box shows and the URL keeps."""
    return ", ".join(str(n) for n in shape)
