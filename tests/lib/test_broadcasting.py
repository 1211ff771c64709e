"""lib.broadcasting.rules against torch itself: explain() and parse_shape()."""

import math
import re

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lib.broadcasting.rules import (
    CONFLICT,
    MAX_DIMS,
    PREPENDED,
    SAME,
    STRETCHED,
    explain,
    parse_shape,
    show_shape,
)
from lib.common.errors import InputError
from lib.common.shapes import format_shape

# Small sizes, 0 and 1 included, so that matches, stretches and clashes all turn up often.
sizes = st.sampled_from([0, 1, 1, 2, 3, 4])
shapes = st.lists(sizes, min_size=0, max_size=4).map(tuple)
shape_or_int = st.one_of(shapes, sizes)
shape_lists = st.lists(shape_or_int, min_size=0, max_size=4)


def torch_answer(shapes_):
    try:
        return tuple(torch.broadcast_shapes(*shapes_)), None
    except RuntimeError as err:
        return None, str(err)


@given(shape_lists)
def test_explain_agrees_with_torch_broadcast_shapes_and_its_refusals(shapes_):
    b = explain(*shapes_)
    shape, error = torch_answer(shapes_)
    assert b.ok == (error is None)
    assert b.shape == shape
    assert (b.conflict_dim is None) == b.ok
    assert (b.torch_error is None) == b.ok


@given(shape_lists)
def test_the_rows_spell_out_the_result_from_the_right(shapes_):
    b = explain(*shapes_)
    norm = [(s,) if isinstance(s, int) else s for s in shapes_]
    assert len(b.rows) == max((len(s) for s in norm), default=0)
    assert [r.dim for r in b.rows] == list(range(-len(b.rows), 0))
    if b.ok:
        assert tuple(r.size for r in b.rows) == b.shape
    for r in b.rows:
        for shape, size, role in zip(norm, r.sizes, r.roles, strict=True):
            if len(shape) < -r.dim:
                assert size is None and role == PREPENDED  # a 1 is prepended
            else:
                assert size == shape[r.dim]
                assert (
                    role
                    == {True: SAME, False: STRETCHED if size == 1 else CONFLICT}[size == r.size]
                )


@given(shapes, shapes)
def test_conflict_dim_is_the_one_torch_names_when_the_op_fails(a, b):
    """For two shapes torch's own op error names the dim: `at non-singleton dimension d`."""
    result = explain(a, b)
    stand_ins = [torch.zeros(()).expand(s) for s in (a, b)]  # no memory, real CPU op
    try:
        stand_ins[0] + stand_ins[1]
    except RuntimeError as err:
        d = int(re.search(r"non-singleton dimension (\d+)", str(err)).group(1))
        assert result.conflict_dim == d - max(len(a), len(b))
        assert result.conflict_row.size is None
    else:
        assert result.ok


def test_an_int_means_a_one_dim_shape_as_in_torch():
    assert explain(3, (2, 1)).shape == (2, 3) == tuple(torch.broadcast_shapes(3, (2, 1)))
    assert explain(3).shapes == ((3,),)


def test_the_notes_example_stretches_the_shorter_shape_over_the_rows():
    b = explain((2, 3), (3,))
    assert b.shape == (2, 3)
    assert [r.rule for r in b.rows] == [PREPENDED, "equal"]


def test_the_conflict_message_names_the_dim_and_the_sizes():
    b = explain((5, 2, 3), (4, 3))
    assert (b.ok, b.conflict_dim) == (False, -2)
    assert "Dim -2" in b.message and "2 and 4" in b.message


def test_the_right_most_conflict_is_reported_when_several_dims_clash():
    assert explain((2, 3), (3, 2)).conflict_dim == -1


def test_negative_sizes_are_refused_with_a_sentence():
    with pytest.raises(InputError, match="cannot be negative"):
        explain((2, -1), (3,))


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("5,1,7", (5, 1, 7)),
        ("(6, 7)", (6, 7)),
        ("[3]", (3,)),
        ("()", ()),
        ("3", (3,)),
        ("(4,)", (4,)),
        (" 2 , 0 ", (2, 0)),
        ("[]", ()),
    ],
)
def test_parse_shape_reads_every_form_a_student_types(text, shape):
    assert parse_shape(text) == shape


@given(st.lists(st.integers(0, 30), max_size=MAX_DIMS).map(tuple))
def test_parse_shape_round_trips_every_written_form(shape):
    forms = [show_shape(shape), str(list(shape))] + [format_shape(shape)] * bool(shape)
    for text in forms:  # `3, 4`, `(3, 4)`, `[3, 4]`; a scalar is `()`, never an empty box
        assert parse_shape(text) == shape


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "bc_empty"),
        ("   ", "bc_empty"),
        ("3,,4", "empty_entry"),
        ("a, 3", "not_integer"),
        ("3.5", "not_integer"),
        ("1e3", "not_integer"),
        ("-1, 3", "negative_size"),
        ("(3, 4", "unclosed"),
        ("__import__('os')", "not_integer"),
        ("9999999999", "number_too_large"),
        (",".join(["1"] * 9), "too_many_dims"),
        (",".join(["1"] * 10), "too_many_dims"),
        (",".join(["1"] * 17), "too_many_entries"),
    ],
)
def test_parse_shape_refuses_junk_with_one_sentence(text, key):
    with pytest.raises(InputError) as caught:
        parse_shape(text)
    assert caught.value.key == key
    assert str(caught.value).count(".") >= 1 and "\n" not in str(caught.value)


def test_parse_shape_bounds_the_elements_for_the_chosen_mode():
    assert parse_shape("20, 20", max_elements=400) == (20, 20)
    with pytest.raises(InputError, match="401 elements"):
        parse_shape("401", max_elements=400)
    assert math.prod(parse_shape("100000, 100000, 100")) == 10**12  # shape-only mode is fine


def test_no_quiz_question_adds_a_shape_to_itself():
    from lib.broadcasting.quiz import question

    for n in range(300):
        q = question(n)
        a, b = q.shapes
        assert a != b, n
        assert len(q.options) >= 3 and q.answer in q.options
        try:
            expected = "(" + ", ".join(map(str, torch.broadcast_shapes(a, b))) + ")"
        except RuntimeError:
            expected = None
        if expected is not None:
            assert q.answer.replace(",)", ")") == expected
