"""The op chain: parsed without eval, applied to a real tensor, every layout read from torch."""

import pytest
import torch

from lib.common.errors import InputError
from lib.strides import ops as op_chain
from lib.strides.storage import layout

# (chain, the same ops written directly in torch)
CHAINS = [
    (".transpose(0, 1)", lambda x: x.transpose(0, 1)),
    (".t()", lambda x: x.t()),
    (".permute(1, 0)", lambda x: x.permute(1, 0)),
    (".view(4, 3)", lambda x: x.view(4, 3)),
    (".reshape(2, 6)", lambda x: x.reshape(2, 6)),
    ("[1:, ::2]", lambda x: x[1:, ::2]),
    (".select(1, 2)", lambda x: x.select(1, 2)),
    (".narrow(1, 1, 2)", lambda x: x.narrow(1, 1, 2)),
    (".unsqueeze(0)", lambda x: x.unsqueeze(0)),
    ("[None].squeeze(0)", lambda x: x[None].squeeze(0)),
    ("[None, 0].expand(3, 4)", lambda x: x[None, 0].expand(3, 4)),
    (".flip(0)", lambda x: x.flip(0)),
    (".unfold(1, 2, 1)", lambda x: x.unfold(1, 2, 1)),
    (".diagonal()", lambda x: x.diagonal()),
    (".t().contiguous()", lambda x: x.t().contiguous()),
    ("[..., 1]", lambda x: x[..., 1]),
]


@pytest.mark.parametrize("text,direct", CHAINS)
def test_every_op_reports_the_layout_torch_reports(text, direct):
    x = op_chain.base_tensor((3, 4))
    got = op_chain.run_chain(x, op_chain.parse_chain(text))[-1]
    expected = direct(torch.arange(12.0).view(3, 4))
    assert got.layout == layout(expected)
    assert torch.equal(got.tensor, expected)


def test_transpose_swaps_strides_without_copying():
    x = op_chain.base_tensor((3, 4))
    y = op_chain.run_chain(x, op_chain.parse_chain(".t()"))[-1]
    assert y.layout.stride == (1, 4) and y.shares_storage


def test_flip_and_contiguous_copy_into_a_new_storage():
    x = op_chain.base_tensor((3, 4))
    for text in (".flip(0)", ".t().contiguous()", ".clone()"):
        assert not op_chain.run_chain(x, op_chain.parse_chain(text))[-1].shares_storage


def test_expand_gives_stride_zero_and_shares_storage():
    x = op_chain.base_tensor((4,))
    y = op_chain.run_chain(x, op_chain.parse_chain(".expand(3, 4)"))[-1]
    assert y.layout.stride == (0, 1) and y.shares_storage


def test_view_after_transpose_fails_with_torchs_own_message():
    x = op_chain.base_tensor((3, 4))
    with pytest.raises(InputError, match="view size is not compatible") as info:
        op_chain.run_chain(x, op_chain.parse_chain(".t().view(-1)"))
    assert info.value.key == "torch_refused"


@pytest.mark.parametrize(
    ("text", "direct"),
    [
        ("x.t()", lambda x: x.t()),
        ("  .t ( ) ", lambda x: x.t()),
        (".transpose(0,1)[::2]", lambda x: x.transpose(0, 1)[::2]),
    ],
)
def test_the_chain_is_read_in_python_syntax(text, direct):
    x = op_chain.base_tensor((3, 4))
    y = op_chain.run_chain(x, op_chain.parse_chain(text))[-1].tensor
    assert torch.equal(y, direct(x)) and y.stride() == direct(x).stride()


@pytest.mark.parametrize(
    "text,key",
    [
        (".__class__()", "unknown_op"),
        ("; import os", "chain_syntax"),
        (".eval()", "unknown_op"),
        (".transpose(0)", "op_arity"),
        (".view(a)", "not_integer"),
        ("[1:2:3:4]", "bad_slice"),
        (".view(99999999)", "number_too_large"),
        (".t()" * 9, "too_many_steps"),
        ("[os.system('x')]", "not_integer"),
    ],
)
def test_anything_but_the_listed_ops_is_refused_in_one_sentence(text, key):
    with pytest.raises(InputError) as info:
        op_chain.parse_chain(text)
    assert info.value.key == key


@pytest.mark.parametrize("text", ["[5]", ".transpose(0, 5)", "[::0]", "[::-1]", ".view(5)"])
def test_out_of_range_arguments_give_torchs_sentence_not_a_traceback(text):
    with pytest.raises(InputError, match="PyTorch says"):
        op_chain.run_chain(op_chain.base_tensor((3, 4)), op_chain.parse_chain(text))


def test_a_huge_expanded_view_is_refused_before_it_is_drawn():
    x = op_chain.base_tensor((4,))
    with pytest.raises(InputError) as info:
        op_chain.run_chain(x, op_chain.parse_chain(".expand(10000, 4)"))
    assert info.value.key == "view_too_large"


def test_chain_code_is_rebuilt_from_the_parse_not_echoed():
    assert (
        op_chain.chain_code(op_chain.parse_chain("x .t( )[ :, None ,...]")) == ".t()[:, None, ...]"
    )


@pytest.mark.parametrize(
    "shape,dtype,text",
    [
        ((3, 4), "float32", ".t()[1:, ::2]"),
        ((2, 3, 4), "int8", ".permute(2, 0, 1)"),
        ((4,), "bool", "[None].expand(2, 4)"),
        ((), "float64", ""),
    ],
)
def test_the_snippet_runs_and_reproduces_the_pages_view(shape, dtype, text):
    steps = op_chain.parse_chain(text)
    ns: dict = {}
    exec(op_chain.snippet(shape, dtype, steps), ns)  # our own generated code, not user text
    page = op_chain.run_chain(op_chain.base_tensor(shape, dtype), steps)[-1]
    assert layout(ns["y"]) == page.layout and torch.equal(ns["y"], page.tensor)


@pytest.mark.parametrize(
    "text,key",
    [
        ("[:, :, " + "None, " * 8000 + "]", "chain_too_long"),  # issue 13: 4.5 s of CPU
        ("[" + ",".join(["None"] * 9) + "]", "index_too_long"),
        ("[None]" * 5, "view_too_many_dims"),  # 4 x 4 with five more dims: seven
    ],
)
def test_a_chain_that_would_starve_the_server_is_refused_before_it_runs(text, key):
    x = torch.arange(16).view(4, 4)
    assert x[(None,) * 5].dim() == 7  # torch itself would allow all of them
    with pytest.raises(InputError) as err:
        op_chain.run_chain(x, op_chain.parse_chain(text))
    assert err.value.key == key
