"""Showing altair charts with the app's theme, larger in presenter mode.

Two ways in. `show(chart)` draws a chart built on this rerun. `draw(build, rows, **options)` is for
charts redrawn often: `build(**options)` must refer to named data sets (`alt.NamedData("cells")`);
its spec is built and validated once per options, language and mode and kept, and each rerun only
ships `rows`, the named data sets' new rows. Building an altair chart (deep copies, schema
validation, hashing each layer's data) cost more than everything else on a page's rerun.

Both say what the chart shows in a sentence from its numbers (charts.described): as Streamlit's
`alt`, which its frontend writes into the spec's top-level `description` and Vega then puts on the
chart's container as its aria-label (role graphics-document), and as a visually hidden caption
right under it, which a screen reader reaches in reading order. `alt` travels beside the spec,
not in it: the spec a rerun sends stays the same while only numbers change. (The browser still
re-embeds a chart whose sentence changed: Streamlit keys the Vega view on spec + description.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from charts.described import USERMETA_KEY, Sentence, describer_of
from charts.theme import themed
from ui.settings import presenting
from ui.text import language, plain, strings

# Keyed containers whose key starts with this are moved off screen by ui/settings.py's CSS.
HIDDEN_KEY = "described_"


def show(chart: alt.TopLevelMixin, *, stretch: bool = True, key: str | None = None) -> None:
    """Draw `chart`; `stretch=False` for charts whose cells have a meaningful size (grids,
    strips), which should also set `autosize="pad"` so width/height are the plot itself.

    The spec goes to Streamlit as a dict built without schema validation: validating and
    deep-copying in `st.altair_chart` took most of a rerun, under a process-wide lock that every
    student's session waits on. tests/charts validates every builder's spec instead.
    """
    spec = themed(chart, large=presenting()).to_dict(validate=False)
    said = spec.pop("usermeta", {}).get(USERMETA_KEY)
    text = _words(Sentence(said["key"], said["params"])) if said else None
    st.vega_lite_chart(spec, width="stretch" if stretch else "content", key=key, alt=text)
    _caption(text, (said or {}).get("key", "") + str(key))


def draw(
    build: Callable[..., alt.TopLevelMixin],
    rows: Mapping[str, pd.DataFrame],
    /,
    *,
    stretch: bool = True,
    key: str | None = None,
    on_select: str | Callable[[], None] = "ignore",
    **options: object,
):
    """Draw `build(**options)` fed with `rows` (name → rows of each named data set).
    `on_select="rerun"` returns Streamlit's selection state (the spec names its selections).

    `options` must be plain values (words already translated, sizes, flags): they are the
    cache key of the spec, together with the language and presenter mode. `stretch`, `key` and
    `on_select` are draw's own; any other name is free for a builder's option.
    """
    large = presenting()
    name = repr((build.__module__, build.__name__, language(), large, options))
    spec, reads = _spec(name, _build=build, _large=large, _options=options)
    # Only the data sets this spec reads: the browser updates a chart on screen by data-set
    # name, and a name the spec lacks ("Unrecognized data set") leaves the chart stale.
    datasets = {data: df for data, df in rows.items() if data in reads}
    describe = describer_of(build)
    text = _words(describe(rows, **options)) if describe else None
    event = st.vega_lite_chart(
        {**spec, "datasets": datasets},
        width="stretch" if stretch else "content",
        key=key,
        on_select=on_select,
        alt=text,
    )
    _caption(text, name + str(key))
    return event


def _words(sentence: Sentence) -> str:
    return words(sentence, language())


def words(sentence: Sentence, lang: str) -> str:
    """`sentence` in `lang` (English where a template is missing); a part that is itself a
    Sentence, or a tuple of them (one per series, say), is put in words first, joined by a
    semicolon (the full-width one in Chinese); a tuple of names or values is a list, written
    with the enumeration comma 、 in Chinese and ", " in English."""
    chinese = lang.startswith("zh")
    params = {name: _said(v, lang, chinese) for name, v in sentence.params.items()}
    template = strings(lang).get(sentence.key, strings("en").get(sentence.key))
    if template is None:
        raise KeyError(f"no text for {sentence.key!r} in ui/locales/en")
    return template.format(**params)


def _said(value: object, lang: str, chinese: bool) -> object:
    """One parameter of a sentence as the template quotes it."""
    if isinstance(value, Sentence):
        return words(value, lang)
    if isinstance(value, tuple | list) and value and isinstance(value[0], Sentence):
        return ("；" if chinese else "; ").join(words(one, lang) for one in value)
    if isinstance(value, tuple | list):  # a list once the spec went through to_dict (show)
        return ("、" if chinese else ", ").join(map(str, value))
    return value


def _caption(text: str | None, identity: str) -> None:
    """`text` under the chart, for screen readers only: a sighted reader has the chart itself and
    the page's "what to notice" sentences. Shown through st.caption as escaped Markdown, never
    HTML. The key only has to be unique in this run; it stays the same while only numbers change,
    so a rerun updates the caption in place."""
    if not text:
        return
    base = HIDDEN_KEY + hashlib.blake2b(identity.encode(), digest_size=6).hexdigest()
    for n in range(100):  # the same builder with the same options drawn twice on one page
        try:
            box = st.container(key=f"{base}_{n}")
        except StreamlitDuplicateElementKey:
            continue
        box.caption(plain(text))
        return


@st.cache_resource(max_entries=512, show_spinner=False)
def _spec(
    name: str, *, _build: Callable[..., alt.TopLevelMixin], _large: bool, _options: dict
) -> tuple[dict, frozenset[str]]:
    """The themed, validated spec and the names of the data sets it reads, built once per `name`:
    the repr of the builder's name, the language (builders may read t()), presenter mode and the
    options. Plain values repr the same whenever they are equal, and hashing one string costs far
    less than hashing a dict of translated words; Streamlit does not hash `_` arguments.

    A resource, not data: every session gets the same dict, with no copy made per call. draw()
    only adds `datasets` to a shallow copy; Streamlit's own edit (a null legend title becomes
    " ") rewrites an existing value the same way every time."""
    spec = themed(_build(**_options), large=_large).to_dict()
    return spec, frozenset(_data_names(spec))


def _data_names(part: object) -> set[str]:
    if isinstance(part, list):
        return set().union(*map(_data_names, part)) if part else set()
    if not isinstance(part, dict):
        return set()
    found = (
        {part["data"]["name"]}
        if isinstance(part.get("data"), dict) and "name" in part["data"]
        else set()
    )
    return found.union(*(_data_names(v) for k, v in part.items() if k != "data"))
