"""The network of the training page: input features, layers, dropout, initial weights, optimizer.

Each table maps the page's stable option name to the real torch object, so the exported script
can name exactly the class the app used (`nn.Tanh`, `torch.optim.Adam`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from lib.common.errors import InputError
from lib.common.shapes import parse_int_list

MAX_LAYERS, MAX_WIDTH = 6, 16

# name -> (how the app computes it from x = [n, 2] points, the same expression in the script)
FEATURES: dict[str, tuple[Callable[[torch.Tensor], torch.Tensor], str]] = {
    "x1": (lambda x: x[:, 0], "x[:, 0]"),
    "x2": (lambda x: x[:, 1], "x[:, 1]"),
    "x1^2": (lambda x: x[:, 0] ** 2, "x[:, 0] ** 2"),
    "x2^2": (lambda x: x[:, 1] ** 2, "x[:, 1] ** 2"),
    "x1*x2": (lambda x: x[:, 0] * x[:, 1], "x[:, 0] * x[:, 1]"),
    "sin(x1)": (lambda x: torch.sin(x[:, 0]), "torch.sin(x[:, 0])"),
    "sin(x2)": (lambda x: torch.sin(x[:, 1]), "torch.sin(x[:, 1])"),
}
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
    "leaky_relu": nn.LeakyReLU,
    "gelu": nn.GELU,
}
# name -> (optimizer class, the arguments that make it this variant)
OPTIMIZERS: dict[str, tuple[type[torch.optim.Optimizer], dict[str, float]]] = {
    "sgd": (torch.optim.SGD, {}),
    "sgd_momentum": (torch.optim.SGD, {"momentum": 0.9}),
    "adam": (torch.optim.Adam, {}),
    "adamw": (torch.optim.AdamW, {}),  # weight decay decoupled from the gradient
    "rmsprop": (torch.optim.RMSprop, {}),
}


def pick_features(chosen: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The chosen input features in the page's fixed order; at least one is needed."""
    unknown = [c for c in chosen if c not in FEATURES]
    if unknown:
        raise InputError(
            "tr_feature", "{name!r} is not one of the input features.", name=unknown[0]
        )
    if not chosen:
        raise InputError("tr_no_features", "Pick at least one input feature.")
    return tuple(f for f in FEATURES if f in chosen)


def features(x: torch.Tensor, names: tuple[str, ...]) -> torch.Tensor:
    """[n, 2] points -> [n, len(names)] inputs: what the first Linear layer really receives."""
    return torch.stack([FEATURES[name][0](x) for name in names], dim=1)


def parse_hidden(text: str) -> tuple[int, ...]:
    """`'4, 2'` -> (4, 2): the width of each hidden layer; empty means no hidden layer."""
    widths = parse_int_list(text, what="hidden layers", limit=16)
    check_hidden(widths)
    return widths


def check_hidden(widths: tuple[int, ...]) -> None:
    if len(widths) > MAX_LAYERS:
        raise InputError(
            "tr_layers",
            "{n} hidden layers is too many; use at most {max}.",
            n=len(widths),
            max=MAX_LAYERS,
        )
    for w in widths:
        if not 1 <= w <= MAX_WIDTH:
            raise InputError(
                "tr_width", "A hidden layer needs 1 to {max} units, not {n}.", n=w, max=MAX_WIDTH
            )


class Dropout(nn.Module):
    """nn.Dropout, but the mask comes from our own generator (nn.Dropout uses the global one)."""

    def __init__(self, p: float, generator: torch.Generator) -> None:
        super().__init__()
        self.p = p
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.p
        return x * keep / (1 - self.p)


def init_weights(model: nn.Module, g: torch.Generator) -> None:
    """PyTorch's default Linear init, U(-1/√fan_in, 1/√fan_in), drawn from `g`: same seed, same
    starting weights, whatever else the process is doing."""
    with torch.no_grad():
        for layer in model.modules():
            if isinstance(layer, nn.Linear):
                bound = 1 / math.sqrt(layer.in_features)
                layer.weight.uniform_(-bound, bound, generator=g)
                layer.bias.uniform_(-bound, bound, generator=g)


def build_model(
    n_in: int,
    hidden: tuple[int, ...],
    n_out: int,
    activation: str,
    dropout: float,
    init: torch.Generator,
    drop: torch.Generator,
) -> nn.Sequential:
    """Linear -> activation (-> dropout) per hidden layer, then a Linear to the outputs."""
    layers: list[nn.Module] = []
    for width in hidden:
        # On the meta device nothing is drawn from the global generator; init_weights fills it.
        layers += [nn.Linear(n_in, width, device="meta"), ACTIVATIONS[activation]()]
        if dropout > 0:
            layers.append(Dropout(dropout, drop))
        n_in = width
    model = nn.Sequential(*layers, nn.Linear(n_in, n_out, device="meta")).to_empty(device="cpu")
    init_weights(model, init)
    return model


def hidden_outputs(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """What every hidden layer outputs, after its activation, for inputs x: [n, units] each."""
    outs, activations = [], tuple(ACTIVATIONS.values())
    for layer in model:
        x = layer(x)
        if isinstance(layer, activations):
            outs.append(x)
    return outs


def make_optimizer(
    model: nn.Module, name: str, lr: float, weight_decay: float
) -> torch.optim.Optimizer:
    """One parameter group, as `optim.SGD(model.parameters(), ...)` is usually written: the L2
    penalty (weight_decay) pulls every weight and bias towards zero."""
    cls, extra = OPTIMIZERS[name]
    return cls(model.parameters(), lr=lr, weight_decay=weight_decay, **extra)
