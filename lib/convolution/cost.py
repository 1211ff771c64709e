"""Weights, parameter count and multiply-adds of a convolution: what groups and depthwise save."""

from __future__ import annotations

from lib.common.errors import InputError
from lib.convolution.shape import pair


def check_groups(in_channels: int, out_channels: int, groups: int) -> None:
    """torch refuses groups that do not divide both channel counts; so do we, first."""
    if groups < 1:
        raise InputError(
            "cv_not_positive",
            "{name} must be at least 1, not {value}.",
            name="groups",
            value=groups,
        )
    for name, n in (("in_channels", in_channels), ("out_channels", out_channels)):
        if n < 1:
            raise InputError(
                "cv_not_positive", "{name} must be at least 1, not {value}.", name=name, value=n
            )
        if n % groups:
            raise InputError(
                "cv_groups_divide",
                "groups={groups} does not divide {name}={n}.",
                groups=groups,
                name=name,
                n=n,
            )


def weight_shape(
    op: str, in_channels: int, out_channels: int, kernel, groups: int = 1
) -> tuple[int, ...]:
    """Conv2d: [out, in/groups, kh, kw]; ConvTranspose2d: [in, out/groups, kh, kw]; pools: ()."""
    kh, kw = pair(kernel, "kernel_size")
    if op == "conv2d":
        return (out_channels, in_channels // groups, kh, kw)
    if op == "conv_transpose2d":
        return (in_channels, out_channels // groups, kh, kw)
    return ()


def parameter_count(in_channels, out_channels, kernel, groups=1, bias=True) -> int:
    """Learnable numbers in nn.Conv2d(in_channels, out_channels, kernel, groups=groups, bias=bias):
    out·(in/groups)·kh·kw weights plus one bias per output channel."""
    check_groups(in_channels, out_channels, groups)
    kh, kw = pair(kernel, "kernel_size")
    return out_channels * (in_channels // groups) * kh * kw + (out_channels if bias else 0)


def multiply_adds(
    op: str,
    in_channels: int,
    out_channels: int,
    kernel,
    groups: int,
    in_size: tuple[int, int],
    out_size: tuple[int, int],
) -> int:
    """Multiply-adds of one forward pass on one image. Each output value of Conv2d sums
    (in/groups)·kh·kw products; each *input* value of ConvTranspose2d is spread into
    (out/groups)·kh·kw output cells. Pools read kh·kw values per output cell and multiply none."""
    kh, kw = pair(kernel, "kernel_size")
    if op == "conv2d":
        return out_size[0] * out_size[1] * out_channels * (in_channels // groups) * kh * kw
    if op == "conv_transpose2d":
        return in_size[0] * in_size[1] * in_channels * (out_channels // groups) * kh * kw
    return 0
