"""Views share memory, copies do not: flattening a view, and writing through it."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from lib.common.errors import InputError
from lib.strides.ops import Step, run_chain
from lib.strides.storage import Layout, element_address, layout, shares_storage

# How each route is written in code, as the page shows it.
WRITE_ROUTES = {"view": "y[i] = v", "numpy": "y.numpy()[i] = v", "clone": "y.clone()[i] = v"}


@dataclass(frozen=True)
class Flattening:
    """What torch does when asked to flatten y three ways."""

    view_error: str | None  # torch's own message; None when y.view(-1) works
    reshape: Layout
    reshape_shares: bool  # reshape returns a view when it can, a copy when it must
    contiguous: Layout
    contiguous_shares: bool
    contiguous_storage: torch.Tensor  # the values in the order the (new) storage holds them


def flatten(y: torch.Tensor, x: torch.Tensor) -> Flattening:
    try:
        y.view(-1)
        view_error = None
    except RuntimeError as err:
        view_error = str(err).strip().splitlines()[0]
    r, c = y.reshape(-1), y.contiguous()
    storage = c.flatten() if not shares_storage(c, x) else x.flatten()
    return Flattening(
        view_error, layout(r), shares_storage(r, x), layout(c), shares_storage(c, x), storage
    )


@dataclass(frozen=True)
class Write:
    route: str  # "view": y[i] = v; "numpy": y.numpy()[i] = v; "clone": y.clone()[i] = v
    x_after: torch.Tensor | None
    y_after: torch.Tensor | None
    x_changed: bool
    error: str | None  # what torch (or NumPy) said when it refused


def write_through(
    x: torch.Tensor, steps: list[Step], index: tuple[int, ...], value: float
) -> list[Write]:
    """Write `value` at y[index] by each route, each on a fresh copy of x, and compare x."""
    y = run_chain(x, steps)[-1].tensor
    element_address(y, index)  # raises a readable InputError for a bad index
    writes = []
    for route in WRITE_ROUTES:
        fresh = x.clone()
        target = run_chain(fresh, steps)[-1].tensor
        try:
            if route == "view":
                target[index] = value
                seen = target
            elif route == "numpy":
                array = target.numpy()
                array[index] = value
                seen = target
            else:
                seen = target.clone()
                seen[index] = value
        except (RuntimeError, ValueError, TypeError, OverflowError) as err:
            writes.append(Write(route, None, None, False, str(err).strip().splitlines()[0]))
            continue
        writes.append(Write(route, fresh, seen, not torch.equal(fresh, x), None))
    return writes


def parse_value(text: str) -> float:
    """The number a student wants to write: a plain int or float, never eval'd."""
    try:
        value = float(text)
    except ValueError:
        raise InputError("not_number", "{text!r} is not a number.", text=text) from None
    if value != value or abs(value) == float("inf"):
        raise InputError("not_finite", "Write a finite number, not {text!r}.", text=text)
    return int(value) if value.is_integer() else value
