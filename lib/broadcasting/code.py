"""The torch code for the current view, rebuilt from the parsed shapes (never the raw text)."""

from __future__ import annotations

import math

from lib.broadcasting.ops import NAMES, SHAPE_ONLY, Run, scale


def snippet(r: Run) -> str:
    """Runnable code for the current view, built from the parsed shapes (never the raw text)."""
    dims = [", ".join(map(str, s)) or "()" for s in r.broadcast.shapes]
    names = NAMES[: len(dims)]
    if r.mode == SHAPE_ONLY and r.error:
        lines = [
            "# stride-0 stand-ins: any shape, one element of memory",
            *(f"{n} = torch.zeros(()).expand({d})" for n, d in zip(names, dims, strict=True)),
        ]
    elif r.mode == SHAPE_ONLY:
        lines = [
            "# the meta device: shapes and strides, no memory at all",
            *(f"{n} = torch.empty({d}, device='meta')" for n, d in zip(names, dims, strict=True)),
        ]
    else:
        lines = [
            f"{n} = torch.arange(1, {math.prod(s) + 1}, dtype=torch.float32).view({d})"
            + (f" * {scale(r.op, k)}" if scale(r.op, k) != 1 else "")
            for k, (n, d, s) in enumerate(zip(names, dims, r.broadcast.shapes, strict=True))
        ]
    expr = r.expression
    shapes = ", ".join(f"{n}.shape" for n in names)
    code = ["import torch", "", *lines, ""]
    if r.error:
        code += [
            "try:",
            f"    result = {expr}",
            "except RuntimeError as err:",
            "    print(err)  # " + r.error[:60],
            "",
        ]
        code += [
            "try:",
            f"    torch.broadcast_shapes({shapes})",
            "except RuntimeError as err:",
            "    print(err)",
        ]
        return "\n".join(code) + "\n"
    code += [
        f"result = {expr}",
        f"print(torch.broadcast_shapes({shapes}))  # torch.Size({list(r.broadcast.shape)})",
        "print(result.shape, result.dtype)",
    ]
    if r.mode != SHAPE_ONLY:
        code += ["print(result)"]
    code += [
        f"print({n}.expand(result.shape).stride())  # {e.expanded_stride}"
        for n, e in zip(names, r.expansions, strict=True)
    ]
    e, padded = r.expansions[0], (1,) * (len(r.broadcast.shape) - len(r.broadcast.shapes[0]))
    padded += r.broadcast.shapes[0]
    factors = [n if m == 1 else 1 for n, m in zip(r.broadcast.shape, padded, strict=True)]
    code += [
        f"print(a.expand(result.shape).untyped_storage().nbytes())  # {e.expand_bytes}: a's own",
        f"print(a.reshape({padded}).repeat({factors}).untyped_storage().nbytes())"
        f"  # {e.repeat_bytes}: a copy",
        "",
        "try:",
        *_in_place(r, dims),
        "except RuntimeError as err:",
        "    print(err)",
    ]
    return "\n".join(code) + "\n"


def _in_place(r: Run, dims: list[str]) -> list[str]:
    """`a += b`; in shape-only mode an `a` small enough is made for real, as the page does."""
    if r.mode != SHAPE_ONLY or r.inplace[0].on_meta:
        return ["    a += b  # in place: the result must keep a's shape"]
    return [
        f"    x = torch.zeros({dims[0]})  # a for real: small enough; b as a stride-0 stand-in",
        f"    x += torch.zeros(()).expand({dims[1]})  # in place: x must keep its shape",
    ]
