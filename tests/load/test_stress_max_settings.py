"""The stress run's links really open each page at its maximum settings (benchmarks.stress_max).

A value a page refuses (past a bound, a renamed key) is dropped by ui.links and the widget falls
back to its default: the stress run would then measure the default, silently. Each link is opened
here in AppTest (no server) and every bound key must hold the value the link asked for, with no
error or exception on the page. The full run is `python -m benchmarks.stress_max --sessions 20`.
"""

import pytest

from benchmarks.stress_max import max_settings
from tests.pages.conftest import open_page
from ui.concepts import CONCEPTS

FILES = {c.key: c.file for c in CONCEPTS}
TAB_PARAMS = {"act_view"}  # a view_tabs URL parameter, not a widget key


def _same(asked, held) -> bool:
    if isinstance(held, bool):
        return str(asked).lower() == str(held).lower()
    if isinstance(held, (int, float)):
        return float(asked) == float(held)
    if isinstance(held, (list, tuple)):
        return [str(v) for v in asked] == [str(v) for v in held]
    return str(asked) == str(held)


@pytest.mark.parametrize("concept, query", [(c, q) for c, _, q in max_settings()])
def test_every_max_setting_link_is_applied(concept, query):
    at = open_page(FILES[concept], "en", **query)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    state = at.session_state
    refused = {
        k: (v, state[k] if k in state else None)
        for k, v in query.items()
        if k not in TAB_PARAMS and not (k in state and _same(v, state[k]))
    }
    assert not refused, f"{concept}: link values not applied (asked, held): {refused}"
