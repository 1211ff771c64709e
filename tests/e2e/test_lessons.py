"""A lesson in presenter mode on a projector: the arrow keys and a clicker's PageUp / PageDown
step, and a widget the new step does not name shows its default on screen, not where the
previous step had put it (only a browser holds the widget's displayed value)."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import shot, wait_idle

STEP_2 = "act_fns=tanh&act_x0=3.0"  # activations lesson, step 2: the point x0 at 3


def step_of(page) -> tuple[str, str]:
    query = parse_qs(urlparse(page.url).query)
    return query["step"][0], query["lang"][0]


def point_shown(page) -> str:
    return page.locator('.st-key-act_x0 [data-testid="stSliderThumbValue"]').inner_text()


def test_presenter_keys_step_through_a_lesson_and_reset_what_a_step_does_not_set(page, server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(
        f"{server}/activation-functions?lang=zh-TW&present=true&lesson=activations&step=2&{STEP_2}"
    )
    wait_idle(page)
    expect(page.locator(".st-key-lesson_bar")).to_contain_text("第 2 步，共 8 步")
    assert point_shown(page) == "3.00"
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**step=3**")
    wait_idle(page)
    expect(page.locator(".st-key-lesson_bar")).to_contain_text("第 3 步，共 8 步")
    assert step_of(page) == ("3", "zh-TW")
    expect(page.locator('.st-key-act_x0 [data-testid="stSliderThumbValue"]')).to_have_text("1.00")
    shot(page, "lesson-presenter-zh-TW")
    page.keyboard.press("PageUp")  # what a presentation clicker sends
    page.wait_for_url("**step=2**")
    wait_idle(page)
    expect(page.locator('.st-key-act_x0 [data-testid="stSliderThumbValue"]')).to_have_text("3.00")
    page.keyboard.press("PageDown")
    page.wait_for_url("**step=3**")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**step=2**")
    assert step_of(page) == ("2", "zh-TW")
