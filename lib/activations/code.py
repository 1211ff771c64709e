"""Runnable PyTorch code for the function and neuron views, built from parsed values only."""

from __future__ import annotations

from collections.abc import Mapping

from lib.activations.curves import (
    BISECT_STEPS,
    DEFAULT_THRESHOLD,
    GRID,
    activation,
    call_code,
    check_range,
    check_threshold,
)

_HEADER = "import torch\nimport torch.nn.functional as F\n\n"


def function_snippet(
    names: list[str],
    params: Mapping[str, Mapping[str, float]],
    lo: float,
    hi: float,
    x0: float,
    threshold: float = DEFAULT_THRESHOLD,
) -> str:
    """f, f′ by autograd and the saturated share of [lo, hi] for each compared function."""
    check_range(lo, hi)
    check_threshold(threshold)
    for name in names:
        activation(name, params.get(name))  # refuse what the page would refuse
    rows = "".join(
        f"    {name!r}: lambda x: {call_code(name, params.get(name))},\n" for name in names
    )
    return (
        _HEADER
        + f"""functions = {{
{rows}}}
threshold = {threshold!r}
x = torch.linspace({lo!r}, {hi!r}, 401, dtype=torch.float64, requires_grad=True)
x0 = torch.tensor({x0!r}, dtype=torch.float64, requires_grad=True)

at_x0 = {{}}
for name, f in functions.items():
    # f acts elementwise, so the gradient of the sum is f′ at every x at once.
    (dy,) = torch.autograd.grad(f(x).sum(), x)
    y0 = f(x0)
    (dy0,) = torch.autograd.grad(y0, x0)
    at_x0[name] = (y0.item(), dy0.item())
    share = (dy.abs() < threshold).double().mean().item()
    print(f"{{name}}: f(x0) = {{y0.item():.4f}}, f'(x0) = {{dy0.item():.4f}}, "
          f"saturated on {{share:.0%}} of the range")
"""
    )


def neuron_snippet(
    name: str,
    params: Mapping[str, float] | None,
    w: float,
    b: float,
    lo: float,
    hi: float,
    threshold: float = DEFAULT_THRESHOLD,
) -> str:
    """y = act(w·x + b): where the unit is sensitive, read from z.grad."""
    check_range(lo, hi)
    check_threshold(threshold)
    activation(name, params)
    return (
        _HEADER
        + f"""w, b = {w!r}, {b!r}


def slope(x):
    \"\"\"f'(w*x + b) by autograd: is the unit itself in its sensitive region at x?\"\"\"
    z = (w * x + b).detach().requires_grad_(True)
    {call_code(name, params, arg="z")}.sum().backward()
    return z.grad


def inside(x):
    return slope(x).abs() >= {threshold!r}


def sensitive_spans(lo, hi, cells={GRID}, steps={BISECT_STEPS}):
    \"\"\"Where inside(x) holds: sampled on a grid, each edge pinned down by bisection.\"\"\"
    x = torch.linspace(lo, hi, cells + 1, dtype=torch.float64)
    state = inside(x)
    flips = (state[1:] != state[:-1]).nonzero().flatten()
    a, c, a_in = x[flips], x[flips + 1], state[flips]
    for _ in range(steps):
        m = (a + c) / 2
        same = inside(m) == a_in
        a, c = torch.where(same, m, a), torch.where(same, c, m)
    edges = [lo, *((a + c) / 2).tolist(), hi]
    first = bool(state[0])
    return [(s, e) for k, (s, e) in enumerate(zip(edges, edges[1:])) if (k % 2 == 0) == first]


x = torch.linspace({lo!r}, {hi!r}, 401, dtype=torch.float64, requires_grad=True)
y = {call_code(name, params, arg="w * x + b")}
y.sum().backward()
slope_x = x.grad  # dy/dx = w * f'(w*x + b): what the input feels
spans = ", ".join(f"[{{s:.2f}}, {{e:.2f}}]" for s, e in sensitive_spans({lo!r}, {hi!r}))
print("sensitive for x in", spans or "nothing")
print(f"steepest dy/dx = {{slope_x.abs().max():.3f}}")
"""
    )
