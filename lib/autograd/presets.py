"""Expressions worth starting from: each shows one thing about autograd."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    expression: str
    values: str
    requires_grad: tuple[str, ...]


PRESETS = {
    # The notes' linear model (thermometer readings, inputs scaled by 0.1), mean squared error.
    "linear": Preset(
        "loss = ((w * x + b - y) ** 2).mean()",
        "w = 1.0; b = 0.0; x = 3.57, 5.59, 5.82, 8.19; y = 0.5, 14.0, 15.0, 28.0",
        ("w", "b"),
    ),
    "neuron": Preset(
        "loss = (sigmoid(w @ x + b) - y) ** 2",
        "w = 0.5, -0.3; x = 1.0, 2.0; b = 0.2; y = 1.0",
        ("w", "b"),
    ),
    # w reaches the output along two paths: its gradient is the sum of both.
    "shared": Preset("out = w * x + w ** 2", "w = 3.0; x = 2.0", ("w",)),
    # The same, with one path cut: detach() hands back a tensor with no history.
    "detach": Preset("out = w * x + detach(w) ** 2", "w = 3.0; x = 2.0", ("w",)),
    # relu and abs have no slope at 0; autograd still returns one number there.
    "kink": Preset("out = relu(x) + abs(x)", "x = -1.0, 0.0, 2.0", ("x",)),
}
DEFAULT = "linear"
