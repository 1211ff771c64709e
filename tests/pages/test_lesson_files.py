"""The lessons for eight concept pages: each file is well formed and written the region's way.

A lesson (lessons/<concept>.toml) is a title in three languages and 5–10 steps; a step is a page's
url_path, the query string of a view exactly as the address bar holds it, and a note in three
languages. tests/pages/test_lessons.py walks every step of every lesson through app.py.
"""

from __future__ import annotations

import math
import re
import tomllib
from urllib.parse import parse_qs, parse_qsl, urlencode

import pytest

from tests.conftest import ROOT
from tests.pages.conftest import LANGS
from tests.test_glossary import CODE, ENGLISH_LOSS, GLOSSARY
from ui.concepts import CONCEPTS, PREFIXES

# The eight lessons this file checks, with their pages' widget-key prefix (nothing else in a query).
EIGHT = (
    "softmax",
    "losses",
    "convolution",
    "data",
    "autograd",
    "optimizers",
    "augmentation",
    "training",
)
PREFIX = {key: PREFIXES[key] for key in EIGHT}
# Tabs kept in the URL by a stable id (ui/tabs.view_tabs): URL parameter -> (page, widget key).
TAB_IDS = {"aug_tab": ("augmentation", "aug_view")}
URL_PATH = {c.key: c.url_path for c in CONCEPTS}
CJK = re.compile(r"[\u3400-\u9fff]")


def lesson(key: str) -> dict:
    return tomllib.loads((ROOT / "lessons" / f"{key}.toml").read_text(encoding="utf-8"))


STEPS = [(key, i, step) for key in PREFIX for i, step in enumerate(lesson(key)["step"])]


def texts(data: dict) -> list[dict]:
    return [data["title"], *(step["note"] for step in data["step"])]


@pytest.mark.parametrize("key", PREFIX)
def test_a_lesson_file_has_the_format_of_the_issue(key):
    data = lesson(key)
    assert set(data) == {"title", "step"}
    assert 5 <= len(data["step"]) <= 10
    for words in texts(data):
        assert set(words) == set(LANGS) and all(isinstance(w, str) and w for w in words.values())
        assert max(len(w) for w in words.values()) <= 600
        assert not CJK.search(words["en"])
        assert CJK.search(words["zh-TW"]) and CJK.search(words["zh-CN"])
        assert words["zh-TW"] != words["zh-CN"]
    queries = []
    for step in data["step"]:
        assert set(step) == {"page", "query", "note"}
        assert step["page"] == URL_PATH[key]
        query = step["query"]
        assert 0 < len(query) <= 2000
        # Exactly what the address bar holds: form encoding, one key after another.
        assert urlencode(parse_qsl(query, keep_blank_values=True)) == query
        assert all(k.startswith(PREFIX[key]) for k in parse_qs(query, keep_blank_values=True))
        queries.append(query)
    assert len(set(queries)) == len(queries), "two steps show the same view"


@pytest.mark.parametrize("key", PREFIX)
@pytest.mark.parametrize("lang", ["zh-TW", "zh-CN"])
def test_a_lesson_is_written_the_way_the_region_writes(key, lang):
    for words in texts(lesson(key)):
        text = CODE.sub(" ", words[lang])
        wrong = [w for ws in GLOSSARY[lang].values() for w in ws if not w.startswith("re:")]
        assert not [w for w in wrong if w in text], text
        pattern = [w[3:] for ws in GLOSSARY[lang].values() for w in ws if w.startswith("re:")]
        assert not [p for p in pattern if re.search(p, text)], text
        assert not ENGLISH_LOSS.search(text), text


def holds(held, text: str) -> bool:
    """Whether a widget's value is the one the URL names (the URL holds text)."""
    if isinstance(held, bool):
        return text == str(held).lower()
    if isinstance(held, int | float):
        return math.isclose(float(text), held)
    return str(held) == text
