"""Broadcasting as torch does it: shapes lined up from the right, size-1 dims stretched.

Every answer here is read back from `torch.broadcast_shapes`, the whole shape list at once and
one dimension at a time; nothing re-derives the rule on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from lib.common.errors import InputError
from lib.common.shapes import parse_shape as parse_bounded_shape

MAX_DIMS = 8  # rows in the rule table; "10 dims" is a typo far more often than a tensor
MAX_ELEMENTS = 10**15  # even shape-only mode stops here: 4 PB of float32 is nobody's tensor

Shape = tuple[int, ...]

# What happened to one operand along one dimension.
SAME, STRETCHED, PREPENDED, CONFLICT = "same", "stretched", "prepended", "conflict"


@dataclass(frozen=True)
class Row:
    """One dimension of the rule table, counted from the right (`dim=-1` is the last)."""

    dim: int
    sizes: tuple[int | None, ...]  # None: the operand lacks this dim, so torch prepends a 1
    roles: tuple[str, ...]  # per operand: SAME, STRETCHED, PREPENDED or CONFLICT
    size: int | None  # the result's size here; None where the sizes conflict

    @property
    def rule(self) -> str:
        """The row's headline: conflict, else prepended, else stretched, else equal."""
        for role in (CONFLICT, PREPENDED, STRETCHED):
            if role in self.roles:
                return role
        return "equal"


@dataclass(frozen=True)
class Broadcast:
    shapes: tuple[Shape, ...]
    ok: bool
    shape: Shape | None  # torch.broadcast_shapes(*shapes) when ok
    conflict_dim: int | None  # the right-most conflicting dim, negative (-1 = last)
    message: str  # one English sentence
    rows: tuple[Row, ...]  # left to right, dim -ndim .. -1
    torch_error: str | None  # what torch.broadcast_shapes said when it refused

    @property
    def conflict_row(self) -> Row | None:
        return next((r for r in self.rows if r.dim == self.conflict_dim), None)


def parse_shape(text: str, *, max_elements: int = MAX_ELEMENTS) -> Shape:
    """`'5,1,7'`, `'(6, 7)'`, `'[3]'`, `'3'` or `'()'` (a scalar) -> a tuple of sizes.

    Never evaluates the text. Refuses junk, negative sizes, more than MAX_DIMS dims and more
    than `max_elements` elements with one sentence (an InputError, a ValueError).
    """
    if not (text or "").strip():
        raise InputError("bc_empty", "Type a shape such as 3, 1 (or () for a scalar).")
    return parse_bounded_shape(text, max_dims=MAX_DIMS, max_elements=max_elements)


def as_shape(shape: int | Sequence[int]) -> Shape:
    """An int n means (n,), as in torch.broadcast_shapes; sizes must be whole and not negative."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, int):
            raise InputError("bc_not_a_size", "{n!r} is not a size: sizes are whole numbers.", n=n)
        if n < 0:
            raise InputError(
                "negative_size", "A size cannot be negative, but the shape has {n}.", n=n
            )
    return dims


def show_shape(shape: Shape) -> str:
    """Python's own spelling: `(3, 4)`, `(4,)`, `()`."""
    return str(tuple(shape))


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _row(shapes: tuple[Shape, ...], dim: int) -> Row:
    sizes = tuple(s[dim] if len(s) >= -dim else None for s in shapes)
    present = [(n,) for n in sizes if n is not None]
    try:
        size: int | None = torch.broadcast_shapes(*present)[0]
    except RuntimeError:
        size = None
    roles = []
    for n in sizes:
        if n is None:
            roles.append(PREPENDED)
        elif n == size:
            roles.append(SAME)
        elif n == 1:
            roles.append(STRETCHED)  # where sizes conflict, a 1 would still have stretched
        else:
            roles.append(CONFLICT)
    return Row(dim, sizes, tuple(roles), size)


def explain(*shapes: int | Sequence[int]) -> Broadcast:
    """Line the shapes up from the right and ask torch about the whole and about each dim."""
    norm = tuple(as_shape(s) for s in shapes)
    ndim = max((len(s) for s in norm), default=0)
    rows = tuple(_row(norm, d) for d in range(-ndim, 0))
    try:
        shape: Shape | None = tuple(torch.broadcast_shapes(*norm))
        torch_error = None
    except RuntimeError as err:
        shape, torch_error = None, _first_line(err)
    conflicts = [r.dim for r in rows if r.size is None]
    conflict_dim = conflicts[-1] if conflicts else None
    if shape is not None:
        message = f"The shapes broadcast to {show_shape(shape)}."
    else:
        bad = sorted({n for n in rows[conflict_dim].sizes if n not in (None, 1)})
        message = (
            f"Dim {conflict_dim} cannot be broadcast: sizes "
            f"{' and '.join(map(str, bad))} differ and none of them is 1."
        )
    return Broadcast(norm, shape is not None, shape, conflict_dim, message, rows, torch_error)
