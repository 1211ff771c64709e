"""Shapes typed by a student: the forms Python prints, and one sentence for anything else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.common.shapes import format_shape, parse_shape


@pytest.mark.parametrize(
    "text,shape",
    [
        ("3,4", (3, 4)),
        ("(2, 3)", (2, 3)),
        ("[5]", (5,)),
        ("()", ()),
        ("(3,)", (3,)),
        ("3 4", (3, 4)),
    ],
)
def test_the_forms_python_prints_are_read(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize(
    "text,key",
    [
        ("3,,4", "empty_entry"),
        ("a", "not_integer"),
        ("-2", "negative_size"),
        ("1e9", "not_integer"),
        ("1,2,3,4,5", "too_many_dims"),
        ("8,9", "too_many_elements"),
        ("(3", "unclosed"),
        ("99999999999", "number_too_large"),
    ],
)
def test_malformed_shapes_get_one_sentence(text, key):
    with pytest.raises(InputError) as info:
        parse_shape(text)
    assert info.value.key == key and str(info.value).endswith(".")


@given(st.lists(st.integers(1, 4), max_size=3))
def test_format_and_parse_round_trip(shape):
    assert parse_shape(format_shape(tuple(shape))) == tuple(shape)
