"""The activations page in a real browser: widgets write the URL, a pasted URL restores the view."""

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

PATH = "activation-functions"
CHART = '[data-testid="stVegaLiteChart"]'


def _open(page, server, query: str, charts: int) -> None:
    page.goto(f"{server}/{PATH}?{query}")
    wait_idle(page)
    page.locator(CHART).nth(charts - 1).locator("canvas, svg").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def _chart_sizes(page) -> list[tuple[float, float]]:
    return [
        (b["width"], b["height"])
        for b in (c.bounding_box() for c in page.locator(CHART).all())
        if b
    ]


def test_threshold_slider_redraws_the_bands_and_writes_the_url(page, server):
    _open(page, server, "lang=en", charts=3)
    before = page.locator(CHART).first.screenshot()
    thumb = page.locator('.st-key-act_thr input[type="range"]')
    thumb.focus()
    for _ in range(10):
        thumb.press("ArrowRight")
    page.wait_for_url("**act_thr=0.2**", timeout=20_000)
    wait_idle(page)
    page.get_by_text("saturated (|f′| < 0.2)").first.wait_for(timeout=20_000)
    assert page.locator(CHART).first.screenshot() != before
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    for width, height in _chart_sizes(page):  # every chart fits its column, none collapsed
        assert width <= main["width"] and height > 80
    shot(page, f"{PATH}-en")


def test_a_pasted_link_restores_functions_parameters_and_the_network_tab(page, server):
    query = (
        "lang=zh-TW&act_fns=tanh&act_fns=elu&act_elu_alpha=2.0&act_view=network"
        "&act_depth=20&act_width=256&act_scale=2.5&act_seed=3"
    )
    _open(page, server, query, charts=4)
    tab = page.get_by_role("tab", name=strings("zh-TW")["activations.tab_network"])
    assert tab.get_attribute("aria-selected") == "true"
    chips = page.locator('.st-key-act_fns [role="group"] [data-tag]:visible')
    assert [c.get_attribute("aria-label") for c in chips.all()] == ["tanh", "elu"]
    alpha = page.locator('.st-key-act_elu_alpha input[type="range"]')
    assert alpha.get_attribute("value") == "2"
    page.get_by_text("20 × [Linear(256, 256, bias=False) → tanh]").wait_for()
    shot(page, f"{PATH}-network-zh-TW")


def test_switching_tabs_keeps_the_view_in_the_url(page, server):
    _open(page, server, "lang=zh-CN", charts=3)
    page.get_by_role("tab", name=strings("zh-CN")["activations.tab_properties"]).click()
    page.wait_for_url("**act_view=properties**", timeout=20_000)
    wait_idle(page)
    page.locator('[data-testid="stDataFrame"]').wait_for()
    shot(page, f"{PATH}-properties-zh-CN")
    page.get_by_role("tab", name=strings("zh-CN")["activations.tab_neuron"]).click()
    page.wait_for_url("**act_view=neuron**", timeout=20_000)
    wait_idle(page)
    page.locator(CHART).nth(1).locator("canvas, svg").first.wait_for(timeout=30_000)
    shot(page, f"{PATH}-neuron-zh-CN")


def test_presenter_mode_keeps_charts_readable(page, server):
    _open(page, server, "lang=zh-TW&present=true&act_view=neuron&act_w=2.5&act_b=-3.0", charts=2)
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    for width, height in _chart_sizes(page):
        assert width <= main["width"] and height > 150
    shot(page, f"{PATH}-neuron-presenter")
