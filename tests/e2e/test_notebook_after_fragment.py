""" "Download as notebook" after a move that reruns only a fragment (the loss curves' x0 slider):
the notebook still says what the page now notices and keeps the page's own file name. AppTest
reruns the whole script, so only a browser moves a fragment alone."""

import json

from tests.e2e.conftest import wait_idle
from ui.text import strings

EN = strings("en")


def test_a_fragment_move_keeps_the_notebooks_sentences_and_name(page, server):
    page.goto(f"{server}/?lang=en")  # a fresh server's first deep link says "Page not found"
    wait_idle(page)
    page.goto(f"{server}/loss-functions?lang=en")
    wait_idle(page)
    x0 = page.get_by_role("slider", name=EN["losses.x0"])
    x0.focus()
    page.keyboard.press("ArrowRight")  # 3.00 -> 3.05: the curves' tab reruns alone
    page.wait_for_url("**loss_x0=3.05**")
    wait_idle(page)
    page.get_by_text(EN["common.code_title"]).first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name=EN["notebook.download"]).first.click()
    assert download.value.suggested_filename == "loss-functions.ipynb"
    with open(download.value.path(), encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    notes = "".join(cells[1]["source"])
    assert notes.startswith(f"## {EN['common.notice']}")
    assert "x₀ = 3.05" in notes  # the sentences of the view after the move
