"""What the page says about one output cell, against torch: the multiply-add, the window read by
autograd, the transposed overlap, the code panel, the quiz and the notices."""

import contextlib
import io
import warnings

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.convolution.code import snippet
from lib.convolution.facts import sweep_facts
from lib.convolution.formula import formula
from lib.convolution.quiz import quiz
from lib.convolution.setting import Setting
from lib.convolution.sweep import avg_divisor, bias, footprint, position, run, terms

warnings.filterwarnings("ignore", message="Initializing zero-element")


@st.composite
def settings_(draw):
    op = draw(st.sampled_from(["conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d"]))
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    groups = draw(st.integers(1, 2))
    padding = draw(st.integers(0, 2))
    if op.endswith("pool2d"):
        padding = min(padding, min(k) // 2)
    return Setting(
        op=op,
        size=(draw(st.integers(4, 9)), draw(st.integers(4, 9))),
        kernel=k,
        stride=draw(st.integers(1, 3)),
        padding=padding,
        dilation=1 if op == "avg_pool2d" else draw(st.integers(1, 2)),
        in_channels=groups * draw(st.integers(1, 2)),
        out_channels=groups * draw(st.integers(1, 2)),
        groups=groups,
        ceil_mode=op.endswith("pool2d") and draw(st.booleans()),
        count_include_pad=draw(st.booleans()),
        values=draw(st.sampled_from(["random", "edges"])),
        seed=draw(st.integers(0, 50)),
    )


def valid(s: Setting):
    try:
        return run(s)
    except ValueError:
        return None


@settings(max_examples=50)
@given(s=settings_(), index=st.integers(0, 400), channel=st.integers(0, 3))
def test_the_written_out_arithmetic_gives_torchs_output(s, index, channel):
    sw = valid(s)
    if sw is None:
        return
    channel = min(channel, sw.y.shape[1] - 1)
    i, j = cell = position(sw, index)
    found, torch_value = terms(sw, cell, channel), float(sw.y[0, channel, i, j])
    if sw.setting.op == "max_pool2d":
        assert max(t.x for t in found) == torch_value
    elif sw.setting.op == "avg_pool2d":
        assert sum(t.x for t in found) / avg_divisor(sw, cell) == pytest.approx(torch_value)
    else:
        total = sum(t.x * t.w for t in found) + bias(sw, channel)
        assert total == pytest.approx(torch_value, abs=1e-4)


@settings(max_examples=40)
@given(s=settings_(), index=st.integers(0, 400))
def test_the_outlined_window_is_what_autograd_says_the_cell_reads(s, index):
    """A copy of the layer with all-ones weights: the gradient of one output cell is non-zero
    exactly on the input cells the window covers (or, transposed, that land on the cell)."""
    sw = valid(s)
    if sw is None or s.op == "max_pool2d":
        return  # max pool's gradient reaches only the maximum; its window is the avg pool's
    s, (i, j) = sw.setting, position(sw, index)
    x = torch.ones(1, 1, *s.size, dtype=torch.float64, requires_grad=True)
    w = torch.ones(1, 1, *s.kernel, dtype=torch.float64)
    if s.op == "conv_transpose2d":
        y = F.conv_transpose2d(x, w, None, s.stride, s.padding, s.output_padding, 1, s.dilation)
    elif s.op == "conv2d":
        y = F.conv2d(x, w, None, s.stride, s.padding, s.dilation)
    else:
        y = F.avg_pool2d(x, s.kernel, s.stride, s.padding, s.ceil_mode, True)
    (g,) = torch.autograd.grad(y[0, 0, i, j], x)
    seen = {tuple(rc) for rc in (g[0, 0] != 0).nonzero().tolist()}
    h, w_ = s.size
    drawn = {(r, c) for r, c in footprint(sw, (i, j)) if 0 <= r < h and 0 <= c < w_}
    assert drawn == seen


@settings(max_examples=40)
@given(
    size=st.integers(2, 6),
    k=st.integers(1, 5),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 2),
)
def test_transposed_overlap_counts_the_products_in_each_cell(size, k, stride, dilation):
    sw = valid(
        Setting(
            op="conv_transpose2d",
            size=(size, size),
            kernel=(k, k),
            stride=stride,
            dilation=dilation,
        )
    )
    if sw is None:
        return
    (oh, ow) = sw.out_hw
    count = torch.zeros(oh, ow, dtype=torch.long)
    for r in range(size):  # every input cell times every kernel cell lands somewhere
        for c in range(size):
            for a in range(k):
                for b in range(k):
                    count[r * stride + a * dilation, c * stride + b * dilation] += 1
    assert torch.equal(sw.overlap.long(), count)
    assert sw.overlap.sum() == size * size * k * k


@pytest.mark.parametrize(
    "s",
    [
        Setting(),
        Setting(
            op="conv2d",
            padding="same",
            kernel=(4, 2),
            dilation=2,
            in_channels=4,
            out_channels=2,
            groups=2,
            seed=7,
        ),
        Setting(op="conv_transpose2d", stride=2, output_padding=1, kernel=(3, 3), bias=False),
        Setting(op="max_pool2d", kernel=(2, 2), stride=2, ceil_mode=True, size=(7, 5)),
        Setting(op="avg_pool2d", padding=1, count_include_pad=False, values="edges"),
        Setting(
            op="conv2d",
            values="edges",
            size=(16, 16),
            kernel=(7, 7),
            in_channels=8,
            out_channels=8,
            groups=8,
        ),
    ],
)
def test_the_code_panel_reproduces_the_page(s):
    sw = run(s)
    cell, channel = position(sw, 3), sw.y.shape[1] - 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet(sw.setting, cell, channel), {})  # our own generated code, not user text
    shape, value, params = out.getvalue().split("\n")[:3]
    assert shape == str(tuple(sw.y.shape))
    assert float(value) == pytest.approx(float(sw.y[0, channel, cell[0], cell[1]]))
    assert int(params) == sw.parameters


@pytest.mark.parametrize("seed", range(12))
def test_the_quiz_has_plausible_options_and_torchs_answer(seed):
    q = quiz(seed)
    assert len(set(q.options)) >= 3 and q.answer in q.options and min(q.options) > 0
    module = eval(q.code, {"nn": torch.nn})  # noqa: S307 - our own generated code
    assert module(torch.zeros(1, 1, q.height, q.height)).shape[-2] == q.answer
    assert q.working.endswith(f"= {q.answer}")


@settings(max_examples=40)
@given(s=settings_())
def test_the_formula_text_ends_with_torchs_size(s):
    sw = valid(s)
    if sw is None:
        return
    for dim in (0, 1):
        assert formula(sw.setting, dim).split(" ")[-1] == str(sw.out_hw[dim])


def facts(s: Setting, index: int = 0) -> dict:
    sw = run(s)
    return dict(sweep_facts(sw, position(sw, index)))


def test_notices_at_the_edges_of_the_settings():
    assert "n_smaller" in facts(Setting(size=(16, 16), kernel=(7, 7)))
    assert "n_same" in facts(Setting(padding="same", kernel=(7, 7)))
    assert "n_larger" in facts(Setting(padding=4, kernel=(1, 1)))
    corner = facts(Setting(padding=4, kernel=(7, 7)))
    assert corner["n_pad_some"]["n"] == 49 - 9  # 4 padding rows/cols, 3×3 input cells
    assert facts(Setting(kernel=(1, 1), stride=4, size=(16, 16)))["n_skipped"]["n"] == 256 - 16
    assert "n_all_read" in facts(Setting(kernel=(3, 3), stride=3, size=(9, 9)))
    holes = facts(Setting(dilation=4, size=(16, 16), kernel=(3, 3)))["n_dilated"]
    assert (holes["sh"], holes["holes"]) == (9, 81 - 9)
    depthwise = facts(Setting(in_channels=8, out_channels=8, groups=8))["n_depthwise"]
    assert depthwise["dense"] == 8 * depthwise["p"] - 7 * 8  # weights ÷ 8; biases stay 8
    even = facts(Setting(op="conv_transpose2d", kernel=(2, 2), stride=2))
    assert even["n_overlap_even"]["n"] == 1
    uneven = facts(Setting(op="conv_transpose2d", kernel=(3, 3), stride=2))
    assert uneven["n_overlap_uneven"] == {"lo": 1, "hi": 4}
