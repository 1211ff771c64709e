"""Reading typed logits without eval: commas, brackets, nan and inf, and one sentence when wrong."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.softmax.parse import MAX_TEXT, format_numbers, number, parse_logits, parse_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2, 1, 0.1", (2.0, 1.0, 0.1)),
        ("[3 -1e3 +.5]", (3.0, -1000.0, 0.5)),
        ("(1, 2,)", (1.0, 2.0)),
        ("2，1、0", (2.0, 1.0, 0.0)),  # full-width commas from a Chinese input method
        ("−1, 1", (-1.0, 1.0)),  # a typographic minus
        ("1e999, -1E999", (math.inf, -math.inf)),
    ],
)
def test_logits_are_read_from_commas_spaces_and_brackets(text, expected):
    assert parse_logits(text) == expected


def test_nan_and_infinity_are_accepted_on_purpose():
    z = parse_logits("nan, inf, -inf, +Infinity, NaN")
    assert math.isnan(z[0]) and math.isnan(z[4])
    assert z[1:4] == (math.inf, -math.inf, math.inf)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2, abc", "sm_not_number"),
        ("__import__('os').system('ls'), 1", "sm_not_number"),
        ("1_000, 2", "sm_not_number"),  # Python's float() accepts this; a student's list does not
        ("1,,2", "sm_empty_entry"),
        ("5", "sm_class_count"),
        ("", "sm_class_count"),
        (", ".join(["1"] * 11), "sm_class_count"),
        ("1, " * MAX_TEXT, "sm_too_long"),
    ],
)
def test_bad_logits_are_one_sentence_with_a_key_never_a_traceback(text, key):
    with pytest.raises(ValueError) as err:
        parse_logits(text)
    assert err.value.key == key
    assert str(err.value).endswith(".")


number_or_special = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-1000, 1000)


@given(st.lists(number_or_special, min_size=1, max_size=10))
def test_formatting_then_parsing_gives_back_the_same_numbers(values):
    back = parse_numbers(format_numbers(values))
    assert len(back) == len(values)
    for a, b in zip(back, values, strict=True):
        assert (math.isnan(a) and math.isnan(b)) or a == float(b)


def test_numbers_in_tables_keep_four_digits_and_spell_out_inf_and_nan():
    assert [number(v) for v in (0.123456, 1e-9, math.inf, -math.inf, math.nan)] == [
        "0.1235",
        "1e-09",
        "inf",
        "-inf",
        "nan",
    ]
