"""The one error type lib/ raises for bad input: a ValueError that can also be said in Chinese."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, as one plain English sentence plus a message key for the page's language.

    `str(error)` is the English sentence; `key` and `params` let ui/ look up
    `errors.<key>` in the reader's locale and fill in the same numbers.
    """

    def __init__(self, key: str, english: str, **params: object) -> None:
        super().__init__(english.format(**params))
        self.key = key
        self.english = english  # the template, so ui/ can quote the student's text shortened
        self.params = params
