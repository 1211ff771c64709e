"""What every tab of the data page shares: the charts' words and the "what to notice" sentences,
both in this session's language."""

from __future__ import annotations

from lib.data import facts
from ui.text import language, strings, t

WORD = "data.c_"  # the chart words' keys start so


def words() -> dict[str, str]:
    return {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"data.{key}", **numbers) for key, numbers in points]
