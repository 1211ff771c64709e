"""The optimizers page in Chromium: the surface is painted, the step slider moves by keyboard
into the URL and the table follows, and a phone gets no sideways scrolling."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

PATH = "optimizer-steps"
INNER_SCROLL = """() => [...document.querySelectorAll('[data-testid=stTable] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.scrollWidth)"""


def painted(tab, charts: int) -> None:
    wait_idle(tab)
    # Streamlit paints a chart with many rows (the surface's 3,721 cells) on a canvas.
    marks = "[data-testid=stVegaLiteChart] svg.marks, [data-testid=stVegaLiteChart] canvas.marks"
    tab.wait_for_function(f"document.querySelectorAll('{marks}').length >= {charts}")
    tab.wait_for_timeout(300)


def test_the_step_slider_moves_by_keyboard_into_the_url_and_a_phone_needs_no_sideways_scroll(
    page, server
):
    page.goto(f"{server}/{PATH}?lang=en")
    page.get_by_role("heading", name=strings("en")["optimizers.title"]).wait_for()
    painted(page, 2)
    words = page.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        ".map(e => e.textContent)"
    )
    assert {"1 · SGD", "2 · SGD", "3 · RMSprop", "4 · Adam"} <= set(words)  # the loss legend
    surface = page.locator("[data-testid=stVegaLiteChart] canvas.marks").first.bounding_box()
    assert surface["height"] >= 500 and surface["y"] < 900  # the picture is in the first screen
    table = page.locator('[data-testid="stTable"]').first
    before = table.inner_text()
    shot(page, "optimizers-en")
    page.get_by_role("slider", name=strings("en")["optimizers.k"]).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_url("**opt_k=3**")
    wait_idle(page)
    page.wait_for_function(
        "t => document.querySelector('[data-testid=stTable]').innerText !== t", arg=before
    )
    assert parse_qs(urlparse(page.url).query)["opt_k"] == ["3"]
    assert page.locator('[data-testid="stException"]').count() == 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{PATH}?lang=zh-CN&opt_surface=himmelblau&opt_x=0&opt_y=0")
    painted(page, 2)
    width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= 390
    # A table too wide scrolls inside its own box, which the page's width does not show.
    assert page.evaluate(INNER_SCROLL) == []
    shot(page, "optimizers-phone-zh-CN")
