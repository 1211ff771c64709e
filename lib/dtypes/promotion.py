"""Which dtype an operation returns: torch.result_type for tensors, zero-dim tensors and Python
scalars, the rule that decided it, and what NumPy says for the same operands."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lib.common.errors import InputError
from lib.dtypes.catalogue import DTYPES, category

SCALARS = {"int": 2, "float": 2.5, "bool": True}  # the Python value that stands for each kind
ZERO_DIM = "zero-dim "
# Operand names, as the page's pickers offer them: tensors, zero-dim tensors, Python scalars.
OPERANDS = (*DTYPES, *(ZERO_DIM + n for n in DTYPES), *SCALARS)
RANK = {"bool": 0, "int": 1, "float": 2}


def _check(operand: str) -> None:
    if operand not in OPERANDS:
        raise InputError(
            "dt_operand",
            "`{operand}` is not a dtype name, 'zero-dim <dtype>', int, float or bool.",
            operand=str(operand).replace("`", "")[:40],
        )


def operand(name: str) -> torch.Tensor | int | float | bool:
    """A tensor of two elements, a zero-dim tensor, or a Python scalar, as `name` says."""
    _check(name)
    if name in SCALARS:
        return SCALARS[name]
    if name.startswith(ZERO_DIM):
        return torch.zeros((), dtype=DTYPES[name[len(ZERO_DIM) :]])
    return torch.zeros(2, dtype=DTYPES[name])


def dtype_name(dtype: torch.dtype) -> str:
    return next(n for n, d in DTYPES.items() if d == dtype)


def result_type(a: str, b: str) -> str:
    """The dtype torch.result_type gives for operands `a` and `b` (see OPERANDS)."""
    return dtype_name(torch.result_type(operand(a), operand(b)))


def kind(name: str) -> str:
    """'tensor', 'zero-dim' or 'scalar': the three priorities of torch's promotion."""
    _check(name)
    return "scalar" if name in SCALARS else "zero-dim" if name.startswith(ZERO_DIM) else "tensor"


def operand_category(name: str) -> str:
    return name if name in SCALARS else category(name.removeprefix(ZERO_DIM))


def rule(a: str, b: str) -> str:
    """Which of torch's documented rules decided result_type(a, b): a key of the page's text.

    Categories rank bool < int < float. An operand of a higher category than every tensor of a
    higher priority (dimensioned > zero-dim > scalar) lifts the result into its category, at the
    default dtype for scalars; inside a category the operands of the highest priority decide."""
    ka, kb = kind(a), kind(b)
    ca, cb = operand_category(a), operand_category(b)
    if a == b:
        return "same"
    if ka == kb:
        if ca != cb:
            return "category"
        if ka == "scalar":
            return "scalars"
        own = {a.removeprefix(ZERO_DIM), b.removeprefix(ZERO_DIM)}
        return "wider" if result_type(a, b) in own else "holds_both"
    # different priorities: does the lower-priority operand bring a higher category?
    order = {"tensor": 2, "zero-dim": 1, "scalar": 0}
    high, low = (a, b) if order[ka] > order[kb] else (b, a)
    if RANK[operand_category(low)] > RANK[operand_category(high)]:
        return "category_scalar" if kind(low) == "scalar" else "category"
    return "no_widen"


def _numpy_operand(name: str):
    if name in SCALARS:
        return SCALARS[name]
    base = name.removeprefix(ZERO_DIM)
    if base == "bfloat16":
        return None  # NumPy has no bfloat16
    shape = () if name.startswith(ZERO_DIM) else (2,)
    return np.zeros(shape, dtype=np.dtype(base))


def numpy_result_type(a: str, b: str) -> str | None:
    """What NumPy 2 (NEP 50 rules) returns for the same operands; None where it has no such
    dtype. `x + y` is computed, not np.result_type, so the answer is NumPy's arithmetic."""
    x, y = _numpy_operand(a), _numpy_operand(b)
    if x is None or y is None:
        return None
    return str(np.asarray(np.add(x, y)).dtype)


@dataclass(frozen=True)
class Table:
    names: tuple[str, ...]
    cells: dict[tuple[str, str], str]  # (row dtype, column dtype) -> result dtype
    numpy: dict[tuple[str, str], str | None]  # what NumPy 2 gives; None: it has no bfloat16


def table(second: str = "tensor") -> Table:
    """result_type for every pair of the page's dtypes: a tensor on the left, and on the
    right a tensor (`second='tensor'`) or a zero-dim tensor (`second='zero-dim'`)."""
    prefix = ZERO_DIM if second == "zero-dim" else ""
    names = tuple(DTYPES)
    cells = {(r, c): result_type(r, prefix + c) for r in names for c in names}
    theirs = {(r, c): numpy_result_type(r, prefix + c) for r in names for c in names}
    return Table(names, cells, theirs)


def cell(a: str, b: str, second: str) -> tuple[str, str] | None:
    """The cell of `table(second)` that holds result_type(a, b), if the picked pair is in it."""
    want = "zero-dim" if second == "zero-dim" else "tensor"
    if kind(a) == "tensor" and kind(b) == want:
        return a, b.removeprefix(ZERO_DIM)
    return None
