"""The augmentation page through app.py: languages, URL state, uploads, code panels, experiment."""

import io
import struct
import zlib

import pytest
import torch
from PIL import Image

from lib.augmentation import samples as sample_images
from lib.augmentation import table as augment_table
from lib.augmentation.pipeline import sample_grid
from tests.pages.conftest import LANGS, assert_clean, chart_rows, chart_spec, open_page
from ui.text import strings

PAGE = "app_pages/augmentation.py"


def experiment_tab(lang: str) -> str:
    return strings(lang)["augmentation.tab_experiment"]


def captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("**#")]


def png(size=(60, 40), colour=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_draws_a_seeded_grid_with_the_drawn_parameters_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    assert len(captions(at)) == 8
    assert all("`rotate` degrees=" in c for c in captions(at))
    assert strings(lang)["augmentation.param_p"] in [s.label for s in at.slider]
    assert any(strings(lang)["common.notice"] in m.value for m in at.markdown)


def test_the_url_restores_pipeline_ranges_samples_and_seed():
    at = open_page(
        PAGE,
        "en",
        aug_steps=["vflip", "hue"],
        aug_n="3",
        aug_seed="42",
        aug_image="letters",
        aug_hue_factor=["-0.3", "0.2"],
        aug_vflip_p="1.0",
    )
    assert_clean(at)
    assert at.multiselect(key="aug_steps").value == ["vflip", "hue"]
    assert at.slider(key="aug_hue_factor").value == (-0.3, 0.2)
    grid = sample_grid(
        sample_images.sample_image("letters"),
        [("vflip", {"p": 1.0}), ("hue", {"factor": (-0.3, 0.2)})],
        3,
        42,
    )
    shown = captions(at)
    assert len(shown) == 3
    for text, row in zip(shown, grid.drawn, strict=True):
        assert f"`adjust_hue` {row[1].args()}" in text and text.count("vflip") == 1


def test_moving_a_slider_redraws_and_a_new_seed_draws_new_parameters():
    at = open_page(PAGE, "en")
    at.slider(key="aug_n").set_value(12).run()
    assert len(captions(at)) == 12
    before, seed = captions(at), at.number_input(key="aug_seed").value
    at.button(key="aug_reseed").click().run()
    assert_clean(at)
    assert at.number_input(key="aug_seed").value != seed and captions(at) != before


def test_a_new_seed_sends_new_draws_in_the_same_strip_and_the_pictures_as_jpeg():
    at = open_page(PAGE, "en", aug_n="6")
    assert_clean(at)
    spec, rows = chart_spec(at.get("vega_lite_chart")[0]), chart_rows(at.get("vega_lite_chart")[0])
    at.number_input(key="aug_seed").set_value(8).run()
    assert_clean(at)
    again = at.get("vega_lite_chart")[0]
    assert chart_spec(again) == spec  # built once; only the rows change
    assert chart_rows(again) != rows and len(chart_rows(again)) == len(rows)
    assert {r["parameter"] for r in rows if "sample" in r} == {
        "rotate.degrees",
        "brightness.factor",
    }
    urls = [img.url for element in at.get("image") for img in element.proto.imgs]
    assert len(urls) == 1 + 6 and all(u.endswith(".jpg") for u in urls)  # original, samples


def test_every_transform_renders_its_own_controls_from_the_table():
    at = open_page(PAGE, "zh-CN", aug_steps=[t.name for t in augment_table.TABLE], aug_n="2")
    assert_clean(at)
    keys = {w.key for w in [*at.slider, *at.get("button_group")]}
    for t in augment_table.TABLE:
        assert f"aug_{t.name}_p" in keys
        assert all(f"aug_{t.name}_{p.name}" in keys for p in t.params)
    assert len(captions(at)) == 2


def test_the_torch_code_panel_reproduces_the_grid_on_screen():
    at = open_page(PAGE, "en", aug_seed="5", aug_n="4")
    code = next(c for c in code_blocks(at) if "samples = []" in c)
    namespace: dict = {}
    exec(code, namespace)
    steps = [("hflip", {}), ("rotate", {}), ("brightness", {})]
    grid = sample_grid(sample_images.sample_image("house"), steps, 4, 5)
    assert all(torch.equal(a, b) for a, b in zip(namespace["samples"], grid.images, strict=True))
    torchvision = next(c for c in code_blocks(at) if "from torchvision.transforms import v2" in c)
    assert "v2.RandomHorizontalFlip(p=0.5)" in torchvision


def test_an_uploaded_png_is_augmented_and_a_bad_file_gets_one_translated_sentence():
    at = open_page(PAGE, "zh-TW", aug_image="upload")
    assert_clean(at)
    assert at.info and not captions(at)
    at.file_uploader(key="aug_upload").set_value(("mine.png", png(), "image/png")).run()
    assert_clean(at)
    assert len(captions(at)) == 8 and not at.error
    at.file_uploader(key="aug_upload").set_value(("fake.png", b"not an image", "image/png")).run()
    assert_clean(at)
    assert at.error and at.error[0].value == strings("zh-TW")["errors.aug_upload_format"]
    assert not captions(at)


def test_a_decompression_bomb_upload_is_refused_without_a_traceback():
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )
    at = open_page(PAGE, "zh-CN", aug_image="upload")
    at.file_uploader(key="aug_upload").set_value(("bomb.png", bomb, "image/png")).run()
    assert_clean(at)
    assert at.error[0].value == strings("zh-CN")["errors.aug_upload_bomb"]


def test_an_unknown_transform_in_a_pasted_url_does_not_break_the_page():
    at = open_page(
        PAGE, "en", aug_steps=["rotate", "sharpen"], aug_n="99", aug_translate_padding="wrap"
    )
    assert_clean(at)
    assert at.multiselect(key="aug_steps").value in (["rotate"], ["hflip", "rotate", "brightness"])
    assert 1 <= len(captions(at)) <= 16


def test_choices_restore_from_the_url():
    at = open_page(
        PAGE,
        "en",
        aug_steps=["translate", "blur"],
        aug_translate_padding="reflect",
        aug_blur_kernel_size="15",
        aug_n="2",
    )
    assert_clean(at)
    assert at.button_group(key="aug_translate_padding").value == "reflect"
    assert at.button_group(key="aug_blur_kernel_size").value == 15
    assert all("padding='reflect'" in c and "kernel_size=15" in c for c in captions(at))


def test_check_yourself_asks_about_the_first_steps_probability():
    at = open_page(PAGE, "en", aug_steps=["vflip"], aug_vflip_p="0.25", aug_n="8")
    radio = next(r for r in at.radio if r.key and r.key.startswith("aug_check_p"))
    assert "2" in radio.options
    radio.set_value("2").run()
    next(b for b in at.button if b.key and b.key.startswith("aug_check_p_reveal")).click().run()
    assert at.success


@pytest.mark.parametrize("lang", LANGS)
def test_the_experiment_trains_four_models_and_plots_accuracy_against_shift(lang):
    at = open_page(PAGE, lang, aug_tab=experiment_tab(lang))
    assert_clean(at)
    charts = at.get("vega_lite_chart")
    rows = [r for r in chart_rows(charts[0]) if "accuracy" in r and "model" in r]
    assert {r["model"] for r in rows} == {"MLP", "CNN"} and len(rows) == 4 * 13
    mlp = {
        r["shift"]: r["accuracy"]
        for r in rows
        if r["model"] == "MLP" and r["training"] == strings(lang)["augmentation.centred"]
    }
    assert mlp[0] > 0.9 and mlp[3] < 0.5
    assert len(charts) == 3  # accuracy, beliefs, equivariance
    assert at.get("progress")[0].proto.value == 100
    notice = " ".join(m.value for m in at.markdown)
    assert "%" in notice


def test_the_experiment_url_restores_axis_shift_and_hidden_size_and_shows_the_code():
    at = open_page(
        PAGE,
        "en",
        aug_tab=experiment_tab("en"),
        aug_axis="y",
        aug_digit="7",
        aug_probe_shift="-2",
        aug_channel="5",
    )
    assert_clean(at)
    assert at.button_group(key="aug_axis").value == "y"
    assert at.slider(key="aug_digit").value == 7 and at.slider(key="aug_channel").value == 5
    spec = chart_spec(at.get("vega_lite_chart")[0])
    assert "along y" in str(spec)
    code = next(c for c in code_blocks(at) if "Trainer(" in c)
    assert "hidden=64" in code and "aug_shift=3" in code and "['y']" in code
    maps = {r["map"] for r in chart_rows(at.get("vega_lite_chart")[2]) if "map" in r}
    assert {"centred → conv[5]", "shifted -2 → conv[5]"} <= maps


def test_presenter_mode_keeps_the_experiment_and_hides_the_prose():
    at = open_page(PAGE, "zh-TW", aug_tab=experiment_tab("zh-TW"), present="true")
    assert_clean(at)
    assert not any("實驗內容" in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 3
