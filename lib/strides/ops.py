"""A chain of real tensor ops typed as Python (`.transpose(0, 1)[1:, ::2]`), read without eval.

The chain is parsed into `Step`s, applied to a real tensor one by one, and every layout shown is
read back from torch after each step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import torch

from lib.common.errors import InputError
from lib.strides.storage import DTYPES, Layout, layout, make_storage, shares_storage

MAX_STEPS = 8
MAX_VIEW_ELEMENTS = 256  # an expanded or unfolded view may read more elements than storage holds
MAX_ARG = 10_000
# Checked before anything is parsed or run: 8,000 `None`s in one index once cost 4.5 s of the
# shared process and drew 20,000 columns. Torch allows 64 dims; a page of grids draws far fewer.
MAX_CHAIN_CHARS = 300
MAX_INDEX_ITEMS = 8
MAX_VIEW_DIMS = 6

# name -> (fewest, most) integer arguments; every op the page teaches and nothing else.
OPS: dict[str, tuple[int, int]] = {
    "transpose": (2, 2),
    "t": (0, 0),
    "permute": (1, 4),
    "view": (1, 4),
    "reshape": (1, 4),
    "select": (2, 2),
    "narrow": (3, 3),
    "unsqueeze": (1, 1),
    "squeeze": (0, 1),
    "expand": (1, 4),
    "flip": (1, 4),
    "unfold": (3, 3),
    "diagonal": (0, 3),
    "contiguous": (0, 0),
    "clone": (0, 0),
}

_TOKEN = re.compile(
    r"\s*(?:\.(?P<name>[A-Za-z_]\w*)\s*\((?P<args>[^()]*)\)|\[(?P<index>[^\[\]]*)\])"
)


@dataclass(frozen=True)
class Step:
    """One parsed op: a method call with int arguments, or an indexing expression."""

    name: str  # an OPS key, or "index"
    args: tuple  # ints for methods; ints, slices, None and Ellipsis for "index"

    @property
    def code(self) -> str:
        if self.name == "index":
            return "[" + ", ".join(_index_code(a) for a in self.args) + "]"
        return f".{self.name}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class StepResult:
    step: Step
    tensor: torch.Tensor
    layout: Layout
    shares_storage: bool  # with the starting tensor x


def _index_code(a: object) -> str:
    if isinstance(a, slice):
        text = f"{'' if a.start is None else a.start}:{'' if a.stop is None else a.stop}"
        return text + ("" if a.step is None else f":{a.step}")
    if a is Ellipsis:
        return "..."
    return str(a)  # an int, or None (a new dim of size 1)


def _int(text: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise InputError(
            "not_integer",
            "{part!r} in the {what} is not a whole number.",
            part=text,
            what="op chain",
        )
    value = int(text)
    if abs(value) > MAX_ARG:
        raise InputError(
            "number_too_large",
            "{part!r} in the {what} is far too large.",
            part=text,
            what="op chain",
        )
    return value


def _index_item(text: str) -> object:
    text = text.strip()
    if text == "None":
        return None
    if text == "...":
        return Ellipsis
    if ":" not in text:
        return _int(text)
    parts = text.split(":")
    if len(parts) > 3:
        raise InputError("bad_slice", "{text!r} is not a slice like start:stop:step.", text=text)
    start, stop, step = ([_int(p) if p.strip() else None for p in parts] + [None])[:3]
    return slice(start, stop, step)


def parse_chain(text: str) -> list[Step]:
    """`'.transpose(0, 1)[1:, ::2]'` -> Steps. A leading `x` is allowed; nothing is evaluated."""
    rest = (text or "").strip()
    if len(rest) > MAX_CHAIN_CHARS:
        raise InputError(
            "chain_too_long",
            "The chain has {n} characters; at most {max} please.",
            n=len(rest),
            max=MAX_CHAIN_CHARS,
        )
    rest = rest[1:] if rest.startswith("x") else rest
    steps: list[Step] = []
    while rest.strip():
        match = _TOKEN.match(rest)
        if not match:
            raise InputError(
                "chain_syntax",
                "Could not read {rest!r}: write ops as .name(args) or [index].",
                rest=rest.strip()[:40],
            )
        if match["name"] is not None:
            name, raw = match["name"], match["args"].strip()
            if name not in OPS:
                raise InputError(
                    "unknown_op", "{name!r} is not one of the ops on this page.", name=name
                )
            args = tuple(_int(a) for a in raw.split(",")) if raw else ()
            fewest, most = OPS[name]
            if not fewest <= len(args) <= most:
                raise InputError(
                    "op_arity",
                    ".{name}() takes {fewest} to {most} numbers, not {n}.",
                    name=name,
                    fewest=fewest,
                    most=most,
                    n=len(args),
                )
            steps.append(Step(name, args))
        else:
            items = match["index"].split(",")
            if len(items) > MAX_INDEX_ITEMS:
                raise InputError(
                    "index_too_long",
                    "One index takes at most {max} entries, not {n}.",
                    max=MAX_INDEX_ITEMS,
                    n=len(items),
                )
            steps.append(Step("index", tuple(_index_item(i) for i in items)))
        rest = rest[match.end() :]
        if len(steps) > MAX_STEPS:
            raise InputError("too_many_steps", "The chain has more than {max} ops.", max=MAX_STEPS)
    return steps


def chain_code(steps: list[Step]) -> str:
    """The canonical text of a chain, rebuilt from the parsed steps (never the raw user text)."""
    return "".join(s.code for s in steps)


def _apply(t: torch.Tensor, step: Step) -> torch.Tensor:
    if step.name == "index":
        return t[step.args]
    return getattr(t, step.name)(*step.args)


def base_tensor(shape: tuple[int, ...], dtype: str = "float32") -> torch.Tensor:
    """x: `arange(numel)` in `dtype`, viewed as `shape` — each value is its own storage index."""
    return make_storage(math.prod(shape), dtype).view(shape)


def run_chain(x: torch.Tensor, steps: list[Step]) -> list[StepResult]:
    """Apply each step to the result of the one before; torch reports every layout."""
    results = [StepResult(Step("x", ()), x, layout(x), True)]
    t = x
    for k, step in enumerate(steps, start=1):
        try:
            t = _apply(t, step)
        except InputError:
            raise
        except (RuntimeError, IndexError, ValueError, TypeError) as err:
            message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise InputError(
                "torch_refused",
                "Step {k}, {code}, failed. PyTorch says: {message}",
                k=k,
                code=step.code,
                message=message,
            ) from err
        if t.dim() > MAX_VIEW_DIMS:
            raise InputError(
                "view_too_many_dims",
                "{code} would make a view with {n} dims; this page draws at most {max}.",
                code=step.code,
                n=t.dim(),
                max=MAX_VIEW_DIMS,
            )
        if t.numel() > MAX_VIEW_ELEMENTS:
            raise InputError(
                "view_too_large",
                "{code} would make a view of more than {max} "
                "elements; this page draws at most {max}.",
                code=step.code,
                max=MAX_VIEW_ELEMENTS,
            )
        results.append(StepResult(step, t, layout(t), shares_storage(t, x)))
    return results


def snippet(shape: tuple[int, ...], dtype: str, steps: list[Step]) -> str:
    """Runnable code that rebuilds x and y exactly as the page shows them."""
    make = f"torch.arange({math.prod(shape)}).to({DTYPES[dtype]})"
    return (
        "import torch\n\n"
        f"x = {make}.view({', '.join(map(str, shape)) or '()'})"
        "  # each value is its own storage index\n"
        f"y = x{chain_code(steps)}\n\n"
        "print(y.size(), y.stride(), y.storage_offset(), y.is_contiguous())\n"
        "print('y shares storage with x:',"
        " y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())\n"
        "print(y)\n"
    )
