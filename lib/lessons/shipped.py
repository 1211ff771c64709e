"""The lessons that come with the app: `lessons/<id>.toml` at the top of the repository."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from lib.lessons.format import Lesson, parse_lesson

FOLDER = Path(__file__).resolve().parents[2] / "lessons"
ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # a file stem that is safe in a URL


def lesson_ids(folder: Path = FOLDER) -> list[str]:
    """Every shipped lesson's id (its file stem), sorted."""
    return sorted(p.stem for p in folder.glob("*.toml") if ID.fullmatch(p.stem))


def shipped_lesson(lesson_id: str, pages: Mapping[str, str], folder: Path = FOLDER) -> Lesson:
    """The shipped lesson `lesson_id`; KeyError when there is none (a link may name anything)."""
    if lesson_id not in lesson_ids(folder):
        raise KeyError(lesson_id)
    return parse_lesson((folder / f"{lesson_id}.toml").read_bytes(), lesson_id, pages)


def shipped_lessons(pages: Mapping[str, str], folder: Path = FOLDER) -> list[Lesson]:
    """All shipped lessons in the picker's order: by `order`, then by id."""
    lessons = [shipped_lesson(i, pages, folder) for i in lesson_ids(folder)]
    return sorted(lessons, key=lambda x: (x.order is None, x.order or 0, x.id))
