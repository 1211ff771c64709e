"""The data page in Chromium: the epochs × batches grid is drawn, follows batch_size into the
URL, and fits a phone without sideways scrolling."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle

GRID = '[data-testid="stVegaLiteChart"]'


def test_the_grid_follows_batch_size_into_the_url_and_fits_a_phone(page, server):
    page.goto(f"{server}/data-to-batches?lang=en&data_n=30&data_sampler=shuffle")
    wait_idle(page)
    grid = page.locator(GRID).first
    grid.locator("canvas, svg").first.wait_for()
    tall = grid.bounding_box()["height"]
    assert tall > 3 * 25  # three epoch rows of cells, not a collapsed strip
    box = page.get_by_role("spinbutton", name="batch_size")
    box.fill("7")
    box.press("Enter")
    page.wait_for_url(lambda url: "data_batch=7" in url)
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query)["data_batch"] == ["7"]
    assert page.get_by_text("⌈30 / 7⌉ = 5").first.is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/data-to-batches?lang=zh-CN&data_n=200&data_epochs=5")
    wait_idle(page)
    page.locator(GRID).first.locator("canvas, svg").first.wait_for()
    wide = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert wide <= 390
    assert page.locator(GRID).first.bounding_box()["width"] <= 390
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "data-zh-CN-phone")
