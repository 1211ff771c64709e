"""The shipped lessons are valid, complete in three languages and written in each region's
words; the page prefixes they are checked against are the pages' own; the lesson bar costs a
page without a lesson nothing (no torch)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lib.lessons import LANGUAGES, lesson_ids, shipped_lesson
from tests.conftest import ROOT
from tests.test_glossary import GLOSSARY
from ui.concepts import CONCEPTS, PREFIXES
from ui.text import strings

PAGES = {c.url_path: PREFIXES[c.key] for c in CONCEPTS}
IDS = lesson_ids()


@pytest.mark.parametrize("lesson_id", IDS)
def test_a_shipped_lesson_is_valid_and_says_everything_in_three_languages(lesson_id):
    lesson = shipped_lesson(lesson_id, PAGES)
    texts = [lesson.title, *(s.note for s in lesson.steps)]
    assert all(t[lang].strip() for t in texts for lang in LANGUAGES)
    if lesson_id == "course":
        assert {s.page for s in lesson.steps} == set(PAGES)  # all 12 pages
    else:
        assert 5 <= len(lesson.steps) <= 10


@pytest.mark.parametrize("lang", sorted(GLOSSARY))
def test_lesson_notes_use_the_regions_words(lang):
    code = re.compile(r"`[^`\n]*`")
    found = []
    for lesson_id in IDS:
        lesson = shipped_lesson(lesson_id, PAGES)
        for text in [lesson.title[lang], *(s.note[lang] for s in lesson.steps)]:
            plain = code.sub(" ", text)
            for term, wrongs in GLOSSARY[lang].items():
                for wrong in wrongs:
                    hit = re.search(wrong[3:], plain) if wrong.startswith("re:") else wrong in plain
                    if hit:
                        found.append(f"{lesson_id}: {wrong!r} (write {term})")
    assert not found, found


def test_every_concept_has_the_prefix_its_page_binds_its_controls_with():
    assert set(PREFIXES) == {c.key for c in CONCEPTS}
    for c in CONCEPTS:
        source = (ROOT / c.file).read_text(encoding="utf-8")
        assert re.search(rf"Controls\([^,]+,\s*\"{re.escape(PREFIXES[c.key])}\"\)", source), c.key
        others = [p for k, p in PREFIXES.items() if k != c.key]
        assert not any(p.startswith(PREFIXES[c.key]) for p in others), c.key  # no key is both


def test_every_refusal_of_a_lesson_file_is_translated():
    source = (ROOT / "lib" / "lessons" / "format.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"InputError\(\s*\"(\w+)\"", source))
    built = re.findall(r"_at\(\s*step,\s*\"(\w+)\"", source)  # lesson_<x> and step_<x>
    keys |= {f"{where}_{k}" for k in built for where in ("lesson", "step")}
    assert len(keys) > 15
    for lang in ("zh-TW", "zh-CN"):
        missing = sorted(k for k in keys if f"errors.{k}" not in strings(lang))
        assert not missing, (lang, missing)


def test_a_page_without_a_lesson_does_not_load_torch_for_the_bar():
    code = "import sys, ui.lesson_bar; print('torch' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
