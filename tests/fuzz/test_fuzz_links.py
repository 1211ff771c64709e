"""Fuzzing every link a student can be sent: hostile values for every bound key of every page.

The keys are discovered, not listed: every keyed widget a page draws when opened (pages come
from ui.concepts.CONCEPTS, so a new page is fuzzed the day it lands), plus its `<prefix>tab` and
`<prefix>hide`. Each example opens the page from a link that gives EVERY one of those keys a
value drawn afresh (inf, nan, 1e999, 5,000 nines, empty, 100 KB, a word where a number goes, an
index past the end, the same choice twice, ...), so a few examples per page cover all its keys.
What must hold: no exception element; every refusal a readable sentence; the page still draws
its title; and a value the page refused is gone from the URL, so the next rerun is clean too.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.test_fuzz_inputs import SIDEBAR, VIEWS, assert_readable_refusals
from tests.pages.conftest import LANGS, open_page
from ui.concepts import CONCEPTS

# Each example is one page load with every key hostile; ~3 s each on 2 quiet cores.
EXAMPLES = int(os.environ.get("FUZZ_LINK_EXAMPLES", "2"))
KINDS = (
    "text_input",
    "number_input",
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "multiselect",
    "toggle",
    "checkbox",
    "button_group",  # segmented_control and pills
)
CASES = [
    pytest.param(c, (n + i) % len(LANGS), view, id=f"{c.key}-{i}")
    for n, c in enumerate(CONCEPTS)
    for i, view in enumerate(VIEWS.get(c.key, [{}]))
]
ONE = st.one_of(
    st.sampled_from(
        ["inf", "-inf", "nan", "1e999", "-1e309", "9" * 5000, "", " ", "-1", "99999999", "true"]
    ),
    st.sampled_from(["0x10", "1e5", "[0]", "None", "%00", "\u202e1", "１２"]),
    st.just("x" * 100_000),
    st.integers().map(str),
    st.floats().map(repr),
    st.text(max_size=12),
)
VALUE = st.one_of(ONE, st.lists(ONE, min_size=2, max_size=3), ONE.map(lambda v: [v, v]))


def _keys(at, view: dict) -> list[str]:
    widgets = [w for kind in KINDS for w in getattr(at, kind)]
    keys = {w.key for w in widgets if w.key} - SIDEBAR - set(view)
    prefixes = {k.split("_", 1)[0] + "_" for k in keys}
    return sorted(keys | {p + s for p in prefixes for s in ("tab", "hide")})


_KEYS: dict[str, list[str]] = {}


def _page_keys(concept, lang: int, view: dict) -> list[str]:
    """The keys of the page as first opened, found once per view."""
    name = f"{concept.key}-{sorted(view.items())}"
    if name not in _KEYS:
        _KEYS[name] = _keys(open_page(concept.file, LANGS[lang], **view), view)
    return _KEYS[name]


@pytest.mark.parametrize("concept,lang,view", CASES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_link_with_hostile_values_for_every_key_opens_the_page_without_a_traceback(
    concept, lang, view, data
):
    keys = _page_keys(concept, lang, view)
    hostile = {k: data.draw(VALUE, label=k) for k in keys}
    at = open_page(concept.file, LANGS[lang], **view, **hostile)
    what = f"{concept.file} [{LANGS[lang]}] " + "&".join(
        f"{k}={str(v)[:20]}" for k, v in hostile.items()
    )
    assert_readable_refusals(at, what[:600], LANGS[lang])
    assert at.title, f"{what[:300]}: the page drew nothing"
    for warning in at.warning:
        assert len(warning.value) < 300, f"{what[:300]}: {warning.value[:300]}"
    at.run()  # what stayed in the URL must not break the next rerun either
    assert not at.exception, [e.value for e in at.exception]
