"""AppTest through app.py, so every page runs with the sidebar, language and presenter mode."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
LANGS = ["en", "zh-TW", "zh-CN"]


def open_page(file: str | None = None, lang: str = "en", **params: str) -> AppTest:
    """Run app.py with `?lang=...&key=value` and switch to `file` (e.g. 'app_pages/strides.py')."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if file is not None:
        at.switch_page(file)
        at.run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception rendered and no traceback: what a student must never see."""
    assert not at.exception, [e.value for e in at.exception]


def one_sentence(at: AppTest) -> str:
    """The one sentence a bad input gets: lib's error, or the warning that a link's value was
    dropped before it reached the widget (ui/links.py) — never both, never two."""
    said = [*at.error, *at.warning]
    assert len(said) == 1, [s.value for s in said]
    return said[0].value


@pytest.fixture
def page():
    return open_page


def chart_spec(element) -> dict:
    """The Vega-Lite spec of an altair chart element (AppTest type "vega_lite_chart")."""
    return json.loads(element.proto.spec)


def chart_rows(element) -> list[dict]:
    """The data rows of a chart, inline in the spec or shipped beside it as Arrow."""
    rows: list[dict] = []
    for values in chart_spec(element).get("datasets", {}).values():
        rows += values
    for dataset in element.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows
