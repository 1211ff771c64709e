"""receptive_field by its formula, checked against autograd through real torch modules."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lib.convolution import receptive_field
from lib.convolution.field import field_map, parse_stack

layer = st.builds(
    dict,
    op=st.sampled_from(["conv2d", "max_pool2d", "avg_pool2d"]),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.just(0),
    dilation=st.integers(1, 3),
)


def module(spec: dict, horizontal: bool) -> nn.Module:
    """The layer over a 1×L strip. Pools become window sums (a max pool's gradient reaches
    only its maximum); the geometry is all that decides the field."""
    k = (1, spec["kernel"]) if horizontal else spec["kernel"]
    s = (1, spec["stride"]) if horizontal else spec["stride"]
    d = (1, spec["dilation"]) if horizontal else spec["dilation"]
    if spec["op"] == "avg_pool2d" and spec["dilation"] == 1:
        return nn.AvgPool2d(k, s)
    conv = nn.Conv2d(1, 1, k, s, 0, d, bias=False).double()
    nn.init.ones_(conv.weight)
    return conv


def autograd_width(layers: list[dict], horizontal: bool = True) -> int:
    """Columns of a long strip that one output pixel's gradient reaches."""
    r, jump = 1, 1
    for spec in layers:  # a generous length, not the answer: every layer needs room
        r, jump = r + spec["dilation"] * spec["kernel"] * jump, jump * spec["stride"]
    length = 3 * r + 8
    shape = (1, 1, 1, length) if horizontal else (1, 1, length, length)
    x = torch.rand(shape, dtype=torch.float64, requires_grad=True)
    y = nn.Sequential(*(module(s, horizontal) for s in layers)).double()(x)
    y[0, 0, 0, y.shape[-1] // 2].backward()
    cols = (x.grad[0, 0].abs().sum(0) > 0).nonzero().flatten()
    return int(cols.max() - cols.min() + 1)


@settings(max_examples=60)
@given(layers=st.lists(layer, min_size=1, max_size=6))
def test_receptive_field_equals_the_span_of_the_gradient(layers):
    h, w = receptive_field(layers)
    assert h == w == autograd_width(layers)


def test_a_familiar_stack():
    # two 3×3 convolutions see 5×5; a 2×2 pool with stride 2 then a 3×3 conv: 5 + 2·2 = 9 + …
    layers = parse_stack("conv 3; conv 3")
    assert receptive_field(layers) == (5, 5)
    layers = parse_stack("conv 3; conv 3; max 2; conv 3")
    assert receptive_field(layers) == (10, 10) == (autograd_width(layers),) * 2


def test_field_map_shows_the_formula_square_when_it_fits():
    fm = field_map(parse_stack("max 2 1; conv 3 1 0 3"), 32)
    rows = (fm.grad.sum(1) > 0).nonzero().flatten()
    assert int(rows.max() - rows.min() + 1) == fm.formula[0]
    assert int(rows.min()) == fm.start[0]
    # 2-wide windows 3 apart: inside the square some pixels are never read
    assert int((fm.grad[rows.min() :, rows.min() :] > 0).sum()) < fm.formula[0] ** 2


def test_field_map_clips_at_the_input_edge():
    fm = field_map(parse_stack("conv 7 1 3; conv 7 1 3; conv 7 1 3"), 8)
    assert fm.formula == (19, 19) and fm.seen == (8, 8)


@pytest.mark.parametrize(
    "text",
    ["", "conv", "conv 3; " * 7, "relu 3", "conv 3 1 0 0", "conv 9 1 0 9", "x" * 400, "max 2 0"],
)
def test_bad_stacks_get_one_sentence(text):
    with pytest.raises(ValueError):
        field_map(parse_stack(text), 16)
