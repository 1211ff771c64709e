"""The picture first: on a laptop each page's main picture starts on the first screen, and on a
phone nothing is wider than the screen. Parametrized over ui.concepts.CONCEPTS, so a page added
later is held to the same layout; one server and one browser for all (conftest), each page
opened once: on a laptop's screen, then narrowed to a phone's."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_idle
from ui.concepts import CONCEPTS

PICTURE = (
    '[data-testid="stMain"] [data-testid="stVegaLiteChart"], '
    '[data-testid="stMain"] [data-testid="stImage"]'
)
PAINTED = (
    '[data-testid="stMain"] [data-testid="stVegaLiteChart"] canvas, '
    '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg, '
    '[data-testid="stMain"] [data-testid="stImage"] img'
)
# The widest right edge of anything in the main area: Streamlit clips its main container, so a
# chart wider than a phone does not widen the document, it is cut off (or pans inside stMain).
WIDEST = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let right = 0;
  const boxes = '[data-testid="stElementContainer"], [data-testid="stVegaLiteChart"]';
  for (const el of main.querySelectorAll(boxes))
    right = Math.max(right, el.getBoundingClientRect().right);
  return {document: document.documentElement.scrollWidth, main: main.scrollWidth, right};
}"""


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.key)
def test_the_picture_comes_first_and_nothing_is_wider_than_a_phone(page, server, concept):
    tab = page  # a fresh loopback-only tab (conftest), opened on a laptop's screen, then narrowed
    tab.set_viewport_size({"width": 1440, "height": 900})
    tab.goto(f"{server}/{concept.url_path}?lang=zh-CN")
    wait_idle(tab, timeout=60_000)
    tab.wait_for_selector(PAINTED, timeout=60_000)
    # the reader's language, not "en" (set by a script after the page draws: wait for it)
    tab.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=30_000)
    top = tab.locator(PICTURE).first.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 900 - 100, f"{concept.key}: the main picture starts {top:.0f} px down"

    tab.set_viewport_size({"width": 390, "height": 844})  # the same page on a phone
    tab.wait_for_timeout(500)  # charts sized to their container redraw after a resize
    if concept.key == "training":  # its controls' columns stack below the picture (ui/layout.py)
        top = tab.locator(PICTURE).first.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 844 - 100, f"on a phone the boundary starts {top:.0f} px down"
    widths = tab.evaluate(WIDEST)
    assert widths["document"] <= 390 and widths["main"] <= 390, (concept.key, widths)
    assert widths["right"] <= 390, (concept.key, widths)
