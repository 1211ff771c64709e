"""One bound, translated control, so that a page reads as the list of its controls.

A control named `lr` on the page whose locale table is `training` and whose keys start with `tr_`
gets the key `tr_lr` (its URL parameter, its session-state name and its AppTest handle), the label
`training.lr`, the tooltip `training.lr_help` when the locale has one, and a place in the page's
handout list (ui.handout). Keys are public API: a renamed key breaks every shared link.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import links
from ui.handout import hide_controls
from ui.text import strings, t


class Controls:
    """The bound controls of one page run (pages are scripts run anew on every rerun, so one
    `Controls` per run holds no state across sessions)."""

    def __init__(self, page: str, prefix: str) -> None:
        self.page, self.prefix = page, prefix
        self.names: list[str] = []

    def __call__(
        self,
        widget: Callable,
        name: str,
        *args: object,
        label: str | None = None,
        words: str | None = None,
        **kw: object,
    ):
        """`widget(label, *args, key=<prefix><name>, bind="query-params", help=..., **kw)`;
        `words` names the locale keys when they differ from `name` (a short URL key `sm_temp`
        with the label `softmax.temperature`)."""
        words = words or name
        tip = f"{self.page}.{words}_help"
        if "help" not in kw and tip in strings("en"):
            kw["help"] = t(tip)
        self.names.append(name)
        text = t(f"{self.page}.{words}") if label is None else label
        key = self.prefix + name
        if rule := links.rule(getattr(widget, "__name__", ""), args, kw):
            links.check(key, rule, text)  # before the widget seeds itself from the URL
        return widget(text, *args, key=key, bind="query-params", **kw)

    def tabs(self, labels: list[str], name: str, **kw: object):
        """`st.tabs(labels, key=<prefix><name>, bind="query-params")`, its URL value checked."""
        key = self.prefix + name
        links.check(key, links.choices(labels, str, 1), t("common.tab"))
        return st.tabs(labels, key=key, bind="query-params", **kw)

    def handout(self) -> None:
        """The lecturer's 'hide these controls' picker, over every control drawn so far."""
        hide_controls(self.prefix, self.names)
