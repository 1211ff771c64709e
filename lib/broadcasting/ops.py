"""The op itself: run `a + b` (or `-`, `*`, `/`, a comparison) and ask torch what happened.

Small shapes run on real tensors whose values name their position. Large shapes run in
shape-only mode: `meta` tensors, which carry a shape and strides but no memory, and stride-0
stand-ins (`torch.zeros(()).expand(shape)`, one element of memory) for torch's CPU error text.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import torch

from lib.broadcasting.rules import MAX_ELEMENTS, Broadcast, Shape, explain
from lib.common.errors import InputError

OPS = {
    "+": torch.add,
    "-": torch.sub,
    "*": torch.mul,
    "/": torch.div,
    "==": torch.eq,
    "<": torch.lt,
    ">": torch.gt,
}
COMPARISONS = ("==", "<", ">")
NAMES = ("a", "b", "c")
PICTURE_MAX_ELEMENTS = 400  # every value drawn as a cell: more stops being readable
PICTURE_MAX_DIMS = 3
MAX_REAL_ELEMENTS = 1 << 16  # beyond this no tensor is allocated: shape-only mode
PICTURE, VALUES, SHAPE_ONLY = "picture", "values", "shape_only"

DEFAULTS = {"a": "3, 1", "b": "4", "c": ""}  # the page opens on a column plus a row
# name: (a, b, c, op); a, b, c as a student would type them ("" = no third operand).
PRESETS: dict[str, tuple[str, str, str, str]] = {
    "outer": ("3, 1", "4", "", "+"),
    "bias": ("4, 3", "3", "", "+"),
    "stretch_and_prepend": ("5, 1, 7", "6, 7", "", "+"),
    "channels": ("3, 2, 4", "3, 1, 1", "", "*"),
    "scalar": ("2, 3", "()", "", "*"),
    "compare": ("4, 1", "4", "", "<"),
    "mismatch": ("3, 2", "3", "", "+"),
    "pred_target": ("4", "4, 1", "", "-"),
    "three": ("2, 1, 1", "3, 1", "4", "+"),
    "empty": ("0, 3", "1, 3", "", "+"),
    "huge": ("64, 1, 1024", "4096, 1", "", "+"),
}


@dataclass(frozen=True)
class Expansion:
    """One operand stretched to the result shape by `expand`, and by `repeat` for contrast."""

    name: str
    shape: Shape
    stride: tuple[int, ...]
    expanded_stride: tuple[int, ...]  # a 0 wherever the operand was stretched
    bytes: int  # the operand's own storage
    expand_bytes: int  # storage behind the expanded view: the same block
    expand_new_bytes: int  # 0 when the view reads the operand's own storage
    repeat_bytes: int  # a fresh copy holding every element of the result


@dataclass(frozen=True)
class InPlace:
    code: str  # "a += b"
    error: str | None  # torch's words when the broadcast shape is not the left operand's
    on_meta: bool  # shape-only mode checks on the meta device, whose wording differs


@dataclass(frozen=True)
class Cell:
    panel: int  # operand number, or len(operands) for the result
    index: tuple[int, ...]
    value: float | bool
    storage: int  # the storage element this cell reads
    real: bool  # False: a virtual copy, another cell already reads this storage element


@dataclass(frozen=True)
class Run:
    broadcast: Broadcast
    op: str
    mode: str  # PICTURE, VALUES or SHAPE_ONLY
    operands: tuple[torch.Tensor, ...]  # real, or on the meta device in shape-only mode
    result: torch.Tensor | None  # None in shape-only mode: nothing is computed
    error: str | None  # torch's RuntimeError when the op fails
    failed_step: int | None  # 1 for `a op b`, 2 for `(a op b) op c`
    expansions: tuple[Expansion, ...]
    inplace: tuple[InPlace, ...]
    cells: tuple[Cell, ...]  # picture mode only

    @property
    def expression(self) -> str:
        """`a + b`, or `(a + b) + c`: how Python groups it, and the order torch runs it in."""
        two = f"a {self.op} b"
        return f"({two}) {self.op} c" if len(self.operands) == 3 else two

    @property
    def note(self) -> str | None:
        """Why no grids are drawn, if none are: 'shape_only', 'empty' or 'values'."""
        if self.mode == SHAPE_ONLY:
            return "shape_only"
        if self.broadcast.ok and self.numel == 0:
            return "empty"
        return "values" if self.broadcast.ok and self.mode == VALUES else None

    @property
    def expand_new_bytes(self) -> int:
        return sum(e.expand_new_bytes for e in self.expansions)

    @property
    def repeat_bytes(self) -> int:
        return sum(e.repeat_bytes for e in self.expansions)

    @property
    def numel(self) -> int:
        return math.prod(self.broadcast.shape) if self.broadcast.ok else 0


def scale(op: str, k: int) -> int:
    """a holds 1, 2, 3..., b holds 10, 20, 30..., c 100, 200...: each sum tells where it came
    from. Comparisons compare like with like, so every operand counts 1, 2, 3..."""
    return 1 if op in COMPARISONS else 10**k


def operand(shape: Shape, op: str, k: int) -> torch.Tensor:
    n = math.prod(shape)
    return torch.arange(1, n + 1, dtype=torch.float32).view(shape) * scale(op, k)


def choose_mode(b: Broadcast) -> str:
    # (a op b) is computed before c joins: every partial result counts, not just the last.
    partial = [explain(*b.shapes[:k]) for k in range(2, len(b.shapes) + 1)]
    sizes = [math.prod(s) for s in b.shapes] + [math.prod(p.shape) for p in partial if p.ok]
    biggest = max(sizes)
    if biggest > MAX_ELEMENTS:
        raise InputError(
            "bc_too_large",
            "These shapes hold {n} elements, more than even shape-only mode describes ({max}).",
            n=biggest,
            max=MAX_ELEMENTS,
        )
    if biggest > MAX_REAL_ELEMENTS:
        return SHAPE_ONLY
    small = b.ok and 0 < math.prod(b.shape) <= PICTURE_MAX_ELEMENTS
    return PICTURE if small and len(b.shape) <= PICTURE_MAX_DIMS else VALUES


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _cpu_error(fn, left: torch.Tensor, right: torch.Tensor, err: RuntimeError) -> Exception:
    """The error in CPU wording, from stride-0 stand-ins: one element of memory each."""
    try:
        fn(torch.zeros(()).expand(left.shape), torch.zeros(()).expand(right.shape))
    except RuntimeError as cpu_err:
        return cpu_err
    return err


def _run_op(tensors: tuple[torch.Tensor, ...], op: str):
    """Left to right, as Python runs `a + b + c`: (result, torch's error, the step that failed)."""
    fn, left = OPS[op], tensors[0]
    for step, right in enumerate(tensors[1:], start=1):
        try:
            if left.is_meta:
                # An out-of-place op on meta loads torch's Python reference kernels (seconds,
                # once per process): broadcast_shapes gives the shape, a stand-in the error.
                left = torch.empty(torch.broadcast_shapes(left.shape, right.shape), device="meta")
            else:
                left = fn(left, right)
        except RuntimeError as err:
            if left.is_meta:
                err = _cpu_error(fn, left, right, err)
            return None, _first_line(err), step
    return (None if left.is_meta else left), None, None


def _expansion(name: str, t: torch.Tensor, shape: Shape) -> Expansion:
    view = t.expand(shape)
    shared = view.untyped_storage().data_ptr() == t.untyped_storage().data_ptr()
    padded = t.reshape((1,) * (len(shape) - t.dim()) + tuple(t.shape))
    copy = padded.repeat([n if m == 1 else 1 for n, m in zip(shape, padded.shape, strict=True)])
    return Expansion(
        name,
        tuple(t.shape),
        t.stride(),
        view.stride(),
        t.untyped_storage().nbytes(),
        view.untyped_storage().nbytes(),
        0 if shared else view.untyped_storage().nbytes(),
        copy.untyped_storage().nbytes(),
    )


def _inplace(left: torch.Tensor, right: torch.Tensor, code: str) -> InPlace:
    """`left += right` on a copy of left. In shape-only mode a left side small enough is made
    for real (the right side a stride-0 stand-in), so the error keeps the CPU's wording."""
    on_meta = left.is_meta and left.numel() > MAX_REAL_ELEMENTS
    if left.is_meta and not on_meta:
        left, right = torch.zeros(left.shape), torch.zeros(()).expand(right.shape)
    try:
        left.clone().add_(right)
        return InPlace(code, None, on_meta)
    except RuntimeError as err:
        return InPlace(code, _first_line(err), on_meta)


def _cells(tensors: tuple[torch.Tensor, ...], result: torch.Tensor) -> tuple[Cell, ...]:
    shape = tuple(result.shape)
    cells = []
    for k, t in enumerate(tensors):
        # torch's own expand tells which storage element each cell reads (stride 0 = the same)
        storage = torch.arange(t.numel()).view(t.shape).expand(shape).flatten().tolist()
        values = t.expand(shape).flatten().tolist()
        seen: set[int] = set()
        for index, value, s in zip(
            itertools.product(*map(range, shape)), values, storage, strict=True
        ):
            cells.append(Cell(k, index, value, s, s not in seen))
            seen.add(s)
    for i, (index, value) in enumerate(
        zip(itertools.product(*map(range, shape)), result.flatten().tolist(), strict=True)
    ):
        cells.append(Cell(len(tensors), index, value, i, True))
    return tuple(cells)


def run(shapes: tuple[Shape, ...], op: str = "+") -> Run:
    """Broadcast, then run the op, `expand`, `repeat` and `a += b` and report what torch says."""
    if op not in OPS:
        raise InputError("bc_unknown_op", "{op!r} is not one of the operators on this page.", op=op)
    if not 2 <= len(shapes) <= len(NAMES):
        raise InputError(
            "bc_operands", "The page runs two or three operands, not {n}.", n=len(shapes)
        )
    b = explain(*shapes)
    mode = choose_mode(b)
    tensors = tuple(
        torch.empty(s, device="meta") if mode == SHAPE_ONLY else operand(s, op, k)
        for k, s in enumerate(b.shapes)
    )
    result, error, failed = _run_op(tensors, op)
    expansions = (
        tuple(_expansion(NAMES[k], t, b.shape) for k, t in enumerate(tensors)) if b.ok else ()
    )
    a, b_ = tensors[0], tensors[1]
    inplace = (_inplace(a, b_, "a += b"), _inplace(b_, a, "b += a"))
    cells = _cells(tensors, result) if mode == PICTURE else ()
    return Run(b, op, mode, tensors, result, error, failed, expansions, inplace, cells)
