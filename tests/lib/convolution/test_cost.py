"""Parameter counts and multiply-adds against the tensors nn.Conv2d / ConvTranspose2d make."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from lib.convolution import parameter_count
from lib.convolution.cost import multiply_adds, weight_shape


@given(
    groups=st.integers(1, 4),
    per_in=st.integers(1, 3),
    per_out=st.integers(1, 3),
    kernel=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    bias=st.booleans(),
)
def test_parameter_count_equals_the_module(groups, per_in, per_out, kernel, bias):
    cin, cout = groups * per_in, groups * per_out
    m = nn.Conv2d(cin, cout, kernel, groups=groups, bias=bias)
    assert parameter_count(cin, cout, kernel, groups, bias) == sum(
        p.numel() for p in m.parameters()
    )
    assert weight_shape("conv2d", cin, cout, kernel, groups) == tuple(m.weight.shape)
    t = nn.ConvTranspose2d(cin, cout, kernel, groups=groups, bias=bias)
    assert weight_shape("conv_transpose2d", cin, cout, kernel, groups) == tuple(t.weight.shape)


def test_depthwise_divides_the_weights_by_the_channels():
    assert parameter_count(8, 8, 3, groups=8, bias=False) * 8 == parameter_count(
        8, 8, 3, bias=False
    )


@pytest.mark.parametrize("cin, cout, groups", [(3, 4, 2), (4, 3, 2), (4, 4, 0)])
def test_groups_that_torch_refuses_are_refused(cin, cout, groups):
    with pytest.raises((ValueError, ZeroDivisionError)):
        nn.Conv2d(cin, cout, 3, groups=groups)
    with pytest.raises(ValueError):
        parameter_count(cin, cout, 3, groups)


@given(
    op=st.sampled_from(["conv2d", "conv_transpose2d"]),
    groups=st.integers(1, 2),
    per_in=st.integers(1, 3),
    per_out=st.integers(1, 3),
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.integers(1, 2),
    size=st.tuples(st.integers(3, 6), st.integers(3, 6)),
)
def test_multiply_adds_count_one_product_per_weight_use(
    op, groups, per_in, per_out, kernel, stride, size
):
    """Conv2d: every output value uses one filter's weights once; ConvTranspose2d: every input
    value is multiplied by its weights once. Counted from the tensors torch made."""
    cin, cout = groups * per_in, groups * per_out
    kind = nn.Conv2d if op == "conv2d" else nn.ConvTranspose2d
    m = kind(cin, cout, kernel, stride, groups=groups, bias=False)
    x = torch.zeros(1, cin, *size)
    y = m(x)
    per_value = m.weight[0].numel()
    expected = (y if op == "conv2d" else x).numel() * per_value
    assert multiply_adds(op, cin, cout, kernel, groups, size, tuple(y.shape[-2:])) == expected
