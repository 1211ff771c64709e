"""One configuration of the page, its bounds, and the real torch module it describes."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lib.common.errors import InputError
from lib.convolution.cost import check_groups
from lib.convolution.shape import OPS, POOLS, as_code, check_range, output_size

MAX_SIZE = 16  # input H and W
MAX_CHANNELS = 8
MAX_KERNEL = 7
MAX_STRIDE = 4
MAX_PADDING = 4
MAX_DILATION = 4
MAX_SEED = 9999
VALUES = ("random", "edges")  # seeded small integers, or a vertical edge and its detector


@dataclass(frozen=True)
class Setting:
    op: str = "conv2d"
    size: tuple[int, int] = (7, 7)
    kernel: tuple[int, int] = (3, 3)
    stride: int = 1
    padding: int | str = 0  # an int, or "same" / "valid" for conv2d
    dilation: int = 1
    in_channels: int = 1
    out_channels: int = 1
    groups: int = 1
    bias: bool = True
    output_padding: int = 0
    ceil_mode: bool = False
    count_include_pad: bool = True
    values: str = "random"
    seed: int = 0

    @property
    def channels_out(self) -> int:
        """Pools keep the channels; convolutions have their own count."""
        return self.in_channels if self.op in POOLS else self.out_channels


_BOUNDS = (
    ("H", lambda s: s.size[0], 1, MAX_SIZE),
    ("W", lambda s: s.size[1], 1, MAX_SIZE),
    ("kernel height", lambda s: s.kernel[0], 1, MAX_KERNEL),
    ("kernel width", lambda s: s.kernel[1], 1, MAX_KERNEL),
    ("stride", lambda s: s.stride, 1, MAX_STRIDE),
    ("dilation", lambda s: s.dilation, 1, MAX_DILATION),
    ("in_channels", lambda s: s.in_channels, 1, MAX_CHANNELS),
    ("out_channels", lambda s: s.out_channels, 1, MAX_CHANNELS),
    ("groups", lambda s: s.groups, 1, MAX_CHANNELS),
    ("output_padding", lambda s: s.output_padding, 0, MAX_STRIDE),
    ("seed", lambda s: s.seed, 0, MAX_SEED),
    ("padding", lambda s: s.padding if isinstance(s.padding, int) else 0, 0, MAX_PADDING),
)


def check_bounds(s: Setting) -> None:
    """Everything a URL can carry, checked before a tensor is allocated."""
    if s.op not in OPS:
        raise InputError("cv_unknown_op", "{op} is not one of {ops}.", op=as_code(s.op), ops=OPS)
    if s.values not in VALUES:
        raise InputError(
            "cv_unknown_values", "{v} is not one of {ok}.", v=as_code(s.values), ok=VALUES
        )
    for name, get, lo, hi in _BOUNDS:
        check_range(name, get(s), lo, hi)


def expected_size(s: Setting) -> tuple[int, int]:
    """The formula's answer, raising our one sentence where torch refuses."""
    stride = s.stride
    return output_size(
        s.op, s.size, s.kernel, stride, s.padding, s.dilation, s.ceil_mode, s.output_padding
    )


def build(s: Setting) -> nn.Module:
    """The nn.Module the page describes, with seeded small-integer weights (or the edge preset).

    Integers keep the multiply-add readable by hand; torch still does the arithmetic."""
    if s.op == "conv2d":
        return _weights(
            nn.Conv2d(
                s.in_channels,
                s.out_channels,
                s.kernel,
                s.stride,
                s.padding,
                s.dilation,
                s.groups,
                s.bias,
            ),
            s,
        )
    if s.op == "conv_transpose2d":
        module = nn.ConvTranspose2d(
            s.in_channels,
            s.out_channels,
            s.kernel,
            s.stride,
            s.padding,
            s.output_padding,
            s.groups,
            s.bias,
            s.dilation,
        )
        return _weights(module, s)
    if s.op == "max_pool2d":
        return nn.MaxPool2d(s.kernel, s.stride, s.padding, s.dilation, ceil_mode=s.ceil_mode)
    return nn.AvgPool2d(
        s.kernel,
        s.stride,
        s.padding,
        ceil_mode=s.ceil_mode,
        count_include_pad=s.count_include_pad,
    )


def _weights(module: nn.Module, s: Setting) -> nn.Module:
    g = torch.Generator().manual_seed(s.seed + 1)
    with torch.no_grad():
        w = module.weight
        if s.values == "edges":
            # + on the left columns, − on the right: bright-to-dark from left to right is positive
            cols = torch.arange(w.shape[-1], dtype=w.dtype) - (w.shape[-1] - 1) / 2
            w.copy_((-torch.sign(cols)).expand_as(w))
        else:
            w.copy_(torch.randint(-2, 3, w.shape, generator=g).to(w.dtype))
        if module.bias is not None:
            b = torch.zeros_like(module.bias)
            module.bias.copy_(
                b if s.values == "edges" else torch.randint(-1, 2, b.shape, generator=g)
            )
    return module


def make_input(s: Setting) -> torch.Tensor:
    """A (1, C, H, W) image of seeded integers 0–9, or a vertical edge: dark left, bright right."""
    c, (h, w) = s.in_channels, s.size
    if s.values == "edges":
        x = torch.zeros(1, c, h, w)
        x[..., w // 2 :] = 9.0
        return x
    g = torch.Generator().manual_seed(s.seed)
    return torch.randint(0, 10, (1, c, h, w), generator=g).float()


def validate(s: Setting) -> None:
    """Bounds, then groups, then the shape: each failure is one sentence."""
    check_bounds(s)
    if s.op not in POOLS:
        check_groups(s.in_channels, s.out_channels, s.groups)
    expected_size(s)
