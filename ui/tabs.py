"""Tabs whose open tab is kept in the URL by a stable id, never by its translated label.

`st.tabs(..., bind="query-params")` keeps the *label* in the URL, so a link shared from a Chinese
page opens the first tab for an English reader. Here `?<param>=<id>` (e.g. `?s_view=free`) is the
same in every language; a label in any language (links saved before the ids) still opens its tab.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.text import LANGUAGES, strings, t


def view_tabs(page: str, ids: Sequence[str], key: str, *, param: str) -> Sequence:
    """`st.tabs` labelled `t(f"{page}.tab_{id}")`, each `.open` known; the open one is `?param=id`.

    `key` is the widget's session-state name; it differs from `param`, so that Streamlit never
    mistakes the URL's id for the widget's (label) value.
    """
    labels = [t(f"{page}.tab_{i}") for i in ids]
    asked = tab_id(page, ids, st.query_params.get(param))
    default = labels[ids.index(asked)] if asked else None

    def remember() -> None:
        st.query_params[param] = ids[labels.index(st.session_state[key])]

    return st.tabs(labels, key=key, on_change=remember, default=default)


def tab_id(page: str, ids: Sequence[str], asked: str | None) -> str | None:
    """The id `asked` names: an id itself, or a tab's label in any of the languages."""
    if asked in ids:
        return asked
    for lang in LANGUAGES:
        for i in ids:
            if strings(lang).get(f"{page}.tab_{i}") == asked:
                return i
    return None
