"""The loss zoo in a real browser: the point slider redraws both charts and writes the URL, and
on a phone the page fits without sideways scrolling."""

from tests.e2e.conftest import shot, wait_idle

PATH = "loss-functions"
CHART = '[data-testid="stVegaLiteChart"]'


def test_the_point_slider_redraws_the_curves_and_a_phone_needs_no_sideways_scroll(page, server):
    page.goto(f"{server}/{PATH}?lang=en")
    wait_idle(page)
    page.locator(CHART).nth(1).locator("canvas, svg").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    before = page.locator(CHART).first.screenshot()
    thumb = page.locator('.st-key-loss_x0 input[type="range"]')
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowLeft")
    page.wait_for_url("**loss_x0=2.8**", timeout=20_000)
    wait_idle(page)
    page.get_by_text("At x₀ = 2.8:").first.wait_for(timeout=20_000)
    assert page.locator(CHART).first.screenshot() != before
    shot(page, f"{PATH}-en")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{PATH}?lang=zh-CN&loss_tab=reduction&loss_bench=KLDivLoss")
    wait_idle(page)
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for box in (c.bounding_box() for c in page.locator(CHART).all()):
        assert box is None or box["width"] <= 390
    shot(page, f"{PATH}-phone-zh-CN")
