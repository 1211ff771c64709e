"""A lesson: a title per language and an ordered list of views (page + query string + note).

A lesson file is data a lecturer may have written by hand or a student may upload, so everything
in it is bounded and checked before it is used, and every refusal is one sentence that names the
step and the problem (`InputError`, said in the reader's language by ui/).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from lib.common.errors import InputError

LANGUAGES = ("en", "zh-TW", "zh-CN")
MAX_BYTES = 64 * 1024  # of a lesson file
MAX_STEPS = 40
MAX_QUERY = 2000  # characters of one step's query string
MAX_FIELDS = 64  # parameters in one query string
MAX_NOTE = 600  # characters of one note in one language
MAX_TITLE = 120  # characters of the title in one language
MAX_ORDER = 9999
READER_KEYS = ("lang", "present", "lesson", "step")  # the reader's own choices, never a step's


@dataclass(frozen=True)
class Step:
    page: str  # a url_path of ui/concepts.py
    query: str  # the view's query string, as the address bar holds it (without '?')
    note: Mapping[str, str]  # one text per language in LANGUAGES

    def params(self) -> list[tuple[str, str]]:
        """The query as (key, value) pairs, in order; a key may repeat (a multiselect)."""
        return parse_qsl(self.query, keep_blank_values=True, max_num_fields=MAX_FIELDS)


@dataclass(frozen=True)
class Lesson:
    id: str  # the file stem; not written in the file
    title: Mapping[str, str]
    steps: tuple[Step, ...]
    order: int | None = None  # where the picker lists it; None: after those that have one


def parse_lesson(text: str | bytes, lesson_id: str, pages: Mapping[str, str]) -> Lesson:
    """The lesson in `text` (TOML), every step checked against `pages` (url_path -> the prefix
    of that page's widget keys). Raises InputError with one sentence on anything else."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise _too_big(len(text))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("lesson_encoding", "The lesson file is not UTF-8 text.") from None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise _too_big(size)
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as err:  # '[[[[…' past Python's stack
        message = "it nests too deeply" if isinstance(err, RecursionError) else str(err)
        raise InputError(
            "lesson_toml", "The lesson file is not valid TOML: {message}.", message=message
        ) from None
    return lesson_from_table(data, lesson_id, pages)


def _too_big(size: int) -> InputError:
    return InputError(
        "lesson_size",
        "The lesson file has {size} bytes; a lesson has at most {limit}.",
        size=size,
        limit=MAX_BYTES,
    )


def lesson_from_table(data: dict, lesson_id: str, pages: Mapping[str, str]) -> Lesson:
    """A lesson from the table TOML parsed (see parse_lesson)."""
    extra = sorted(set(data) - {"title", "order", "step"})
    if extra:
        raise InputError(
            "lesson_entry",
            "The lesson has an entry {name} that a lesson does not have (only title, order, step).",
            name=extra[0],
        )
    title = _texts(data.get("title"), "title", MAX_TITLE, step=None)
    order = data.get("order")
    if order is not None and (
        not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= MAX_ORDER
    ):
        raise InputError(
            "lesson_order",
            "The lesson's order must be a whole number from 0 to {limit}.",
            limit=MAX_ORDER,
        )
    rows = data.get("step")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError("lesson_no_steps", "The lesson has no [[step]] tables.")
    if not 1 <= len(rows) <= MAX_STEPS:
        raise InputError(
            "lesson_steps",
            "The lesson has {n} steps; a lesson has 1 to {limit}.",
            n=len(rows),
            limit=MAX_STEPS,
        )
    steps = tuple(_step(row, k, pages) for k, row in enumerate(rows, start=1))
    return Lesson(lesson_id, title, steps, order)


def _step(row: dict, k: int, pages: Mapping[str, str]) -> Step:
    extra = sorted(set(row) - {"page", "query", "note"})
    if extra:
        raise InputError(
            "step_entry",
            "Step {step} has an entry {name} that a step does not have (only page, query, note).",
            step=k,
            name=extra[0],
        )
    page, query = row.get("page"), row.get("query", "")
    if not isinstance(page, str):
        raise InputError("step_no_page", "Step {step} names no page.", step=k)
    if page not in pages:
        raise InputError(
            "step_page",
            "Step {step} opens the page {page}, which is not one of the app's pages.",
            step=k,
            page=page,
        )
    if not isinstance(query, str):
        raise InputError("step_query_type", "Step {step}: the query must be text.", step=k)
    if len(query) > MAX_QUERY:
        raise InputError(
            "step_query_size",
            "Step {step}: the query has {n} characters; at most {limit}.",
            step=k,
            n=len(query),
            limit=MAX_QUERY,
        )
    step = Step(page, query.removeprefix("?"), _texts(row.get("note"), "note", MAX_NOTE, step=k))
    _check_keys(step, k, pages[page])
    return step


def _check_keys(step: Step, k: int, prefix: str) -> None:
    """Every key of the query is one of the page's own (its widgets and tabs start with
    `prefix`); the reader's language and presenter mode are never a step's to set."""
    try:
        params = step.params()
    except ValueError:
        raise InputError(
            "step_query_fields",
            "Step {step}: the query has more than {limit} parameters.",
            step=k,
            limit=MAX_FIELDS,
        ) from None
    for key, _ in params:
        if key in READER_KEYS:
            raise InputError(
                "step_reader_key",
                "Step {step} sets {name}, which stays each reader's own choice.",
                step=k,
                name=key,
            )
        if not (key.startswith(prefix) and len(key) > len(prefix) and key.isascii()):
            raise InputError(
                "step_key",
                "Step {step} sets {name}, which is not a control of the page {page} "
                "(its controls start with {prefix}).",
                step=k,
                name=key,
                page=step.page,
                prefix=prefix,
            )


def _texts(table: object, field: str, limit: int, step: int | None) -> dict[str, str]:
    """{en, zh-TW, zh-CN} -> text, each bounded; at least one of them says something."""
    where = {"step": step, "field": field}
    if not isinstance(table, dict):
        raise _at(step, "no_texts", "{field} needs a text for each of en, zh-TW, zh-CN.", where)
    extra = sorted(set(table) - set(LANGUAGES))
    if extra:
        raise _at(step, "text_language", "{field} has a language {lang} the app does not have.",
                  {**where, "lang": extra[0]})  # fmt: skip
    for lang in LANGUAGES:
        text = table.get(lang)
        if not isinstance(text, str):
            raise _at(step, "text_missing", "{field} has no {lang} text.", {**where, "lang": lang})
        if len(text) > limit:
            raise _at(step, "text_size", "{lang} {field} has {n} characters; at most {limit}.",
                      {**where, "lang": lang, "n": len(text), "limit": limit})  # fmt: skip
    if not any(table[lang].strip() for lang in LANGUAGES):
        raise _at(step, "text_empty", "{field} is empty in every language.", where)
    return {lang: table[lang] for lang in LANGUAGES}


def _at(step: int | None, key: str, english: str, params: dict) -> InputError:
    """One sentence about the title (step None) or a step's note: 'Step 3: the note has ...'."""
    if step is None:
        return InputError(f"lesson_{key}", "The lesson's " + english, **params)
    return InputError(f"step_{key}", "Step {step}: the " + english, **params)
