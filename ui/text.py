"""Every word on screen, in English, 繁體中文 or 简体中文, looked up per browser session."""

from __future__ import annotations

import functools
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


def error_text(err: ValueError) -> str:
    """A lib error as one sentence in the reader's language (lib's English where untranslated)."""
    key = getattr(err, "key", None)
    template = strings(language()).get(f"errors.{key}") if key and language() != "en" else None
    params = {k: _short(v) for k, v in getattr(err, "params", {}).items()}
    try:
        return _short(template.format(**params) if template else str(err), 400)
    except (KeyError, IndexError):
        return _short(str(err), 400)


def _short(value: object, limit: int = 80) -> object:
    """A student's text is quoted, never repeated whole: at most `limit` characters of it."""
    return value[: limit - 1] + "…" if isinstance(value, str) and len(value) > limit else value
