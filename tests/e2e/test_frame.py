"""The frame in a real browser: navigation, language, presenter mode, URL state."""

from tests.e2e.conftest import shot, wait_idle
from ui.concepts import CONCEPTS
from ui.text import LANGUAGES, strings


def test_every_page_loads_in_a_browser_and_is_photographed(page, server):
    """Each page once, the languages in turn (tests/pages runs every page in every language; a
    full-page photograph costs seconds, so 13 here, not 39)."""
    for k, c in enumerate([None, *CONCEPTS]):
        lang = list(LANGUAGES)[k % len(LANGUAGES)]
        path = "" if c is None else c.url_path
        page.goto(f"{server}/{path}?lang={lang}")
        wait_idle(page)
        title = strings(lang)["home.title" if c is None else f"{c.key}.title"]
        page.get_by_role("heading", name=title).first.wait_for(timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        shot(page, f"{path or 'home'}-{lang}")


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
