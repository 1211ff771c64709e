""" "Download as notebook" in Chromium: the click reaches the page's deferred function through the
server, and the link in the notebook is the one the browser wrote into the address bar after the
student typed (AppTest has no address bar, so only a browser shows that)."""

import json

import nbformat

from tests.e2e.conftest import wait_idle
from ui.text import strings


def test_the_downloaded_notebook_is_the_view_after_typing(page, server):
    page.goto(f"{server}/?lang=en")  # a fresh server's first deep link says "Page not found"
    wait_idle(page)
    page.goto(f"{server}/broadcast?lang=en")
    wait_idle(page)
    page.get_by_role("textbox", name="Shape of a", exact=True).fill("5, 1")
    page.keyboard.press("Enter")
    page.wait_for_url("**bc_a=5%2C+1**")
    wait_idle(page)
    page.get_by_text(strings("en")["common.code_title"]).click()
    with page.expect_download() as download:
        page.get_by_role("button", name=strings("en")["notebook.download"]).click()
    assert download.value.suggested_filename == "broadcast.ipynb"
    with open(download.value.path(), encoding="utf-8") as f:
        raw = f.read()
    nbformat.validate(nbformat.reads(raw, as_version=4))
    cells = json.loads(raw)["cells"]
    assert f"({server}/broadcast?" in "".join(cells[0]["source"])
    assert "bc_a=5%2C%201" in "".join(cells[0]["source"])  # the typed shape reopens
    assert "- The result has shape (5, 4)" in "".join(cells[1]["source"])
