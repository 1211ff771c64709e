"""The runnable code behind each tab: a student pastes it and gets the page's numbers."""

from __future__ import annotations

import math

from lib.dtypes.bridge import ROUTES, START, WRITE
from lib.dtypes.edges import EDGES
from lib.dtypes.promotion import SCALARS, ZERO_DIM


def literal(x: float) -> str:
    return repr(x) if math.isfinite(x) else f'float("{x}")'


def bits(x: float) -> str:
    return f"""import torch

x = {literal(x)}
views = {{torch.float64: torch.int64, torch.float32: torch.int32,
         torch.float16: torch.int16, torch.bfloat16: torch.int16}}
for dtype, as_int in views.items():
    t = torch.tensor(x, dtype=dtype)  # round to nearest, ties to even
    width = 8 * t.element_size()
    bits = format(t.view(as_int).item() & ((1 << width) - 1), f"0{{width}}b")
    below = torch.nextafter(t, torch.tensor(-float("inf"), dtype=dtype)).item()
    above = torch.nextafter(t, torch.tensor(float("inf"), dtype=dtype)).item()
    print(dtype, bits, t.item(), below, above)
"""


def table() -> str:
    return """import torch

for dtype in [torch.float64, torch.float32, torch.float16, torch.bfloat16]:
    print(torch.finfo(dtype))
for dtype in [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]:
    print(torch.iinfo(dtype))
"""


def edges(count: int, step: float) -> str:
    cases = "\n".join(f"print({e.code})" for e in EDGES)
    return f"""import math
import torch

{cases}

count, step = {count}, {step!r}
for dtype in [torch.float16, torch.bfloat16, torch.float32]:
    total, x = torch.zeros((), dtype=dtype), torch.tensor(step, dtype=dtype)
    for _ in range(count):
        total = total + x  # one rounding per addition
    summed = torch.full((count,), step, dtype=dtype).sum()
    print(dtype, "running:", total.item(), "torch.sum:", summed.item())
print("exact:", math.fsum([step] * count))
"""


def operand(name: str) -> str:
    if name in SCALARS:
        return repr(SCALARS[name])
    if name.startswith(ZERO_DIM):
        return f"torch.zeros((), dtype=torch.{name[len(ZERO_DIM) :]})"
    return f"torch.zeros(2, dtype=torch.{name})"


def promotion(a: str, b: str) -> str:
    return f"""import torch

a = {operand(a)}
b = {operand(b)}
print(torch.result_type(a, b))
"""


def bridge() -> str:
    routes = "\n".join(
        f"    {name!r}: ({r.start!r}, lambda {'t' if r.start == 'torch' else 'a'}: {r.code}),"
        for name, r in ROUTES.items()
    )
    return f"""import numpy as np
import torch

routes = {{
{routes}
}}
for name, (start, route) in routes.items():
    src = torch.tensor({list(START)}) if start == "torch" else np.array({list(START)})
    out = route(src)
    src[0] = {WRITE}  # write into the start, read the result
    as_array = out.numpy() if isinstance(out, torch.Tensor) else out
    print(name, out.dtype, float(out[0]), np.shares_memory(np.asarray(src), as_array))
"""


def standardize(n: int, seed: int) -> str:
    return f"""import numpy as np
import torch

g = torch.Generator().manual_seed({seed})
x = 170.0 + 8.0 * torch.randn({n}, generator=g)  # a feature column, float32
z = (x - torch.mean(x)) / torch.std(x)  # torch.std divides by N - 1
a = x.numpy()
z_np = (a - np.mean(a)) / np.std(a)  # np.std divides by N
print(torch.std(x).item(), np.std(a))
print((z.abs() <= 1).double().mean().item(), np.mean(np.abs(z_np) <= 1))
"""
