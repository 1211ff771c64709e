"""The lessons for eight concept pages: each file is well formed, and every step opens its view.

A lesson (lessons/<concept>.toml) is a title in three languages and 5–10 steps; a step is a page's
url_path, the query string of a view exactly as the address bar holds it, and a note in three
languages. Here each step is opened through app.py (one language per step, in turn) and must run
clean, with every widget its query names holding the query's value: a renamed key, a changed option
or a value the page drops before its widget shows up as a failing step.
"""

from __future__ import annotations

import math
import re
import tomllib
from urllib.parse import parse_qs, parse_qsl, urlencode

import pytest

from tests.conftest import ROOT
from tests.pages.conftest import LANGS, assert_clean, open_page
from tests.test_glossary import CODE, ENGLISH_LOSS, GLOSSARY
from ui.concepts import CONCEPTS
from ui.text import strings

# The widget-key prefix of each page (its `Controls(page, prefix)`): a query holds nothing else.
PREFIX = {
    "softmax": "sm_",
    "losses": "loss_",
    "convolution": "cv_",
    "data": "data_",
    "autograd": "ag_",
    "optimizers": "opt_",
    "augmentation": "aug_",
    "training": "tr_",
}
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


@pytest.mark.parametrize(("key", "i", "step"), STEPS, ids=[f"{key}-{i + 1}" for key, i, _ in STEPS])
def test_every_step_opens_the_view_its_query_names(key, i, step):
    lang = LANGS[STEPS.index((key, i, step)) % len(LANGS)]
    query = parse_qs(step["query"], keep_blank_values=True)
    params = {k: v if len(v) > 1 else v[0] for k, v in query.items()}  # a list for multiselects
    at = open_page(f"pages/{key}.py", lang, **params)
    assert_clean(at)
    assert not at.error and not at.warning, [e.value for e in (*at.error, *at.warning)]
    for name, wanted in query.items():
        if name in TAB_IDS:
            page, widget = TAB_IDS[name]
            assert at.session_state[widget] == strings(lang)[f"{page}.tab_{wanted[0]}"]
            continue
        held = at.session_state[name]
        held = list(held) if isinstance(held, list | tuple) else [held]
        assert len(held) == len(wanted) and all(map(holds, held, wanted)), (name, held, wanted)
