"""The arithmetic behind one output cell, written out with torch's own result at the end."""

from __future__ import annotations

from lib.convolution.sweep import Sweep, avg_divisor, bias, terms

SHOWN = 9  # products written out before "…"


def _n(v: float) -> str:
    text = f"{v:.0f}" if float(v).is_integer() else f"{v:.3g}"
    return f"({text})" if v < 0 else text


def multiply_add(sw: Sweep, cell: tuple[int, int], channel: int) -> tuple[str, int]:
    """`'y[0, 1, 2] = 3·(−1) + 5·2 + … + bias 1 = 31'` and the number of products (or values)."""
    s, (i, j) = sw.setting, cell
    found = terms(sw, cell, channel)
    value = float(sw.y[0, channel, i, j])
    result = f"{value:.0f}" if value.is_integer() else f"{value:.3g}"
    head = f"y[0, {channel}, {i}, {j}] = "
    more = " + …" if len(found) > SHOWN else ""
    if s.op == "max_pool2d":
        listed = ", ".join(_n(t.x) for t in found[:SHOWN]) + (", …" if more else "")
        return f"{head}max({listed}) = {result}", len(found)
    if s.op == "avg_pool2d":
        listed = " + ".join(_n(t.x) for t in found[:SHOWN]) + more
        return f"{head}({listed}) / {_n(avg_divisor(sw, cell))} = {result}", len(found)
    products = " + ".join(f"{_n(t.x)}·{_n(t.w)}" for t in found[:SHOWN]) + more
    if not found:
        products = "0"  # no product lands here: only the bias
    tail = f" + bias {_n(bias(sw, channel))}" if s.bias else ""
    return f"{head}{products}{tail} = {result}", len(found)
