"""What a screen reader gets from each page's charts: Vega puts the spec's `description` on the
chart's container (role graphics-document) as its aria-label, and the same sentence sits under
the chart as a caption moved off screen. One tab visits every page (the languages take turns).
"""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_idle
from ui.concepts import CONCEPTS

LANGS = ("en", "zh-TW", "zh-CN")
CHART = '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'
PAINTED = f"{CHART} svg, {CHART} canvas"
READ = """() => ({
  charts: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
    .map(c => ({role: c.getAttribute('role'), label: c.getAttribute('aria-label') || ''})),
  hidden: [...document.querySelectorAll('[class*="st-key-described_"]')].map(e => {
    const outer = e.parentElement.matches('[data-testid="stLayoutWrapper"]') ? e.parentElement : e;
    const box = outer.getBoundingClientRect();
    const style = getComputedStyle(outer);
    return {text: e.innerText.trim(), position: style.position, height: box.height};
  }),
})"""


def test_every_page_names_its_charts_for_a_screen_reader(page, server):
    for n, concept in enumerate(CONCEPTS):
        lang = LANGS[n % len(LANGS)]
        page.goto(f"{server}/{concept.url_path}?lang={lang}")
        wait_idle(page, timeout=60_000)
        page.wait_for_selector(PAINTED, timeout=60_000)
        seen = page.evaluate(READ)
        assert seen["charts"], concept.key
        said = {h["text"] for h in seen["hidden"]}
        for chart in seen["charts"]:
            assert chart["role"] == "graphics-document", (concept.key, chart)
            assert re.search(r"\d", chart["label"]), (concept.key, lang, chart["label"])
            assert chart["label"] in said, (concept.key, chart["label"])
        # off screen, not gone: a screen reader reads it, the layout does not make room for it
        room = [h for h in seen["hidden"] if h["position"] != "absolute" or h["height"] > 1]
        assert not room, (concept.key, room)
