"""'What to notice', chosen from the computed numbers: (locale key, numbers) pairs."""

from __future__ import annotations

from lib.convolution.cost import parameter_count
from lib.convolution.field import FieldMap
from lib.convolution.sweep import Sweep, footprint, position

Fact = tuple[str, dict]


def sweep_facts(sw: Sweep, cell: tuple[int, int]) -> list[Fact]:
    s = sw.setting
    (h, w), (oh, ow) = s.size, sw.out_hw
    change = "n_smaller" if oh * ow < h * w else "n_larger" if oh * ow > h * w else "n_same"
    facts: list[Fact] = [(change, dict(h=h, w=w, oh=oh, ow=ow))]
    if s.op == "conv_transpose2d":
        lo, hi = int(sw.overlap.min()), int(sw.overlap.max())
        facts.append(
            ("n_overlap_even", dict(n=lo)) if lo == hi else ("n_overlap_uneven", dict(lo=lo, hi=hi))
        )
    else:
        facts += [_padding(sw, cell), _dilation(sw), _coverage(sw)]
    facts.append(_parameters(sw))
    return facts


def _padding(sw: Sweep, cell: tuple[int, int]) -> Fact:
    h, w = sw.setting.size
    cells = footprint(sw, cell)
    outside = sum(1 for r, c in cells if not (0 <= r < h and 0 <= c < w))
    where = dict(i=cell[0], j=cell[1], n=outside, total=len(cells))
    return ("n_pad_some", where) if outside else ("n_pad_none", where)


def _dilation(sw: Sweep) -> Fact:
    s = sw.setting
    kh, kw = s.kernel
    sh, sw_ = (s.dilation * (k - 1) + 1 for k in s.kernel)
    numbers = dict(kh=kh, kw=kw, sh=sh, sw=sw_, d=s.dilation, holes=sh * sw_ - kh * kw)
    return ("n_dilated" if s.dilation > 1 else "n_dense", numbers)


def _coverage(sw: Sweep) -> Fact:
    (h, w), (oh, ow) = sw.setting.size, sw.out_hw
    read = {rc for k in range(oh * ow) for rc in footprint(sw, position(sw, k))}
    unread = sum(1 for r in range(h) for c in range(w) if (r, c) not in read)
    return ("n_skipped", dict(n=unread, s=sw.setting.stride)) if unread else ("n_all_read", {})


def _parameters(sw: Sweep) -> Fact:
    s = sw.setting
    if s.op in ("max_pool2d", "avg_pool2d"):
        return ("n_pool_params", dict(k=s.kernel[0] * s.kernel[1]))
    if s.groups == 1:
        return ("n_full_params", dict(c=s.in_channels, p=sw.parameters))
    dense = parameter_count(s.in_channels, s.out_channels, s.kernel, 1, s.bias)
    key = "n_depthwise" if s.groups == s.in_channels else "n_groups"
    return (key, dict(g=s.groups, p=sw.parameters, dense=dense, per=s.in_channels // s.groups))


def field_facts(fm: FieldMap) -> list[Fact]:
    r = fm.formula[0]
    rows = (fm.grad.abs().sum(1) > 0).nonzero()
    extent = int(rows.max() - rows.min() + 1)
    facts: list[Fact] = [
        ("n_rf_formula", dict(r=r, extent=extent, cells=int((fm.grad != 0).sum())))
    ]
    if extent < r:
        facts.append(("n_rf_clipped", dict(r=r, extent=extent)))
    else:
        facts.append(("n_rf_inside", dict(r=r)))
    zeros = extent * extent - int((fm.grad != 0).sum())
    if zeros > 0:
        facts.append(("n_rf_gaps", dict(z=zeros)))
    else:
        facts.append(("n_rf_solid", {}))
    return facts
