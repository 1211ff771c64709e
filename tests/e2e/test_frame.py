"""The frame in a real browser: presenter mode and the language picker, kept in the URL (each
page's own load is tests/e2e/test_each_page.py)."""

from tests.e2e.conftest import FIRST_VISIT_DIALOGS, shot, wait_idle
from ui.text import strings


def test_presenter_mode_enlarges_type_and_stays_in_the_url(page, server):
    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    body = page.locator('[data-testid="stMainBlockContainer"] p').first
    normal = body.evaluate(size)
    page.get_by_text("Presenter mode").click()
    wait_idle(page)
    page.wait_for_url("**present=true**")
    assert body.evaluate(size) > normal * 1.3
    shot(page, "home-presenter")


def test_language_switch_translates_the_page_and_the_url(page, server):
    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="简体中文").click()
    wait_idle(page)
    page.wait_for_url("**lang=zh-CN**")
    page.get_by_role("heading", name=strings("zh-CN")["home.title"]).wait_for()


def test_a_deep_link_as_the_first_visit_after_a_start_opens_without_page_not_found(server, request):
    """A `pages/` folder beside app.py made Streamlit 1.67 run the process's first session in its
    old multipage mode: "Page not found" over the right page (tests/test_start_up.py)."""
    assert request.config.stash[FIRST_VISIT_DIALOGS] == []
