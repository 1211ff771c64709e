"""The softmax page in a real browser: typing redraws the chart and the URL; a link restores it."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

PATH = "softmax-and-losses"


def chart_words(tab) -> list[str]:
    """Every word Vega drew in the page's charts (they render as SVG)."""
    return tab.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        ".map(e => e.textContent)"
    )


def drawn(tab, charts: int = 1) -> None:
    """Until the script has finished *and* its charts are painted (wait_idle can see the state
    before the first run starts)."""
    wait_idle(tab)
    tab.wait_for_function(
        f"document.querySelectorAll('[data-testid=stVegaLiteChart] svg').length >= {charts}"
    )
    tab.wait_for_timeout(300)


def query(tab) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def test_typing_logits_redraws_the_charts_and_writes_the_url(page, server):
    page.goto(f"{server}/{PATH}?lang=en")
    page.get_by_role("heading", name=strings("en")["softmax.title"]).wait_for()
    drawn(page, 2)
    assert "class" in chart_words(page) and "nan" not in chart_words(page)
    shot(page, "softmax-en")
    box = page.get_by_role("textbox", name=strings("en")["softmax.logits"])
    box.fill("100, 99, 95")
    box.press("Enter")
    page.wait_for_url("**sm_logits=100**")
    wait_idle(page)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg text'))"
        ".filter(e => e.textContent === 'nan').length >= 6"  # 3 naive p + 3 naive log p
    )
    assert query(page)["sm_logits"] == "100, 99, 95"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_pasted_link_restores_dtype_tab_and_logits(page, server):
    link = f"{server}/{PATH}?lang=zh-TW&sm_logits=100,99,95&sm_dtype=float16&sm_tab=log-sum-exp"
    page.goto(link)
    page.get_by_role("heading", name=strings("zh-TW")["softmax.title"]).wait_for()
    page.locator('[data-testid="stTable"]').first.wait_for()
    wait_idle(page)
    assert (
        page.get_by_role("textbox", name=strings("zh-TW")["softmax.logits"]).input_value()
        == "100,99,95"
    )
    selected = page.get_by_role("tab", selected=True)
    assert selected.inner_text() == "log-sum-exp"
    table = page.locator('[data-testid="stTable"]').first
    assert "inf" in table.inner_text() and "nan" in table.inner_text()
    shot(page, "softmax-zh-TW-log-sum-exp")


def test_the_loss_bench_and_the_gradient_in_simplified_chinese(page, server):
    page.goto(f"{server}/{PATH}?lang=zh-CN&sm_tab=CrossEntropyLoss&sm_smooth=0.1&sm_reduction=none")
    wait_idle(page)
    tables = page.locator('[data-testid="stTable"]')
    tables.nth(1).wait_for()
    assert strings("zh-CN")["softmax.verdict_mix"] in tables.nth(1).inner_text()
    shot(page, "softmax-zh-CN-losses")
    page.get_by_role("tab", name="∂L/∂u").click()
    page.wait_for_url("**sm_tab=**")
    drawn(page)
    assert strings("zh-CN")["softmax.grad_title"] in chart_words(page)
    assert "sm_reduction" in query(page)  # the loss tab's widgets kept their state
    shot(page, "softmax-zh-CN-gradient")


def test_presenter_mode_keeps_the_charts_readable(page, server):
    page.goto(f"{server}/{PATH}?lang=zh-TW&present=true&sm_logits=0,-20,-120,3&sm_dtype=float16")
    drawn(page, 2)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.first.bounding_box()["height"] >= 440
    assert "-inf" in chart_words(page)
    shot(page, "softmax-presenter")
