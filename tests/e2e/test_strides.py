"""The storage page in Chromium: a widget change redraws and writes the URL; a link restores it."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import shot, wait_idle


def test_typing_a_chain_redraws_and_writes_the_url_and_the_link_restores_it(page, server):
    page.goto(f"{server}/stride-offset?lang=en")
    wait_idle(page)
    page.get_by_text("stride [1, 4]").first.wait_for()
    box = page.get_by_role("textbox", name="Ops applied to x (Python syntax)")
    box.fill("[None, 0].expand(3, 4)")
    box.press("Enter")
    wait_idle(page)
    page.wait_for_url("**s_ops=**")
    query = parse_qs(urlparse(page.url).query)
    assert query["s_ops"] == ["[None, 0].expand(3, 4)"]
    page.get_by_text("stride [0, 1]").first.wait_for()
    page.locator('[data-testid="stVegaLiteChart"]').nth(1).wait_for()
    shot(page, "stride-offset-expand-en")

    fresh = page.context.new_page()
    fresh.goto(page.url)
    wait_idle(fresh)
    # The box can read empty for a moment after the run ends, before its value is filled in.
    expect(fresh.get_by_role("textbox", name="Ops applied to x (Python syntax)")).to_have_value(
        "[None, 0].expand(3, 4)"
    )
    fresh.get_by_text("stride [0, 1]").first.wait_for()  # the expanded view's stride 0
    fresh.close()


def test_bad_input_shows_one_sentence_and_no_traceback(page, server):
    page.goto(f"{server}/stride-offset?lang=zh-TW&s_ops=.t().view(-1)")
    wait_idle(page)
    alert = page.locator('[data-testid="stAlertContentError"]')
    assert alert.count() == 1 and "view size is not compatible" in alert.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "stride-offset-error-zh-TW")


def test_presenter_mode_photographed_in_chinese(page, server):
    page.goto(f"{server}/stride-offset?lang=zh-CN&present=true&s_shape=2,3,4&s_ops=.permute(2,0,1)")
    wait_idle(page)
    page.locator('[data-testid="stVegaLiteChart"]').nth(1).wait_for()
    shot(page, "stride-offset-presenter-zh-CN")
