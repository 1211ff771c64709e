"""The mistakes gallery: PyTorch mistakes each run live, and a search by pasted error text."""

from lib.mistakes.catalogue import BY_KEY, CATALOGUE, Mistake
from lib.mistakes.outcome import Outcome
from lib.mistakes.search import MAX_QUERY, Index, normalise


def document(mistake: Mistake, outcome: Outcome, *extra: str) -> str:
    """What a search compares a pasted message with: torch's live words, the keywords, the
    mistake's code, and any `extra` text (its title in the reader's language)."""
    return "\n".join((outcome.words, mistake.keywords, mistake.wrong, *extra))


__all__ = ["BY_KEY", "CATALOGUE", "MAX_QUERY", "Index", "Mistake", "Outcome", "document"]
__all__ += ["normalise"]
