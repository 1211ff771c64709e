"""The dtypes page in a real browser: typing a number redraws the bit cells and writes the URL,
and on a phone the page does not scroll sideways."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

PATH = "dtypes-and-numpy"


def svg_words(tab) -> list[str]:
    return tab.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        ".map(e => e.textContent)"
    )


def test_typing_a_number_redraws_its_bits_and_fits_a_phone(page, server):
    page.goto(f"{server}/{PATH}?lang=en")
    page.get_by_role("heading", name=strings("en")["dtypes.title"]).wait_for()
    wait_idle(page)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stVegaLiteChart] svg').length >= 2"
    )
    before = svg_words(page)
    assert "bfloat16 (1+8+7)" in before
    box = page.get_by_role("textbox", name=strings("en")["dtypes.x"])
    box.fill("-2049")
    box.press("Enter")
    page.wait_for_url("**dt_x=-2049**")
    wait_idle(page)
    page.get_by_text("-2048", exact=True).first.wait_for()  # float16's stored value in the table
    assert parse_qs(urlparse(page.url).query)["dt_x"] == ["-2049"]
    # the bit cells are redrawn in place: Vega draws each bit as an SVG text
    page.wait_for_function(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        f".map(e => e.textContent).join() !== {','.join(before)!r}"
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "dtypes-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= 390
