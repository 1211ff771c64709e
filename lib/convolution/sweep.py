"""Run the real module on the page's input and read back what one output cell is made of."""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from lib.common.errors import InputError
from lib.convolution.cost import multiply_adds, weight_shape
from lib.convolution.setting import Setting, build, expected_size, make_input, validate
from lib.convolution.shape import POOLS


@dataclass(frozen=True)
class Term:
    """One product of the multiply-add: input value at (channel, row, col) times a weight."""

    channel: int
    row: int  # in input coordinates: negative or ≥ H is padding
    col: int
    x: float
    w: float | None  # None for pooling (no weight)


@dataclass(frozen=True)
class Sweep:
    setting: Setting
    x: torch.Tensor  # (1, C, H, W)
    y: torch.Tensor  # (1, C_out, H_out, W_out), from the module
    formula: tuple[int, int]  # output_size's answer
    torch_shape: tuple[int, ...]  # what the module returned
    top_left: tuple[int, int]  # padding before row 0 / col 0 ('same' may be lopsided)
    weight_shape: tuple[int, ...]
    parameters: int  # counted from module.parameters()
    macs: int
    overlap: torch.Tensor | None  # transposed: how many products land in each output cell

    @property
    def out_hw(self) -> tuple[int, int]:
        return tuple(self.torch_shape[-2:])


def relevant(s: Setting) -> Setting:
    """Settings another op ignores are reset, so switching op never trips over a leftover."""
    changes: dict = {}
    if s.op != "conv_transpose2d":
        changes["output_padding"] = 0
    if s.op not in POOLS:
        changes |= {"ceil_mode": False, "count_include_pad": True}
    else:
        changes |= {"out_channels": s.in_channels, "groups": 1, "bias": False}
    if s.op == "avg_pool2d":
        changes["dilation"] = 1
    if isinstance(s.padding, str) and s.op != "conv2d":
        changes["padding"] = 0
    return dataclasses.replace(s, **changes)


def torch_error(s: Setting) -> str | None:
    """torch's own words when it refuses `s` (None when it accepts)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            build(s)(make_input(s))
    except (RuntimeError, ValueError) as err:
        return str(err).strip().splitlines()[0][:300]
    return None


def run(s: Setting) -> Sweep:
    """Validate (one sentence, with torch's text attached as `err.torch_text` when torch itself
    refuses too), then run the module and collect what the page draws."""
    s = relevant(s)
    try:
        validate(s)
    except InputError as err:
        if err.key not in ("cv_out_of_range", "cv_unknown_op", "cv_unknown_values"):
            err.torch_text = torch_error(s)  # only settings within bounds reach torch
        raise
    module = build(s)
    x = make_input(s)
    with torch.no_grad():
        y = module(x)
    out_hw = tuple(y.shape[-2:])
    return Sweep(
        setting=s,
        x=x,
        y=y,
        formula=expected_size(s),
        torch_shape=tuple(y.shape),
        top_left=_top_left(s),
        weight_shape=weight_shape(s.op, s.in_channels, s.out_channels, s.kernel, s.groups),
        parameters=sum(p.numel() for p in module.parameters()),
        macs=multiply_adds(s.op, s.in_channels, s.out_channels, s.kernel, s.groups, s.size, out_hw),
        overlap=_overlap(s) if s.op == "conv_transpose2d" else None,
    )


def _top_left(s: Setting) -> tuple[int, int]:
    if s.padding == "same":  # torch pads d·(k−1) in total, the smaller half first
        return tuple(s.dilation * (k - 1) // 2 for k in s.kernel)
    if s.padding == "valid":
        return (0, 0)
    return (s.padding, s.padding)


def _overlap(s: Setting) -> torch.Tensor:
    """ConvTranspose2d of ones with a kernel of ones counts the products summed in each cell."""
    ones = torch.ones(1, 1, *s.size)
    kernel = torch.ones(1, 1, *s.kernel)
    return F.conv_transpose2d(
        ones, kernel, None, s.stride, s.padding, s.output_padding, 1, s.dilation
    )[0, 0]


def position(sw: Sweep, index: int) -> tuple[int, int]:
    """The output cell number `index` (row-major), clamped into the output."""
    oh, ow = sw.out_hw
    index = min(max(index, 0), oh * ow - 1)
    return divmod(index, ow)


def footprint(sw: Sweep, cell: tuple[int, int]) -> list[tuple[int, int]]:
    """Input coordinates (row, col) the window of output `cell` reads (conv and pools), or that
    feed it (transposed): dilation leaves the holes between them."""
    s, (i, j) = sw.setting, cell
    (kh, kw), st, d = s.kernel, s.stride, s.dilation
    top, left = sw.top_left
    if s.op != "conv_transpose2d":
        rows = [i * st - top + a * d for a in range(kh)]
        cols = [j * st - left + b * d for b in range(kw)]
        return [(r, c) for r in rows for c in cols]
    h, w = s.size
    rows = [(r, a) for r in range(h) for a in range(kh) if r * st - s.padding + a * d == i]
    cols = [(c, b) for c in range(w) for b in range(kw) if c * st - s.padding + b * d == j]
    return [(r, c) for r, _ in rows for c, _ in cols]


def terms(sw: Sweep, cell: tuple[int, int], channel: int = 0) -> list[Term]:
    """The products that make output[0, channel, i, j] (transposed: the products landing there)."""
    s, (i, j) = sw.setting, cell
    h, w = s.size
    (kh, kw), st, d = s.kernel, s.stride, s.dilation
    if s.op in POOLS:
        return [
            Term(channel, r, c, _x(sw, channel, r, c), None)
            for r, c in footprint(sw, cell)
            if 0 <= r < h and 0 <= c < w
        ]
    group = channel // (s.out_channels // s.groups)
    per_group = s.in_channels // s.groups
    weight = build(s).weight.detach().tolist()  # nested lists: element reads cost ~0
    top, left = sw.top_left
    xs = sw.x[0].tolist()
    found = []
    for k in range(per_group):
        cin = group * per_group + k
        for a in range(kh):
            for b in range(kw):
                if s.op == "conv2d":
                    r, c = i * st - top + a * d, j * st - left + b * d
                    wv = weight[channel][k][a][b]
                else:  # input (r, c) lands on (i, j) through kernel cell (a, b)
                    r, c = i + s.padding - a * d, j + s.padding - b * d
                    if r % st or c % st:
                        continue
                    r, c = r // st, c // st
                    wv = weight[cin][channel % (s.out_channels // s.groups)][a][b]
                if 0 <= r < h and 0 <= c < w:  # padding contributes zeros
                    found.append(Term(cin, r, c, xs[cin][r][c], float(wv)))
    return found


def _x(sw: Sweep, channel: int, r: int, c: int) -> float:
    h, w = sw.setting.size
    return float(sw.x[0, channel, r, c]) if 0 <= r < h and 0 <= c < w else 0.0


def bias(sw: Sweep, channel: int) -> float:
    b = getattr(build(sw.setting), "bias", None)
    return float(b[channel].detach()) if b is not None else 0.0


def avg_divisor(sw: Sweep, cell: tuple[int, int]) -> float:
    """AvgPool2d's divisor at `cell`, read from torch: the window's input cells over the
    average of an all-ones image (count_include_pad changes it at the border)."""
    s = sw.setting
    ones = torch.ones(1, 1, *s.size)
    with torch.no_grad():
        mean = build(s)(ones)[0, 0, cell[0], cell[1]]
    inside = len([1 for r, c in footprint(sw, cell) if 0 <= r < s.size[0] and 0 <= c < s.size[1]])
    return round(inside / float(mean), 6)
