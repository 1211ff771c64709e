"""The runnable PyTorch code for the page's view: same input, same weights, same numbers."""

from __future__ import annotations

from lib.convolution.setting import Setting


def snippet(s: Setting, cell: tuple[int, int], channel: int = 0) -> str:
    """Code that rebuilds the module, the input and the weights, and prints what the page shows."""
    lines = ["import torch", "from torch import nn", ""]
    c, (h, w) = s.in_channels, s.size
    if s.values == "edges":
        lines += [
            f"x = torch.zeros(1, {c}, {h}, {w})",
            f"x[..., {w // 2}:] = 9.0  # a vertical edge",
        ]
    else:
        lines += [
            f"g = torch.Generator().manual_seed({s.seed})",
            f"x = torch.randint(0, 10, (1, {c}, {h}, {w}), generator=g).float()",
        ]
    lines.append(f"layer = {module_code(s)}")
    if s.op in ("conv2d", "conv_transpose2d"):
        lines += ["with torch.no_grad():"]
        if s.values == "edges":
            lines += [
                "    k = layer.weight.shape[-1]",
                "    cols = torch.arange(k) - (k - 1) / 2",
                "    layer.weight.copy_((-torch.sign(cols)).expand_as(layer.weight))",
            ]
            if s.bias:
                lines.append("    layer.bias.zero_()")
        else:
            lines += [
                f"    g = torch.Generator().manual_seed({s.seed + 1})",
                "    shape = layer.weight.shape",
                "    layer.weight.copy_(torch.randint(-2, 3, shape, generator=g).float())",
            ]
            if s.bias:
                bias = "torch.randint(-1, 2, layer.bias.shape, generator=g).float()"
                lines.append(f"    layer.bias.copy_({bias})")
    i, j = cell
    lines += [
        "y = layer(x)",
        "print(tuple(y.shape))",
        f"print(y[0, {channel}, {i}, {j}].item())",
        "print(sum(p.numel() for p in layer.parameters()))",
    ]
    return "\n".join(lines) + "\n"


def module_code(s: Setting) -> str:
    k = s.kernel if s.kernel[0] != s.kernel[1] else s.kernel[0]
    pad = repr(s.padding)
    if s.op == "conv2d":
        return (
            f"nn.Conv2d({s.in_channels}, {s.out_channels}, {k}, stride={s.stride}, padding={pad}, "
            f"dilation={s.dilation}, groups={s.groups}, bias={s.bias})"
        )
    if s.op == "conv_transpose2d":
        return (
            f"nn.ConvTranspose2d({s.in_channels}, {s.out_channels}, {k}, stride={s.stride}, "
            f"padding={pad}, output_padding={s.output_padding}, groups={s.groups}, "
            f"bias={s.bias}, dilation={s.dilation})"
        )
    if s.op == "max_pool2d":
        return (
            f"nn.MaxPool2d({k}, stride={s.stride}, padding={pad}, dilation={s.dilation}, "
            f"ceil_mode={s.ceil_mode})"
        )
    return (
        f"nn.AvgPool2d({k}, stride={s.stride}, padding={pad}, ceil_mode={s.ceil_mode}, "
        f"count_include_pad={s.count_include_pad})"
    )
