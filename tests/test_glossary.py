"""Each Chinese text reads as its region writes: one term per concept, no English "loss" in prose.

ui/locales/glossary.toml lists, per language, the forms that belong to the other region or to a
second word for the same concept; a text that uses one fails here with the file and the word.
"""

import re
import tomllib

import pytest

from tests.conftest import ROOT

LOCALES = ROOT / "ui" / "locales"
GLOSSARY = tomllib.loads((LOCALES / "glossary.toml").read_text(encoding="utf-8"))
# Code and {placeholders} are English by design.
CODE = re.compile(r"```.*?```|`[^`\n]*`|\{[\w.:%!,]*\}", re.S)
ENGLISH_LOSS = re.compile(r"(?<![\w.])loss(?![\w(])", re.I)


def prose(lang: str) -> dict[str, str]:
    files = [LOCALES / f"{lang}.toml", *sorted((LOCALES / lang).glob("*.*"))]
    return {f.name: CODE.sub(" ", f.read_text(encoding="utf-8")) for f in files}


@pytest.mark.parametrize("lang", sorted(GLOSSARY))
def test_every_term_is_written_the_way_the_region_writes_it(lang):
    found = [
        f"{name}: {wrong!r} (write {term})"
        for term, wrongs in GLOSSARY[lang].items()
        for name, text in prose(lang).items()
        for wrong in wrongs
        if (re.search(wrong[3:], text) if wrong.startswith("re:") else wrong in text)
    ]
    assert not found, found


@pytest.mark.parametrize("lang", sorted(GLOSSARY))
def test_chinese_prose_says_loss_in_chinese(lang):
    found = [name for name, text in prose(lang).items() if ENGLISH_LOSS.search(text)]
    assert not found, f"English 'loss' outside code in {found}"


def test_the_glossary_catches_the_other_regions_word():
    """The check itself can fail: the Simplified Chinese word for data is refused in zh-TW."""
    assert any("数据" in wrongs for wrongs in GLOSSARY["zh-TW"].values())
    assert any("資料" in wrongs for wrongs in GLOSSARY["zh-CN"].values())


@pytest.mark.parametrize("lang", sorted(GLOSSARY))
def test_no_line_break_inside_a_chinese_paragraph(lang):
    """Markdown turns a line break inside a paragraph into a space, and a space between two
    Chinese characters reads as a stray gap ("數字， 就知道")."""
    cjk = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
    broken = re.compile(rf"{cjk}\n[ \t]*{cjk}")
    found = [name for name, text in prose(lang).items() if broken.search(text)]
    assert not found, f"a paragraph is broken across lines in {found}"
