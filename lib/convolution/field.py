"""The receptive field of a stack of convolutions and pools: by the formula, and by autograd."""

from __future__ import annotations

import re
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from lib.common.errors import InputError
from lib.convolution.shape import as_code, check_range, output_size

MAX_LAYERS = 6
MAX_STACK_INPUT = 48  # the autograd picture is MAX_STACK_INPUT² cells
MAX_TEXT = 300
LAYER_OPS = {"conv": "conv2d", "max": "max_pool2d", "avg": "avg_pool2d"}
_LAYER = re.compile(r"^(conv|max|avg)((?:\s+\d{1,2}){0,4})$")
DEFAULT_STACK = "conv 3; conv 3; max 2; conv 3 1 0 2"


def parse_stack(text: str) -> list[dict]:
    """`"conv 3 1 1; max 2"` -> layer dicts. Each layer: op, kernel, stride, padding, dilation;
    missing numbers take torch's defaults (a pool's stride is its kernel)."""
    if len(text or "") > MAX_TEXT:
        raise InputError(
            "cv_stack_long", "The layer list is longer than {n} characters.", n=MAX_TEXT
        )
    parts = [p.strip().lower() for p in (text or "").split(";") if p.strip()]
    if not 1 <= len(parts) <= MAX_LAYERS:
        raise InputError(
            "cv_stack_layers",
            "The stack needs 1 to {n} layers, not {m}.",
            n=MAX_LAYERS,
            m=len(parts),
        )
    layers = []
    for part in parts:
        m = _LAYER.match(part)
        if not m:
            raise InputError(
                "cv_stack_layer",
                "{part} is not a layer like `conv 3 1 1` or `max 2`.",
                part=as_code(part),
            )
        op, numbers = LAYER_OPS[m.group(1)], [int(n) for n in m.group(2).split()]
        if not numbers:
            raise InputError("cv_stack_kernel", "{part} needs a kernel size.", part=as_code(part))
        k = numbers[0]
        stride = numbers[1] if len(numbers) > 1 else (1 if op == "conv2d" else k)
        pad = numbers[2] if len(numbers) > 2 else 0
        dil = numbers[3] if len(numbers) > 3 else 1
        layers.append(dict(op=op, kernel=k, stride=stride, padding=pad, dilation=dil))
    return layers


def receptive_field(layers: list[dict]) -> tuple[int, int]:
    """(height, width) of the input region one output pixel of the last layer depends on:
    each layer widens it by d·(k−1) input steps of the layers below (the product of strides)."""
    size, jump = 1, 1
    for layer in layers:
        size += layer["dilation"] * (layer["kernel"] - 1) * jump
        jump *= layer["stride"]
    return (size, size)


def field_start(layers: list[dict], index: int) -> int:
    """The first input row (may be negative: padding) of output row `index`'s field."""
    for layer in reversed(layers):
        index = index * layer["stride"] - layer["padding"]
    return index


@dataclass(frozen=True)
class FieldMap:
    layers: tuple[dict, ...]
    size: int  # the stack's input is size × size
    out_size: tuple[int, int]  # the last layer's output
    cell: tuple[int, int]  # the output pixel asked about (the centre)
    formula: tuple[int, int]
    start: tuple[int, int]  # top-left of the formula's field, in input coordinates
    grad: torch.Tensor  # ∂ out[cell] / ∂ input, size × size
    seen: tuple[int, int]  # rows and columns with a non-zero gradient


def check_layers(layers: list[dict], size: int) -> tuple[int, int]:
    """Every layer's shape, as torch would compute it; the last output size."""
    check_range("input size", size, 1, MAX_STACK_INPUT)
    hw = (size, size)
    for layer in layers:
        for name in ("kernel", "stride", "dilation"):
            check_range(name, layer[name], 1, 9)
        check_range("padding", layer["padding"], 0, 9)  # keeps every layer under 48 + 6·18
        hw = output_size(
            layer["op"], hw, layer["kernel"], layer["stride"], layer["padding"], layer["dilation"]
        )
    return hw


def field_map(layers: list[dict], size: int) -> FieldMap:
    """Autograd's answer: the gradient of the centre output pixel with respect to the input.

    Weights are all ones and pools are replaced by a window sum with the same geometry: a max
    pool sends gradient only to the largest value, which would hide the rest of its window.
    The gradient is then positive exactly where the pixel depends on the input."""
    out_hw = check_layers(layers, size)
    x = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    h = x
    for layer in layers:
        k = torch.ones(1, 1, layer["kernel"], layer["kernel"], dtype=torch.float64)
        h = F.conv2d(h, k, None, layer["stride"], layer["padding"], layer["dilation"])
    cell = (out_hw[0] // 2, out_hw[1] // 2)
    (grad,) = torch.autograd.grad(h[0, 0, cell[0], cell[1]], x)
    g = grad[0, 0]
    seen = (int((g.abs().sum(1) > 0).sum()), int((g.abs().sum(0) > 0).sum()))
    return FieldMap(
        layers=tuple(layers),
        size=size,
        out_size=out_hw,
        cell=cell,
        formula=receptive_field(layers),
        start=(field_start(layers, cell[0]), field_start(layers, cell[1])),
        grad=g,
        seen=seen,
    )
