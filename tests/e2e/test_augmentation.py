"""The augmentation page in Chromium: URL state, an upload, the experiment, and screenshots."""

from urllib.parse import quote

from PIL import Image

from tests.e2e.conftest import shot, wait_idle
from ui.text import strings

GRID_CAPTION = '[data-testid="stCaptionContainer"]:has-text("#")'
TRAINING = 240_000  # a cold server imports torch._dynamo and trains four models


def settled(page, timeout: float = 60_000) -> None:
    """Until the script is done, no widget is still a loading skeleton and every image is in."""
    wait_idle(page, timeout=timeout)
    page.wait_for_function(
        """() => document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
                 && [...document.images].every(i => i.complete && i.naturalWidth > 0)""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def open_augment(page, server, query: str = "", lang: str = "en", timeout=60_000) -> None:
    page.goto(f"{server}/augment?lang={lang}{query}")
    page.get_by_role("heading", name=strings(lang)["augmentation.title"]).first.wait_for(
        timeout=timeout
    )
    settled(page, timeout)


def test_the_sample_slider_redraws_the_grid_and_writes_the_url(page, server):
    open_augment(page, server)
    assert page.locator(GRID_CAPTION).count() == 8
    slider = page.get_by_role("slider", name=strings("en")["augmentation.samples"])
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**aug_n=9**")
    wait_idle(page)
    page.locator(GRID_CAPTION).nth(8).wait_for()
    assert page.locator(GRID_CAPTION).count() == 9
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_pasted_url_restores_the_pipeline_and_the_seed(page, server):
    open_augment(
        page, server, "&aug_steps=vflip&aug_steps=hue&aug_n=3&aug_seed=42&aug_image=colour_wheel"
    )
    captions = page.locator(GRID_CAPTION)
    assert captions.count() == 3
    assert "adjust_hue factor=" in captions.first.inner_text()
    again = page.context.new_page()
    again.goto(page.url)
    wait_idle(again)
    assert again.locator(GRID_CAPTION).all_inner_texts() == captions.all_inner_texts()
    again.close()


def test_an_uploaded_picture_is_augmented_and_a_fake_one_is_refused(page, server, tmp_path):
    picture = tmp_path / "student.png"
    im = Image.new("RGB", (640, 480), (30, 120, 220))
    im.paste((250, 200, 0), (40, 60, 300, 200))
    im.save(picture)
    open_augment(page, server, "&aug_image=upload&aug_steps=hflip&aug_steps=perspective")
    assert page.locator(GRID_CAPTION).count() == 0
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(picture))
    page.locator(GRID_CAPTION).nth(7).wait_for(timeout=30_000)
    settled(page)
    assert page.locator('[data-testid="stImage"] img').count() >= 9
    shot(page, "augment-upload-en")
    fake = tmp_path / "fake.png"
    fake.write_text("this is not a picture")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(fake))
    page.get_by_text(strings("en")["errors.aug_upload_format"]).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_explorer_is_photographed_in_chinese_and_presenter_mode(page, server):
    """A pipeline of three steps (the default view is photographed by test_each_page.py)."""
    open_augment(page, server, "&aug_steps=rotate&aug_steps=hue&aug_steps=erase", "zh-CN")
    assert page.locator(GRID_CAPTION).count() == 8
    shot(page, "augment-explorer-zh-CN")
    open_augment(page, server, "&present=true&aug_steps=rotate&aug_steps=hue", "zh-TW")
    assert page.locator(GRID_CAPTION).count() == 8
    shot(page, "augment-explorer-presenter")


def test_the_experiment_trains_with_a_progress_bar_and_is_photographed(page, server):
    """In Chinese, then in presenter mode (every language's text is checked in tests/pages)."""
    tab = quote(strings("zh-TW")["augmentation.tab_experiment"])
    open_augment(page, server, f"&aug_tab={tab}", "zh-TW", TRAINING)
    page.get_by_text(strings("zh-TW")["augmentation.probe_title"]).wait_for(timeout=TRAINING)
    settled(page, TRAINING)
    assert page.locator('[data-testid="stProgress"]').count() == 1
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 3
    shot(page, "augment-experiment-zh-TW")
    tab = quote(strings("en")["augmentation.tab_experiment"])
    open_augment(page, server, f"&aug_tab={tab}&present=true", timeout=TRAINING)
    page.get_by_text(strings("en")["augmentation.probe_title"]).wait_for(timeout=TRAINING)
    settled(page, TRAINING)
    shot(page, "augment-experiment-presenter")


def test_switching_to_the_experiment_tab_puts_it_in_the_url(page, server):
    open_augment(page, server)
    page.get_by_role("tab", name=strings("en")["augmentation.tab_experiment"]).click()
    page.wait_for_url("**aug_tab=**")
    wait_idle(page, timeout=TRAINING)
    page.get_by_text(strings("en")["augmentation.probe_title"]).wait_for(timeout=TRAINING)
