"""A lesson file round-trips through lesson_toml, and anything else a file may hold is refused
with one sentence (InputError) naming the step and the problem — never another exception."""

from __future__ import annotations

import tomllib
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.lessons import (
    LANGUAGES,
    MAX_BYTES,
    MAX_NOTE,
    MAX_QUERY,
    MAX_STEPS,
    Lesson,
    Step,
    lesson_toml,
    parse_lesson,
)

PAGES = {"stride-offset": "s_", "broadcast": "bc_", "live-training": "tr_"}
GOOD = """title = { en = "T", zh-TW = "標題", zh-CN = "标题" }

[[step]]
page = "stride-offset"
query = "s_shape=2%2C+3&s_ops=.t%28%29"
note = { en = "one", zh-TW = "一", zh-CN = "一" }

[[step]]
page = "broadcast"
query = ""
note = { en = "two", zh-TW = "", zh-CN = "" }
"""

# Any text a lecturer may type: quotes, backslashes, control characters, CJK, emoji, newlines.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
notes = st.fixed_dictionaries({lang: texts for lang in LANGUAGES}).filter(
    lambda d: any(v.strip() for v in d.values())
)


@st.composite
def steps(draw) -> Step:
    page = draw(st.sampled_from(sorted(PAGES)))
    names = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=8)
    pairs = draw(st.lists(st.tuples(names, texts), max_size=4))
    query = urlencode([(PAGES[page] + k, v) for k, v in pairs])
    return Step(page, query, draw(notes))


lessons = st.builds(
    Lesson,
    st.just("x"),
    notes,
    st.lists(steps(), min_size=1, max_size=5).map(tuple),
    st.none() | st.integers(0, 9999),
)


@given(lessons)
def test_a_downloaded_lesson_parses_back_to_the_same_lesson(lesson):
    text = lesson_toml(lesson)
    again = parse_lesson(text, "x", PAGES)
    assert again == lesson
    assert lesson_toml(again) == text


def test_the_download_is_in_the_issues_format():
    lesson = parse_lesson(GOOD, "x", PAGES)
    table = tomllib.loads(lesson_toml(lesson))
    assert table == tomllib.loads(GOOD)
    assert lesson_toml(lesson) == GOOD  # written as a person would write it
    assert lesson.steps[0].params() == [("s_shape", "2, 3"), ("s_ops", ".t()")]


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_text_is_a_lesson_or_one_sentence(text):
    try:
        parse_lesson(text, "x", PAGES)
    except InputError as err:
        assert "\n" not in str(err) and str(err).endswith(".")


@given(st.data())
def test_a_damaged_lesson_file_is_a_lesson_or_one_sentence(data):
    """Characters deleted, repeated or inserted anywhere in a good file."""
    text = GOOD
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 12)))
        text = (
            text[:i]
            + data.draw(st.sampled_from(["", '"', "[", "=", "\n", "x", text[i:j]]))
            + text[j:]
        )
    try:
        parse_lesson(text, "x", PAGES)
    except InputError as err:
        assert "\n" not in str(err)


def bad(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_lesson(text, "x", PAGES)
    return caught.value


def test_an_unknown_page_is_named_with_its_step():
    err = bad(GOOD.replace('page = "broadcast"', 'page = "nowhere"'))
    assert (err.key, err.params["step"], err.params["page"]) == ("step_page", 2, "nowhere")


def test_a_key_of_another_page_is_named_with_its_step_and_the_pages_prefix():
    err = bad(GOOD.replace('page = "stride-offset"', 'page = "broadcast"'))
    assert err.key == "step_key"
    assert (err.params["step"], err.params["name"], err.params["prefix"]) == (1, "s_shape", "bc_")


@pytest.mark.parametrize("key", ["lang", "present"])
def test_the_readers_language_and_presenter_mode_are_never_a_steps(key):
    err = bad(GOOD.replace('query = ""', f'query = "bc_a=1&{key}=true"'))
    assert (err.key, err.params["step"], err.params["name"]) == ("step_reader_key", 2, key)


def test_a_missing_language_is_named():
    err = bad(GOOD.replace('zh-TW = "", ', ""))
    assert (err.key, err.params["step"], err.params["lang"]) == ("step_text_missing", 2, "zh-TW")
    err = bad(GOOD.replace(', zh-CN = "标题"', ""))
    assert (err.key, err.params["lang"]) == ("lesson_text_missing", "zh-CN")


def test_every_bound_is_checked_before_use():
    long_note = GOOD.replace('en = "one"', f'en = "{"x" * (MAX_NOTE + 1)}"')
    assert bad(long_note).key == "step_text_size"
    long_query = GOOD.replace('query = ""', f'query = "bc_a={"1" * MAX_QUERY}"')
    assert bad(long_query).key == "step_query_size"
    start = GOOD.index("[[step]]")
    one = GOOD[start : GOOD.index("[[step]]", start + 1)]
    many = GOOD.split("[[step]]")[0] + one * (MAX_STEPS + 1)
    assert (bad(many).key, bad(many).params["n"]) == ("lesson_steps", MAX_STEPS + 1)
    huge = GOOD + "#" * MAX_BYTES
    assert bad(huge).key == "lesson_size" and bad(huge.encode()).key == "lesson_size"
    assert bad("a = " + "[" * 50_000).key == "lesson_toml"  # deeper than Python's stack
    assert bad(b"\xff\xfe").key == "lesson_encoding"


def test_an_entry_a_lesson_or_step_does_not_have_is_named():
    assert bad(GOOD + "extra = 1\n").key == "step_entry"  # lands in the last [[step]] table
    assert bad('colour = "red"\n' + GOOD).params["name"] == "colour"
    assert bad(GOOD.replace("[[step]]", "[step]", 1)).key in {"lesson_no_steps", "lesson_toml"}
