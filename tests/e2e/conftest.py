"""A real `streamlit run app.py` on a free loopback port, driven by Debian's Chromium.

Locally, the browser tests skip with a message when Chromium or Playwright is missing;
in CI (CI=true) a missing browser fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS, LOOPBACK  # noqa: F401 (one place)
from deploy.process import free_port, start, stop, wait_healthy
from tests.conftest import ROOT

SHOTS = ROOT / "screenshots"
# One timeout for every browser expectation and wait: Playwright's 5 s default failed once on a
# busy CI machine, and with two test workers on two cores a step of a lesson once took over 30 s.
EXPECT_TIMEOUT_MS = 60_000


def pytest_configure(config) -> None:
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def _need_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("the Python package playwright (pip install -r requirements-dev.txt)")
    if not shutil.which(CHROMIUM):
        _missing(f"{CHROMIUM} (apt-get install -y chromium)")


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need {what}; .ci/run installs it")
    pytest.skip(f"browser tests skipped: install {what} to run them")


# What the server's first visitor saw in a dialog (tests/e2e/test_frame.py reads it).
FIRST_VISIT_DIALOGS = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def server(request):
    """The app as a student gets it, on 127.0.0.1:<free port>; stopped after the session. Its
    first visitor opens a deep link, as a student following the lecturer's link after a cold
    start does (and the import of torch it starts is paid before the tests time anything)."""
    _need_browser()
    port = free_port()
    proc = start(port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout=60)
    except RuntimeError:
        stop(proc)
        pytest.fail("streamlit did not become healthy within 60 s")
    request.config.stash[FIRST_VISIT_DIALOGS] = _first_visit(f"{url}/broadcast?lang=zh-TW")
    yield url
    stop(proc)


def _first_visit(link: str) -> list[str]:
    """The texts of any dialog over the page a first visitor opened from `link`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = b.new_page()
        tab.goto(link)
        wait_idle(tab, timeout=60_000)
        tab.wait_for_timeout(1000)  # a dialog comes with the run's first messages
        dialogs = tab.locator('[role="dialog"]').all_inner_texts()
        b.close()
    return dialogs


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh tab that may talk to loopback only: every other request is aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.route(
        re.compile(r".*"),
        lambda route: route.continue_() if LOOPBACK.match(route.request.url) else route.abort(),
    )
    tab = context.new_page()
    tab.set_default_timeout(EXPECT_TIMEOUT_MS)  # every wait without its own timeout
    yield tab
    context.close()


def wait_idle(tab, timeout: float = 30_000) -> None:
    """Until the page has content and Streamlit says the script finished, then a little longer
    for charts to paint. Before the first run starts the app also reads "notRunning", so a
    heading must be there first."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    tab.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout)
    tab.wait_for_selector(idle, timeout=timeout)
    tab.wait_for_timeout(400)


def shot(tab, name: str) -> Path:
    """Full-page screenshot under screenshots/ (git-ignored), for a person to look at."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    # Streamlit scrolls inside its main container, so grow the viewport to its full height.
    width = tab.viewport_size["width"]
    height = tab.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    tab.set_viewport_size({"width": width, "height": min(max(height, 600), 12_000)})
    tab.wait_for_timeout(300)
    tab.screenshot(path=str(path))
    tab.set_viewport_size({"width": width, "height": 1000})
    return path
