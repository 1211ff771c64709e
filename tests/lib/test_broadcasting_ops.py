"""Running the op: results, strides, memory and errors, each checked against torch directly."""

import contextlib
import io
import resource

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.broadcasting.code import snippet
from lib.broadcasting.ops import (
    COMPARISONS,
    OPS,
    PICTURE,
    PRESETS,
    SHAPE_ONLY,
    VALUES,
    operand,
    run,
)
from lib.broadcasting.rules import parse_shape
from lib.common.errors import InputError

small = st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple)


def preset_shapes(name):
    a, b, c, op = PRESETS[name]
    return tuple(parse_shape(x) for x in (a, b, c) if x), op


def torch_error(fn):
    try:
        fn()
    except RuntimeError as err:
        return str(err).splitlines()[0]
    return None


@settings(max_examples=40)
@given(small, small, st.sampled_from(list(OPS)))
def test_the_result_is_what_torch_computes_for_the_same_operands(a, b, op):
    r = run((a, b), op)
    x, y = operand(a, op, 0), operand(b, op, 1)
    expected_error = torch_error(lambda: OPS[op](x, y))
    assert r.error == expected_error
    if expected_error is None:
        assert torch.equal(r.result, OPS[op](x, y))
        assert tuple(r.result.shape) == tuple(torch.broadcast_shapes(a, b))


@settings(max_examples=40)
@given(small, small)
def test_expand_gives_stride_zero_exactly_where_a_dim_was_stretched_or_prepended(a, b):
    r = run((a, b), "+")
    if not r.broadcast.ok:
        assert r.expansions == ()
        return
    for k, e in enumerate(r.expansions):
        assert e.expanded_stride == r.operands[k].expand(r.broadcast.shape).stride()
        for row, stride in zip(r.broadcast.rows, e.expanded_stride, strict=True):
            stretched = row.roles[k] in ("stretched", "prepended") and row.size != 1
            assert (stride == 0) == stretched or row.size == 1


def test_expand_allocates_nothing_and_repeat_copies_the_whole_result():
    r = run(((3, 1), (4,)), "+")
    for e in r.expansions:
        assert e.expand_new_bytes == 0 and e.expand_bytes == e.bytes
        assert e.repeat_bytes == 3 * 4 * 4  # twelve float32 values
    assert (r.expand_new_bytes, r.repeat_bytes) == (0, 96)


def test_in_place_errors_are_torchs_own_words():
    r = run(((3, 1), (1, 4)), "+")
    a, b = operand((3, 1), "+", 0), operand((1, 4), "+", 1)
    assert r.inplace[0].code == "a += b"
    assert r.inplace[0].error == torch_error(lambda: a.clone().add_(b))
    assert "doesn't match the broadcast shape [3, 4]" in r.inplace[0].error


def test_in_place_works_when_the_broadcast_keeps_the_left_shape():
    r = run(((4, 3), (3,)), "+")
    assert r.inplace[0].error is None
    assert r.inplace[1].error == "output with shape [3] doesn't match the broadcast shape [4, 3]"


def test_picture_cells_fade_the_virtual_copies_that_stride_zero_reads_again():
    r = run(((3, 1), (4,)), "+")
    assert r.mode == PICTURE
    by_panel = {k: [c for c in r.cells if c.panel == k] for k in range(3)}
    assert [len(v) for v in by_panel.values()] == [12, 12, 12]
    assert sum(c.real for c in by_panel[0]) == 3  # a holds 3 values, drawn 4 times each
    assert sum(c.real for c in by_panel[1]) == 4
    assert all(c.real for c in by_panel[2])  # the result is a fresh tensor
    assert {c.value for c in by_panel[0] if c.index[1] == 3} == {1.0, 2.0, 3.0}
    assert [c.value for c in by_panel[2]] == r.result.flatten().tolist()


@pytest.mark.parametrize(
    ("shapes", "mode"),
    [
        (((20, 20), (20,)), PICTURE),
        (((21, 20), (20,)), VALUES),
        (((2, 1, 2, 2), (2,)), VALUES),
        (((257, 256), (1,)), SHAPE_ONLY),
        (((0, 3), (1, 3)), VALUES),
    ],
)
def test_pictures_only_up_to_400_elements_and_3_dims(shapes, mode):
    assert run(shapes, "+").mode == mode


def test_shape_only_mode_allocates_nothing_for_a_gigabyte_result():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = run(((64, 1, 1024), (4096, 1)), "*")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert r.mode == SHAPE_ONLY and r.result is None
    assert all(t.is_meta for t in r.operands)
    assert r.broadcast.shape == (64, 4096, 1024)
    assert r.repeat_bytes == 2 * 64 * 4096 * 1024 * 4  # read from repeat on the meta device
    assert r.expansions[1].expanded_stride == (0, 1, 0)
    assert grown_mb < 100  # the result alone would be 1 GB


def test_a_third_operand_counts_the_partial_result_it_is_added_to():
    """(a * b) exists before c joins: 256 M elements must not be allocated to fail at c."""
    r = run(((64, 1, 1024), (4096, 1), (5,)), ">")
    assert r.mode == SHAPE_ONLY and r.failed_step == 2
    assert r.error == (
        "The size of tensor a (1024) must match the size of tensor b (5) at non-singleton "
        "dimension 2"
    )


def test_a_failing_op_in_shape_only_mode_reports_the_cpu_wording():
    r = run(((10**6, 2), (10**6 + 1, 3)), "+")
    assert r.mode == SHAPE_ONLY
    assert r.error == (
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"
    )


def test_too_many_elements_even_for_shape_only_mode_is_a_sentence():
    with pytest.raises(InputError, match="more than even shape-only mode"):
        run(((10**8, 1), (1, 10**8)), "+")


def test_unknown_operators_and_operand_counts_are_refused():
    with pytest.raises(InputError):
        run(((3,), (3,)), "**")
    with pytest.raises(InputError):
        run(((3,),), "+")


def test_comparisons_give_bool_and_count_every_operand_from_one():
    r = run(((4, 1), (4,)), "<")
    assert r.result.dtype == torch.bool
    assert all(op in OPS for op in COMPARISONS)
    assert r.result.sum().item() == 6  # the strict upper triangle of a 4 x 4 table


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_runs_and_its_snippet_reproduces_the_page(name):
    shapes, op = preset_shapes(name)
    r = run(shapes, op)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet(r), {})  # noqa: S102 - our own generated code
    printed = out.getvalue()
    if r.broadcast.ok:
        assert f"torch.Size({list(r.broadcast.shape)})" in printed
        for e in r.expansions:
            assert str(e.expanded_stride) in printed
        assert str(r.expansions[0].repeat_bytes) in printed
        if r.inplace[0].error:
            assert r.inplace[0].error in printed
    else:
        assert r.error in printed
