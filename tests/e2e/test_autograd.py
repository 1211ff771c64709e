"""The autograd page in Chromium: the graph is really painted (a layer that vega cannot draw
leaves an empty box that no spec test sees), fits a phone, and typing redraws it and the URL."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle

PHONE = {"width": 390, "height": 844}


def graph_height(page) -> float:
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("canvas, svg").first.wait_for(timeout=30_000)
    return chart.bounding_box()["height"]


def test_the_graph_is_painted_on_a_phone_and_typing_redraws_it(page, server):
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/autograd-graph?lang=zh-CN")
    wait_idle(page)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')")
    assert graph_height(page) > 400  # seven layers of boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.get_by_role("textbox", name="表达式", exact=True)
    box.fill("out = w * x + w ** 2")
    box.press("Enter")
    page.wait_for_url(lambda url: "ag_expr=" in url)
    wait_idle(page)
    expr = parse_qs(urlparse(page.url).query)["ag_expr"][0]
    assert expr == "out = w * x + w ** 2"
    page.get_by_text("有 2 条线通向", exact=False).first.wait_for(timeout=30_000)
    assert 200 < graph_height(page) < 400  # three layers now
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "autograd-phone-zh-CN")
