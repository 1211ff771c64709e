"""Lessons: ordered views of the app with a note per language, kept as TOML files.

Pure Python (no torch is needed, but importing `lib` loads it: ui/ imports this only when a
lesson is in use).
"""

from lib.lessons.export import lesson_toml
from lib.lessons.format import (
    LANGUAGES,
    MAX_BYTES,
    MAX_NOTE,
    MAX_QUERY,
    MAX_STEPS,
    MAX_TITLE,
    READER_KEYS,
    Lesson,
    Step,
    lesson_from_table,
    parse_lesson,
)
from lib.lessons.shipped import FOLDER, ID, lesson_ids, shipped_lesson, shipped_lessons

__all__ = [
    "FOLDER",
    "ID",
    "LANGUAGES",
    "MAX_BYTES",
    "MAX_NOTE",
    "MAX_QUERY",
    "MAX_STEPS",
    "MAX_TITLE",
    "READER_KEYS",
    "Lesson",
    "Step",
    "lesson_from_table",
    "lesson_ids",
    "lesson_toml",
    "parse_lesson",
    "shipped_lesson",
    "shipped_lessons",
]
