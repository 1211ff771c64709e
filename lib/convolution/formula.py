"""The output-size formula of one dimension with the student's numbers written in."""

from __future__ import annotations

from lib.convolution.setting import Setting
from lib.convolution.shape import POOLS


def formula(s: Setting, dim: int) -> str:
    """`'floor((7 + 2·1 − 1·(3 − 1) − 1) / 2) + 1 = 4'` for dim 0 (height) or 1 (width)."""
    n, k = s.size[dim], s.kernel[dim]
    st, d = s.stride, s.dilation
    if s.padding == "same":
        return f"padding='same' → {n}"
    p = 0 if s.padding == "valid" else s.padding
    if s.op == "conv_transpose2d":
        out = (n - 1) * st - 2 * p + d * (k - 1) + s.output_padding + 1
        return f"({n} − 1)·{st} − 2·{p} + {d}·({k} − 1) + {s.output_padding} + 1 = {out}"
    top = n + 2 * p - d * (k - 1) - 1
    ceil = s.ceil_mode and s.op in POOLS
    out = (-(-top // st) if ceil else top // st) + 1
    text = f"{'ceil' if ceil else 'floor'}(({n} + 2·{p} − {d}·({k} − 1) − 1) / {st}) + 1 = {out}"
    if ceil and (out - 1) * st >= n + p:
        text += f" → {out - 1}"  # the last window would start in the padding: dropped
    return text
