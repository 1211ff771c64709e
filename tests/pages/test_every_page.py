"""Every page renders in every language, in presenter mode too, with no exception."""

import pytest

from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.concepts import CONCEPTS
from ui.text import strings

FILES = [None] + [c.file for c in CONCEPTS]  # None: the home page, opened without switching


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("file", FILES)
def test_page_renders_in_every_language(file, lang):
    at = open_page(file, lang)
    assert_clean(at)
    assert at.title, f"{file} shows no title"


@pytest.mark.parametrize("file", FILES)
def test_page_renders_in_presenter_mode(file):
    at = open_page(file, "zh-TW", present="true")
    assert_clean(at)
    assert at.toggle(key="present").value is True


def test_home_lists_every_concept_in_the_chosen_language():
    at = open_page(None, "zh-CN")
    text = " ".join(str(m.value) for m in at.markdown) + " ".join(
        str(p.proto.label) for p in at.get("page_link")
    )
    for c in CONCEPTS:
        assert strings("zh-CN")[f"{c.key}.title"] in text
