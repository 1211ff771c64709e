"""Every word on screen, in English, 繁體中文 or 简体中文, looked up per browser session."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import streamlit as st

LANGUAGES = {"en": "English", "zh-TW": "繁體中文", "zh-CN": "简体中文"}
LOCALES = Path(__file__).parent / "locales"


@functools.cache
def strings(lang: str) -> dict[str, str]:
    """The flat `table.key -> text` map of one language, read once per process.

    `ui/locales/<lang>.toml` holds what every page shares (app, common, errors); each concept
    keeps its own tables in `ui/locales/<lang>/<concept>.toml`, so adding a concept touches no
    other concept's file.
    """
    table: dict[str, str] = {}
    for path in [LOCALES / f"{lang}.toml", *sorted((LOCALES / lang).glob("*.toml"))]:
        with open(path, "rb") as f:
            table.update(_flatten(tomllib.load(f)))
    return table


def _flatten(table: dict, prefix: str = ""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def language() -> str:
    """This session's language: the picker's value, never a process-wide setting."""
    lang = st.session_state.get("lang")
    return lang if lang in LANGUAGES else "en"


def language_from_locale(locale: str | None) -> str:
    """The browser's `navigator.language` -> one of LANGUAGES (Taiwan/HK/Macau/Hant read 繁體)."""
    tag = (locale or "").lower()
    if not tag.startswith("zh"):
        return "en"
    return "zh-TW" if any(part in tag for part in ("tw", "hk", "mo", "hant")) else "zh-CN"


def t(key: str, **params: object) -> str:
    """The text for `key` in this session's language, English where a locale lacks it."""
    text = strings(language()).get(key, strings("en").get(key))
    if text is None:
        raise KeyError(f"no text for {key!r} in ui/locales/en.toml")
    return text.format(**params) if params else text


def prose(name: str) -> str:
    """Longer Markdown from `ui/locales/<lang>/<name>.md`, English where it is missing."""
    for lang in (language(), "en"):
        path = LOCALES / lang / f"{name}.md"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"ui/locales/en/{name}.md")


QUOTE_CHARS = 80  # of a student's text, at most, in a sentence on screen
TORCH_CHARS = 300  # of torch's own message (a `message` param): long enough to say the shapes
_PUNCTUATION = re.compile(r"([!-/:-@\\[-`{-~])")  # every ASCII punctuation mark


def plain(text: str) -> str:
    """`text` shown as itself in Streamlit's Markdown: every punctuation mark backslash-escaped,
    so `![x](http://host/p.png)`, links, `**bold**`, `:red[...]` and `$...$` stay characters."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_code(text: str) -> str:
    """`text` as a Markdown code span, where nothing renders: no image is fetched, no link is
    made, no bold or colour. The fence is one backtick longer than any run inside the text."""
    text = " ".join(text.splitlines())
    if not text.strip():
        return text
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Quoted(str):
    """A student's text inside one of our sentences: at most QUOTE_CHARS of it, as code,
    whether the template says `{text}` or `{text!r}`."""

    limit = QUOTE_CHARS

    def __repr__(self) -> str:
        return as_code(repr(short(str.__str__(self), self.limit)))

    def __str__(self) -> str:
        return as_code(short(str.__str__(self), self.limit))


class _TorchWords(_Quoted):
    """torch's own message: it may echo the student's text, so it is code too, but longer."""

    limit = TORCH_CHARS

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _quote(name: str, value: object) -> object:
    if not isinstance(value, str):
        return value
    return _TorchWords(value) if name == "message" else _Quoted(value)


def error_text(err: ValueError) -> str:
    """A lib error as one sentence in the reader's language (lib's English where untranslated).
    The student's own text in it is quoted short and shown as text, never rendered as Markdown."""
    key, params = getattr(err, "key", None), getattr(err, "params", None)
    if params is None:  # not one of lib's sentences: shown as plain text, and short
        return plain(short(str(err)))
    quoted = {k: _quote(k, v) for k, v in params.items()}
    template = strings(language()).get(f"errors.{key}") if key and language() != "en" else None
    for text in (template, getattr(err, "english", None)):
        try:
            if text:
                return text.format(**quoted)
        except (KeyError, IndexError, ValueError):
            continue
    return plain(short(str(err)))
