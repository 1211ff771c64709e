"""Runnable PyTorch code for the function and neuron views, built from parsed values only."""

from __future__ import annotations

from collections.abc import Mapping

from lib.activations.curves import (
    DEFAULT_THRESHOLD,
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
x = torch.linspace({lo!r}, {hi!r}, 401, dtype=torch.float64, requires_grad=True)
z = w * x + b  # the pre-activation
z.retain_grad()
y = {call_code(name, params, arg="z")}
y.sum().backward()

slope_z = z.grad  # f'(z): is the unit itself in its sensitive region?
slope_x = x.grad  # dy/dx = w * f'(w*x + b): what the input feels
sensitive = x[slope_z.abs() >= {threshold!r}].detach()
if len(sensitive):
    print(f"sensitive for x from about {{sensitive.min():.2f}} to {{sensitive.max():.2f}}")
print(f"steepest dy/dx = {{slope_x.abs().max():.3f}}")
"""
    )
