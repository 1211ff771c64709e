"""A lesson back to TOML, in the issue's format, so that parsing the download gives the same
lesson (a lecturer downloads, edits, uploads, hands it out)."""

from __future__ import annotations

from lib.lessons.format import LANGUAGES, Lesson

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _texts(table) -> str:
    return "{ " + ", ".join(f"{lang} = {_string(table[lang])}" for lang in LANGUAGES) + " }"


def lesson_toml(lesson: Lesson) -> str:
    """The lesson file: `title`, optional `order`, then one `[[step]]` table per step."""
    lines = [f"title = {_texts(lesson.title)}"]
    if lesson.order is not None:
        lines.append(f"order = {lesson.order}")
    for step in lesson.steps:
        lines += [
            "",
            "[[step]]",
            f"page = {_string(step.page)}",
            f"query = {_string(step.query)}",
            f"note = {_texts(step.note)}",
        ]
    return "\n".join(lines) + "\n"
