"""output_size against the real modules: their shape where torch runs, an error where it refuses."""

import warnings

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lib.convolution import output_size

small = st.integers(0, 4)  # 0 included: torch refuses a zero kernel, stride or dilation
pads = st.integers(-1, 3)  # -1 included: torch refuses negative padding


def torch_shape(op, size, kernel, stride, padding, dilation, ceil_mode, output_padding):
    """What the real module returns for a (1, 1, H, W) tensor, or None when torch refuses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if op == "conv2d":
                m = nn.Conv2d(1, 1, kernel, stride, padding, dilation)
            elif op == "conv_transpose2d":
                m = nn.ConvTranspose2d(
                    1, 1, kernel, stride, padding, output_padding, 1, True, dilation
                )
            elif op == "max_pool2d":
                m = nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode=ceil_mode)
            else:
                m = nn.AvgPool2d(kernel, stride, padding, ceil_mode=ceil_mode)
            return tuple(m(torch.zeros(1, 1, *size)).shape[-2:])
        except (RuntimeError, ValueError):
            return None


def ours(*args):
    try:
        return output_size(*args)
    except ValueError:
        return None


@settings(max_examples=150)
@given(
    op=st.sampled_from(["conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d"]),
    size=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    kernel=st.tuples(small, small),
    stride=st.tuples(small, small),
    padding=st.tuples(pads, pads),
    dilation=st.tuples(small, small),
    ceil_mode=st.booleans(),
    output_padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
)
def test_output_size_equals_the_real_module_or_refuses_with_it(
    op, size, kernel, stride, padding, dilation, ceil_mode, output_padding
):
    if op == "avg_pool2d":
        dilation = (1, 1)  # AvgPool2d has no dilation argument
    if op != "conv_transpose2d":
        output_padding = (0, 0)
    if not op.endswith("pool2d"):
        ceil_mode = False
    args = (op, size, kernel, stride, padding, dilation, ceil_mode, output_padding)
    real, mine = torch_shape(*args), ours(*args)
    if real is not None and 0 in real:
        # An empty output: torch's CPU kernels disagree among themselves (up to 3 wide they
        # refuse, wider ones return a 0-sized tensor); the page always calls it empty.
        assert mine is None
    else:
        assert mine == real


@given(
    size=st.integers(1, 8),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 3),
    word=st.sampled_from(["same", "valid"]),
)
def test_padding_words_match_conv2d(size, kernel, stride, dilation, word):
    real = torch_shape("conv2d", (size, size), kernel, stride, word, dilation, False, 0)
    assert ours("conv2d", (size, size), kernel, stride, word, dilation) == real


def test_pool_stride_none_means_the_kernel_size():
    assert output_size("max_pool2d", (9, 8), 3, stride=None) == torch_shape(
        "max_pool2d", (9, 8), 3, 3, 0, 1, False, 0
    )


@pytest.mark.parametrize(
    "args",
    [
        ("conv2d", (2, 2), 3),  # kernel larger than the padded input
        ("conv2d", (8, 8), 3, 2, "same"),  # 'same' with stride 2
        ("max_pool2d", (8, 8), 2, 2, 2),  # padding more than half the kernel
        ("conv_transpose2d", (4, 4), 3, 1, 0, 1, False, 1),  # output_padding ≥ stride and dilation
        ("avg_pool2d", (8, 8), 2, 2, 0, 2),  # AvgPool2d has no dilation
        ("conv3d", (8, 8), 2),
    ],
)
def test_refusals_are_one_sentence(args):
    with pytest.raises(ValueError) as err:
        output_size(*args)
    text = str(err.value)
    assert text.endswith(".") and text.count(". ") == 0 and "\n" not in text
