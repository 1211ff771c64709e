"""The convolution page in a real browser: the grids are drawn with their words, and moving the
output-cell slider moves the chosen cell and writes the URL."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

PATH = "conv-and-pooling"


def chart_words(tab) -> list[str]:
    return tab.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        ".map(e => e.textContent)"
    )


def test_the_sweep_is_drawn_in_words_and_the_cell_slider_writes_the_url(page, server):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than it
    page.goto(f"{server}/{PATH}?lang=zh-TW&cv_padding=1")
    page.get_by_role("heading", name=strings("zh-TW")["convolution.title"]).wait_for()
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('[data-testid=stVegaLiteChart] svg').length")
    words = chart_words(page)
    table = strings("zh-TW")
    assert table["convolution.w_padding"] in words and table["convolution.w_chosen"] in words
    assert "輸入 7×7（通道 0）" in words
    width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= 390
    shot(page, "convolution-zh-TW-phone")
    slider = (
        page.locator('[data-testid="stSlider"]')
        .filter(has_text=table["convolution.cell"])
        .get_by_role("slider")
    )
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    page.wait_for_url("**cv_cell=3**")
    wait_idle(page)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('[data-testid=stCode] code'))"
        ".some(e => e.textContent.startsWith('y[0, 0, 0, 3]'))"
    )
    assert parse_qs(urlparse(page.url).query)["cv_cell"] == ["3"]
    assert page.locator('[data-testid="stException"]').count() == 0


def madd_starts(page, text: str) -> None:
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('[data-testid=stCode] code'))"
        ".some(e => e.textContent.startsWith(t))",
        arg=text,
    )


def test_a_click_on_an_output_cell_picks_it_and_play_walks_on_to_the_last_cell(page, server):
    page.goto(f"{server}/{PATH}?cv_h=4&cv_w=4")  # a 2×2 output: four positions to walk
    page.get_by_role("heading", name=strings("en")["convolution.title"]).wait_for()
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('[data-testid=stVegaLiteChart] svg').length")
    page.locator('[data-testid=stVegaLiteChart] path[aria-label*="name: y[0, 0, 1];"]').click()
    page.wait_for_url("**cv_cell=1**")
    madd_starts(page, "y[0, 0, 0, 1] =")
    page.get_by_role("button", name=strings("en")["convolution.play"]).click()
    # one cell a tick; at the last one Play switches itself off and the slider writes the URL
    page.get_by_role("button", name=strings("en")["convolution.play"]).wait_for(timeout=30_000)
    page.wait_for_url("**cv_cell=3**")
    madd_starts(page, "y[0, 0, 1, 1] =")
    assert page.locator('[data-testid="stException"]').count() == 0
