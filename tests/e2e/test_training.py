"""The live-training page in Chromium: play, pause, reset, the URL, and photographs to look at."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

EPOCH = re.compile(r"^(\d+) / \d+$")


def epoch(tab) -> int:
    text = tab.locator('[data-testid="stMetricValue"]').first.inner_text()
    return int(EPOCH.match(text.strip())[1])


def open_training(tab, server, query: str = "lang=en") -> None:
    tab.goto(f"{server}/live-training?{query}")
    wait_idle(tab)
    # the epoch as "k / n": under load the metric was once read while it was being redrawn
    expect(tab.locator('[data-testid="stMetricValue"]').first).to_have_text(EPOCH)


def play_toggle(tab):
    return tab.locator('[data-testid="stCheckbox"]').filter(has_text="▶")


def test_play_trains_live_pause_stops_it_and_reset_starts_again(page, server):
    open_training(page, server)
    assert epoch(page) == 0
    play_toggle(page).click()
    page.wait_for_function(  # several redraws, each a few epochs further on
        "() => parseInt(document.querySelector('[data-testid=stMetricValue]').innerText) >= 8",
        timeout=30_000,
    )
    play_toggle(page).click()
    wait_idle(page)
    paused = epoch(page)
    page.wait_for_timeout(1500)
    assert epoch(page) == paused and paused >= 8
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 3
    with page.expect_download() as download:  # the CSV is built when clicked: every epoch so far
        page.get_by_role("button", name="Download the curves (CSV)").click()
    rows = open(download.value.path()).read().splitlines()
    assert rows[0].startswith("epoch,train_loss,val_loss") and len(rows) == paused + 2
    page.get_by_role("button", name="Reset").click()
    wait_idle(page)
    assert epoch(page) == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_leaving_the_page_stops_the_run(page, server):
    open_training(page, server)
    play_toggle(page).click()
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-testid=stMetricValue]').innerText) >= 3",
        timeout=30_000,
    )
    page.get_by_role("link", name="Broadcasting").click()
    wait_idle(page)
    page.get_by_role("link", name="Live training").click()
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
    wait_idle(page)
    expect(play_toggle(page).locator("input")).not_to_be_checked()
    left_at = epoch(page)
    page.wait_for_timeout(1500)
    assert epoch(page) == left_at >= 3  # kept where it was, and not training any more


def test_a_changed_setting_goes_into_the_url_and_the_link_brings_it_back(page, server):
    open_training(page, server)
    page.get_by_role("textbox", name="Hidden layers (units each)").fill("8, 8, 4")
    page.get_by_role("textbox", name="Hidden layers (units each)").press("Enter")
    wait_idle(page)
    page.wait_for_url(re.compile(r"tr_layers=8%2C(\+|%20)8%2C(\+|%20)4"))
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    layers = page.get_by_role("textbox", name="Hidden layers (units each)")
    expect(layers).to_have_value("8, 8, 4", timeout=30_000)
    # 2·8+8 + 8·8+8 + 8·4+4 + 4·2+2 weights and biases
    expect(page.get_by_text("trainable parameters").first).to_contain_text("142")


def test_the_page_is_photographed_mid_run_in_chinese_and_presenter_mode(page, server):
    """Two epochs in, on settings other than the default (which tests/e2e/test_each_page.py
    photographs); every language's text is checked in tests/pages."""
    for name, query in [
        ("zh-CN", "lang=zh-CN&tr_dataset=sine&tr_features=x1&tr_features=sin(x2)"),
        ("presenter", "lang=zh-TW&present=true&tr_dataset=xor&tr_features=x1*x2"),
    ]:
        open_training(page, server, query)
        lang = "zh-TW" if name == "presenter" else name
        for _ in range(2):
            page.get_by_role("button", name=strings(lang)["training.step"]).click()
            wait_idle(page)
        assert epoch(page) == 2
        assert page.locator('[data-testid="stException"]').count() == 0
        page.mouse.move(0, 0)  # no tooltip over the picture
        shot(page, f"training-{name}")


def test_holding_an_arrow_key_on_a_slider_while_playing_does_not_take_the_server_down(page, server):
    """Issue 13: Play, then an arrow key held on the learning-rate slider (a press every ~40 ms
    for 3 s). Every press is a rerun that starts while the last one may still be training;
    two threads training one run once killed the whole process (libc general protection fault)."""
    import urllib.request

    open_training(page, server)
    play_toggle(page).click()
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-testid=stMetricValue]').innerText) >= 1",
        timeout=30_000,
    )
    page.locator('.st-key-tr_lr input[type="range"]').focus()
    for i in range(75):  # down and up again around 0.03, so every press changes the rate
        page.keyboard.press("ArrowRight" if (i // 3) % 2 else "ArrowLeft")
        page.wait_for_timeout(40)
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=10) as r:
        assert r.status == 200
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    if play_toggle(page).locator("input").is_checked():
        play_toggle(page).click()
        wait_idle(page)
    page.get_by_role("button", name="Reset").click()  # the same session still answers
    wait_idle(page)
    assert epoch(page) == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "training-after-held-arrow-key")
