"""What running a mistake gives: torch's own words, or a number that is silently wrong."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

MAX_WORDS = 600  # characters of torch's message kept: enough for every shape it names


@dataclass(frozen=True)
class Outcome:
    """One run of the mistake and of its fix, as torch answered them.

    `said` is what torch said (an exception or a warning, with its class name), `printed` what
    the mistake's last line printed (None when it raised), `fixed` what the fix printed.
    `wrong` and `right` are the numbers a student would compare (None where there are none).
    """

    said: str | None
    printed: str | None
    fixed: str
    wrong: float | None = None
    right: float | None = None

    @property
    def kind(self) -> str:
        if self.printed is None:
            return "error"
        return "warning" if self.said else "silent"

    @property
    def words(self) -> str:
        """The text a student would paste: torch's message, else what the mistake printed."""
        return self.said or self.printed or ""


def torch_words(err: BaseException | Warning) -> str:
    """`RuntimeError: …` as Python prints it, bounded."""
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}"[:MAX_WORDS]


def refused(call: Callable[[], object], fixed: str) -> Outcome:
    """`call` must raise: its error is the outcome (a mistake that stopped raising is a bug)."""
    try:
        call()
    except (RuntimeError, ValueError, IndexError, TypeError) as err:
        return Outcome(torch_words(err), None, fixed)
    raise AssertionError("the mistake ran without an error")


def warned(call: Callable[[], object]) -> tuple[str | None, object]:
    """`call()`'s value and the first warning torch gave while computing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = call()
    said = next((torch_words(w.message) for w in caught), None)
    return said, value
