"""The broadcasting page in Chromium: typing redraws the table and the URL; links restore it."""

import time
from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

TALL = {"width": 1400, "height": 2600}  # the main column scrolls inside the page: show it all


def open_bc(page, server, query: str) -> None:
    page.goto(f"{server}/broadcast?{query}")
    wait_idle(page)
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')")


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def box(page, label: str):
    return page.get_by_role("textbox", name=label, exact=True)


def rule_table(page) -> str:
    return page.locator('[data-testid="stTable"]').first.inner_text()


def test_typing_shapes_redraws_the_table_and_writes_the_url(page, server):
    open_bc(page, server, "lang=en")
    assert "result (3, 4)" in rule_table(page)
    start = time.perf_counter()
    box(page, "Shape of a").fill("5, 1, 7")  # commits itself after a 250 ms pause
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stTable\"]')?.innerText.includes('a (5, 1, 7)')"
    )
    print(f"typing -> redrawn table in the browser: {(time.perf_counter() - start) * 1000:.0f} ms")
    box(page, "Shape of b").fill("(6, 7)")
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stTable\"]')?.innerText.includes('(5, 6, 7)')"
    )
    page.wait_for_url(lambda url: "bc_b=" in url)
    assert params(page)["bc_a"] == "5, 1, 7" and params(page)["bc_b"] == "(6, 7)"
    grids = page.locator('[data-testid="stVegaLiteChart"]').first
    grids.locator("canvas, svg").first.wait_for()
    assert grids.bounding_box()["height"] > 200  # one row of 7 x 6 grids per slice, 5 slices
    page.get_by_role("radio", name="mismatch").click()  # a preset fills both boxes
    page.wait_for_url(lambda url: "bc_a=3%2C+2" in url or "bc_a=3%2C%202" in url)
    wait_idle(page)
    assert "✗" in rule_table(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_pasted_link_restores_the_shapes_the_operator_and_the_language(page, server):
    open_bc(page, server, "lang=zh-TW&bc_a=3,2&bc_b=3&bc_op=*")
    text = strings("zh-TW")
    assert box(page, text["broadcasting.shape_a"]).input_value() == "3,2"
    assert "✗" in rule_table(page)
    page.get_by_text("The size of tensor a (2) must match").first.wait_for()
    page.set_viewport_size(TALL)
    wait_idle(page)
    shot(page, "broadcasting-zh-TW")


def test_screenshots_of_the_memory_and_bug_tabs_and_presenter_mode(page, server):
    page.set_viewport_size(TALL)
    open_bc(page, server, "lang=zh-CN&bc_a=2,1,1&bc_b=3,1&bc_c=4")
    page.get_by_role("tab", name=strings("zh-CN")["broadcasting.tab_memory"]).click()
    wait_idle(page)
    shot(page, "broadcasting-zh-CN-memory")
    page.get_by_role("tab", name=strings("zh-CN")["broadcasting.tab_bugs"]).click()
    wait_idle(page)
    matrix = page.locator('[role="tabpanel"]:visible [data-testid="stVegaLiteChart"]').first
    matrix.locator("canvas, svg").first.wait_for()  # the pred - target matrix is drawn
    assert matrix.bounding_box()["width"] > 100
    shot(page, "broadcasting-zh-CN-bugs")
    open_bc(page, server, "lang=en&present=true&bc_a=64,1,1024&bc_b=4096,1")
    page.get_by_text("Shape-only mode").first.wait_for()
    shot(page, "broadcasting-presenter")
    assert page.locator('[data-testid="stException"]').count() == 0
