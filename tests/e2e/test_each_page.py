"""Each page opened once in a real browser, and everything only a browser shows checked on that
one load: it draws without an exception in the reader's language, its main picture starts on a
laptop's first screen (and on a phone's, but for INPUT_FIRST), its charts are named for a screen
reader, it is photographed, and narrowed to a phone nothing is wider than the screen.

Parametrized over ui.concepts.CONCEPTS (and the home page), so a page added later is held to the
same rules; the languages take turns over the pages (tests/pages runs every page in every
language). One load per page: a page load is most of a browser test's cost.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import shot, wait_idle
from ui.concepts import CONCEPTS
from ui.text import LANGUAGES, strings

PAGES = [None, *CONCEPTS]  # None: the home page
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
# Pages whose picture is drawn from what the student types above it (a tensor's shape and its chain
# of ops, two shapes, the logits): on a phone that input comes first, then the picture.
INPUT_FIRST = {"strides", "broadcasting", "softmax"}
CHART = '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'
PICTURE = f'{CHART}, [data-testid="stMain"] [data-testid="stImage"]'
PAINTED = f'{CHART} canvas, {CHART} svg, [data-testid="stMain"] [data-testid="stImage"] img'
# Vega puts the spec's `description` on the chart's container (role graphics-document) as its
# aria-label; the same sentence sits under the chart as a caption moved off screen.
DESCRIBED = """() => ({
  charts: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
    .map(c => ({role: c.getAttribute('role'), label: c.getAttribute('aria-label') || ''})),
  hidden: [...document.querySelectorAll('[class*="st-key-described_"]')].map(e => {
    const outer = e.parentElement.matches('[data-testid="stLayoutWrapper"]') ? e.parentElement : e;
    const box = outer.getBoundingClientRect();
    const style = getComputedStyle(outer);
    return {text: e.innerText.trim(), position: style.position, height: box.height};
  }),
})"""
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


@pytest.mark.parametrize("concept", PAGES, ids=lambda c: "home" if c is None else c.key)
def test_the_page_draws_picture_first_described_and_fits_a_phone(page, server, concept):
    lang = list(LANGUAGES)[PAGES.index(concept) % len(LANGUAGES)]
    path = "" if concept is None else concept.url_path
    page.set_viewport_size(LAPTOP)
    page.goto(f"{server}/{path}?lang={lang}")
    wait_idle(page, timeout=60_000)
    title = strings(lang)["home.title" if concept is None else f"{concept.key}.title"]
    page.get_by_role("heading", name=title).first.wait_for(timeout=20_000)
    # the reader's language, not "en" (set by a script after the page draws: wait for it)
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    if concept is not None:
        page.wait_for_selector(PAINTED, timeout=60_000)
        top = page.locator(PICTURE).first.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < LAPTOP["height"] - 100, f"the main picture starts {top:.0f} px down"
        settled(page)
        assert_described(page.evaluate(DESCRIBED), lang)
    shot(page, f"{path or 'home'}-{lang}")

    page.set_viewport_size(PHONE)  # the same page on a phone
    page.wait_for_timeout(500)  # charts sized to their container redraw after a resize
    if concept is not None and concept.key not in INPUT_FIRST:  # controls stack under the picture
        top = page.locator(PICTURE).first.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < PHONE["height"] - 100, f"on a phone the picture starts {top:.0f} px down"
    widths = page.evaluate(WIDEST)
    assert widths["document"] <= PHONE["width"] and widths["main"] <= PHONE["width"], widths
    assert widths["right"] <= PHONE["width"], widths


def settled(page) -> None:
    """Until every chart is drawn and every hidden caption is off screen (or 15 s): on a busy
    machine a caption drawn by a tab's fragment was once read in the moment before the page's
    layout rule reached it, and a chart's box once before Vega had drawn into it (no role yet)."""
    seen = f"({DESCRIBED})()"
    done = (
        f"{seen}.hidden.every(h => h.position === 'absolute')"
        f" && {seen}.charts.every(c => c.role === 'graphics-document')"
    )
    try:
        page.wait_for_function(f"() => {done}", timeout=15_000)
    except PlaywrightTimeout:
        pass  # assert_described then says which caption takes room


def assert_described(seen: dict, lang: str) -> None:
    """Every chart has a sentence quoting a number, and the same sentence is a hidden caption:
    off screen, not gone (a screen reader reads it, the layout makes no room for it)."""
    assert seen["charts"]
    said = {h["text"] for h in seen["hidden"]}
    for chart in seen["charts"]:
        assert chart["role"] == "graphics-document", chart
        assert re.search(r"\d", chart["label"]), (lang, chart["label"])
        assert chart["label"] in said, chart["label"]
    room = [h for h in seen["hidden"] if h["position"] != "absolute" or h["height"] > 1]
    assert not room, room
