"""Every chart of every view says what it shows, with its own numbers, in the reader's language.

The sentence travels as Streamlit's `alt` (the element's `alt` field, beside the spec), which
Streamlit's frontend writes into the Vega-Lite spec's top-level `description`; the browser test
(tests/e2e/test_each_page.py) reads what that becomes: the chart's aria-label.

Each view below opens one tab of one page through app.py; the languages take turns over the
views (every language sees about a third of them), and every sentence drawn is also put in
words in the other two languages, so a template missing or malformed anywhere fails here.
A description counts as built from the chart's numbers when it quotes at least one value of the
chart's own data, at the precision it prints.
"""

from __future__ import annotations

import math
import re

import pytest

import ui.chart
from tests.charts.test_palettes import HEX, MIN_DE, closest
from tests.pages.conftest import LANGS, assert_clean, chart_rows, chart_spec, open_page

# (page, query): one per tab, so that every chart any page draws is drawn once.
VIEWS = [
    ("app_pages/strides.py", {}),
    ("app_pages/strides.py", {"s_view": "free"}),
    ("app_pages/broadcasting.py", {}),
    ("app_pages/broadcasting.py", {"bc_view": "bugs"}),
    ("app_pages/dtypes.py", {}),
    ("app_pages/dtypes.py", {"dt_tab": "edges"}),
    ("app_pages/dtypes.py", {"dt_tab": "result_type"}),
    ("app_pages/dtypes.py", {"dt_tab": "std"}),
    ("app_pages/activations.py", {}),
    ("app_pages/activations.py", {"act_view": "neuron"}),
    ("app_pages/activations.py", {"act_view": "network"}),
    ("app_pages/softmax.py", {}),
    ("app_pages/softmax.py", {"sm_tab": "z + c, k·z"}),
    ("app_pages/softmax.py", {"sm_tab": "∂L/∂u"}),
    ("app_pages/losses.py", {}),
    ("app_pages/losses.py", {"loss_tab": "⚠️ BCE · KL · (N, 1) · sum"}),
    ("app_pages/losses.py", {"loss_tab": "⚠️ BCE · KL · (N, 1) · sum", "loss_trap": "3"}),
    ("app_pages/convolution.py", {}),
    ("app_pages/convolution.py", {"cv_op": "ConvTranspose2d"}),
    ("app_pages/convolution.py", {"cv_tab": "∂y / ∂x"}),
    ("app_pages/data.py", {}),
    ("app_pages/data.py", {"data_tab": "Subset · ConcatDataset · IterableDataset"}),
    ("app_pages/data.py", {"data_tab": "one-hot · Embedding"}),
    ("app_pages/data.py", {"data_tab": "loops"}),
    ("app_pages/autograd.py", {}),
    ("app_pages/autograd.py", {"ag_tab": "backward() × k"}),
    ("app_pages/optimizers.py", {}),
    ("app_pages/augmentation.py", {}),
    ("app_pages/augmentation.py", {"aug_tab": "experiment"}),
    ("app_pages/training.py", {}),
]
NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def quoted(text: str) -> list[tuple[float, float]]:
    """Each number in `text` with the half-unit of its last printed digit."""
    found = []
    for token in NUMBER.findall(text.replace(",", "")):
        value = float(token.replace("−", "-"))
        mantissa = token.split("e")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        exponent = int(token.split("e")[1]) if "e" in token else 0
        found.append((value, 0.5 * 10.0 ** (exponent - decimals) + 1e-12))
    return found


def quotes_its_data(text: str, rows: list[dict]) -> bool:
    """True when `text` quotes one of the numbers in `rows`; for data without a single number
    (a table of dtype names), a count is all a sentence can quote: any number then."""
    values = [
        float(v)
        for row in rows
        for v in row.values()
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    ]
    if not values:
        return bool(quoted(text))
    return any(abs(v - n) <= half for n, half in quoted(text) for v in values)


def palettes(part: object) -> list[list[str]]:
    """The colour ranges of every colour-like channel's scale in a spec (hex colours only)."""
    if isinstance(part, list):
        return [p for one in part for p in palettes(one)]
    if not isinstance(part, dict):
        return []
    found = [
        part[channel]["scale"]["range"]
        for channel in ("color", "fill", "stroke")
        if isinstance(part.get(channel), dict)
        and isinstance((part[channel].get("scale") or {}).get("range"), list)
        and all(isinstance(c, str) and HEX.match(c) for c in part[channel]["scale"]["range"])
    ]
    return found + [p for value in part.values() for p in palettes(value)]


def test_the_number_check_can_fail():
    rows = [{"x": -2.94, "y": 0.25}]
    assert quotes_its_data("between −2.9 and 3", rows)
    assert quotes_its_data("steepest 2.500e-01", rows)
    assert not quotes_its_data("between −2.8 and 0.4", rows)
    assert not quotes_its_data("no number at all", rows)
    assert quotes_its_data("64 of 100 pairs", [{"dtype": "int8"}])
    assert not quotes_its_data("most pairs", [{"dtype": "int8"}])


@pytest.fixture
def said(monkeypatch):
    """Every Sentence the hook puts in words during a run."""
    sentences = []
    real = ui.chart.words

    def record(sentence, lang):
        sentences.append(sentence)
        return real(sentence, lang)

    monkeypatch.setattr(ui.chart, "words", record)
    return sentences, real


@pytest.mark.parametrize(("n", "file", "query"), [(n, *v) for n, v in enumerate(VIEWS)])
def test_every_chart_describes_itself_with_its_own_numbers(n, file, query, said):
    lang = LANGS[n % len(LANGS)]
    at = open_page(file, lang, **query)
    assert_clean(at)
    charts = at.get("vega_lite_chart")
    assert charts, f"{file} {query} draws no chart"
    captions = {re.sub(r"\\(.)", r"\1", c.value) for c in at.caption}
    for chart in charts:
        spec = chart_spec(chart)
        # Streamlit's `alt`, beside the spec; its frontend makes it the spec's `description`
        text = chart.proto.alt
        assert "description" not in spec  # one sentence, one place: alt would override it
        assert text.strip(), f"a chart of {file} {query} has no description: {spec.get('title')}"
        assert quotes_its_data(text, chart_rows(chart)), (file, query, text)
        assert text in captions, f"no caption says {text!r}"
        for colours in palettes(spec):
            distance, a, b, vision = closest(colours)
            assert distance >= MIN_DE, f"{file}: {a} and {b} are {distance:.1f} for {vision}"
    sentences, words = said
    for sentence in list(sentences):
        for other in LANGS:
            assert words(sentence, other).strip()
