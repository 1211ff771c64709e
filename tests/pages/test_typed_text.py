"""What a student types is text, not markup (issue 13): wherever a page repeats typed text in a
sentence, it is quoted as code (so no image is fetched, no link made, nothing bold) and at most
~80 characters of it."""

import re

import pytest

from tests.pages.conftest import assert_clean, open_page

HOSTILE = [
    "![x](http://127.0.0.9/pixel.png)",
    "[Answer key](http://127.0.0.9/answers)",
    "**bold** :red[red] $x^2$",
    "1, 2, " + "<b>x</b>" * 12_500,  # 100 KB
]
FIELDS = [  # page, the text box, something around the hostile text that makes it a refusal
    ("app_pages/strides.py", "s_write", "{}"),
    ("app_pages/strides.py", "s_shape", "{}"),
    ("app_pages/broadcasting.py", "bc_a", "{}"),
    ("app_pages/softmax.py", "sm_logits", "{}"),
    ("app_pages/training.py", "tr_layers", "{}"),
]
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def _outside_code(markdown: str) -> str:
    """The parts of a Markdown sentence that are rendered as Markdown (not inside code spans)."""
    return CODE_SPAN.sub("", markdown)


@pytest.mark.parametrize("file,key,shape", FIELDS, ids=[k for _, k, _ in FIELDS])
def test_typed_markup_is_quoted_as_code_and_short(file, key, shape):
    at = open_page(file, "en")
    for typed in HOSTILE:
        at.text_input(key=key).input(shape.format(typed))
        at.run()
        assert_clean(at)
        said = [e.value for e in at.error] + [w.value for w in at.warning]
        assert said, f"{key}={typed[:40]!r} was not refused"
        for text in said:
            rendered = _outside_code(text)
            for markup in ("![", "](", "**", ":red[", "<b>", "http"):
                assert markup not in rendered, f"{key}: {markup!r} rendered in {text[:200]!r}"
            assert len(text) < 400, f"{key}: {len(text)} characters repeat the input"
