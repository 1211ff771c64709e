"""The pipeline: seeded draws within the table's ranges, bounds, and code that replays it."""

import io

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from lib.augmentation import code as augment_code
from lib.augmentation import pipeline as augment_pipeline
from lib.augmentation import samples as sample_images
from lib.augmentation import table as augment_table
from lib.augmentation import upload as image_upload
from lib.augmentation.pipeline import MAX_SAMPLES, sample_grid
from lib.augmentation.table import TABLE, TRANSFORMS, check_settings
from lib.augmentation.transforms import adjust_brightness, rotate
from lib.common.errors import InputError
from ui.text import strings

ALL = [(t.name, {}) for t in TABLE]


def house() -> torch.Tensor:
    return sample_images.sample_image("house")


def test_every_built_in_image_is_rgb_in_the_unit_range_and_not_symmetric():
    for name in sample_images.IMAGES:
        img = sample_images.sample_image(name)
        assert img.shape == (3, 128, 128) and img.min() >= 0 and img.max() <= 1
        assert not torch.allclose(img, img.flip(-1)) and not torch.allclose(img, img.flip(-2))
        assert (img.amax(0) - img.amin(0)).max() > 0.5  # colourful: some pixel is far from grey
        assert torch.equal(img, sample_images.sample_image(name))  # seeded: the same every time


def test_the_same_seed_draws_the_same_grid_and_another_seed_another():
    a, b = sample_grid(house(), ALL, 4, seed=3), sample_grid(house(), ALL, 4, seed=3)
    assert a.drawn == b.drawn and all(torch.equal(x, y) for x, y in zip(a.images, b.images))
    assert sample_grid(house(), ALL, 4, seed=4).drawn != a.drawn


def test_adding_a_step_leaves_the_other_steps_draws_alone():
    before = sample_grid(house(), [("rotate", {}), ("hue", {})], 6, seed=1)
    after = sample_grid(house(), [("rotate", {}), ("blur", {}), ("hue", {})], 6, seed=1)
    for row_before, row_after in zip(before.drawn, after.drawn):
        assert row_before[0] == row_after[0] and row_before[1] == row_after[2]


def test_probability_zero_never_fires_and_one_always_fires():
    grid = sample_grid(house(), [("hflip", {"p": 0.0}), ("vflip", {"p": 1.0})], 16, seed=0)
    assert grid.fired("hflip") == (0, 16) and grid.fired("vflip") == (16, 16)
    assert torch.equal(grid.images[0], house().flip(-2))


@settings(max_examples=25)
@given(lo=st.floats(-180, 180), width=st.floats(0, 90), seed=st.integers(0, 10**6))
def test_drawn_angles_stay_inside_the_range_the_student_set(lo, width, seed):
    hi = min(180.0, lo + width)
    grid = sample_grid(torch.rand(3, 8, 8), [("rotate", {"degrees": (lo, hi)})], 4, seed)
    for row in grid.drawn:
        assert round(lo, 1) - 0.05 <= row[0].kwargs["degrees"] <= round(hi, 1) + 0.05


def test_boxes_fit_the_image_and_translations_stay_within_the_share_of_the_width():
    steps = [
        ("resized_crop", {}),
        ("erase", {}),
        ("translate", {"max_dx": 0.1, "max_dy": 0.3}),
        ("perspective", {}),
    ]
    grid = sample_grid(house(), steps, 16, seed=9)
    for crop, erase, move, persp in grid.drawn:
        for box in (crop.kwargs, erase.kwargs):
            assert box["top"] + box["height"] <= 128 and box["left"] + box["width"] <= 128
        assert abs(move.kwargs["dx"]) <= round(0.1 * 128) and abs(move.kwargs["dy"]) <= 0.3 * 128
        assert all(0 <= x < 128 and 0 <= y < 128 for x, y in persp.kwargs["endpoints"])


def test_the_shown_call_is_the_one_applied():
    grid = sample_grid(house(), [("rotate", {"p": 1.0}), ("brightness", {"p": 1.0})], 3, seed=2)
    for img, (rot, bright) in zip(grid.images, grid.drawn, strict=True):
        out = adjust_brightness(rotate(house(), rot.kwargs["degrees"]), bright.kwargs["factor"])
        assert torch.equal(img, out)
        assert rot.call() == f"rotate(degrees={rot.kwargs['degrees']!r})"


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"n": 0}, "aug_samples"),
        ({"n": MAX_SAMPLES + 1}, "aug_samples"),
        ({"steps": ALL + ALL}, "aug_steps"),
        ({"steps": [("sharpen", {})]}, "aug_unknown_transform"),
        ({"steps": [("rotate", {"degrees": (10.0, -10.0)})]}, "aug_param"),
        ({"steps": [("rotate", {"degrees": (0.0, 999.0)})]}, "aug_param"),
        ({"steps": [("hflip", {"p": 1.5})]}, "aug_param"),
        ({"steps": [("blur", {"kernel_size": 4})]}, "aug_param"),
        ({"steps": [("translate", {"padding": "wrap"})]}, "aug_param"),
        ({"img": torch.rand(3, 600, 10)}, "aug_image_shape"),
        ({"img": torch.rand(1, 10, 10)}, "aug_image_shape"),
        ({"img": torch.rand(3, 7, 100)}, "aug_image_shape"),
    ],
)
def test_pipelines_and_grids_are_bounded(kwargs, key):
    args = {"img": house(), "steps": [("rotate", {})], "n": 4, "seed": 0, **kwargs}
    with pytest.raises(InputError) as err:
        sample_grid(**args)
    assert err.value.key == key


def test_every_row_of_the_table_has_a_function_defaults_inside_its_range_and_labels():
    for t in TABLE:
        assert callable(getattr(augment_pipeline.augment, t.fn))
        check_settings(t.name, {})  # the defaults pass their own checks
        for lang in ("en", "zh-TW", "zh-CN"):
            assert f"augmentation.tf_{t.name}" in strings(lang)
            for p in t.params:
                assert f"augmentation.param_{p.name}" in strings(lang)


@pytest.mark.parametrize("image", list(sample_images.IMAGES))
def test_the_torch_code_panel_rebuilds_the_grid_exactly(image):
    steps = [
        ("translate", {"padding": "reflect"}),
        ("rotate", {}),
        ("perspective", {"p": 1.0}),
        ("hue", {}),
        ("noise", {}),
        ("erase", {"p": 1.0}),
    ]
    grid = sample_grid(sample_images.sample_image(image), steps, 5, seed=11)
    namespace: dict = {}
    exec(augment_code.torch_code(grid, image), namespace)
    assert all(torch.equal(a, b) for a, b in zip(namespace["samples"], grid.images, strict=True))


def test_the_torch_code_for_an_upload_reads_the_file_like_the_page(tmp_path):
    picture = Image.new("RGB", (300, 200), (10, 200, 90))
    picture.paste((250, 20, 20), (0, 0, 120, 80))
    path = tmp_path / "photo.png"
    picture.save(path)
    img = image_upload.decode_upload(path.read_bytes())
    grid = sample_grid(img, [("hflip", {"p": 1.0}), ("contrast", {})], 3, seed=5)
    code = augment_code.torch_code(grid, "upload").replace("my_image.png", str(path))
    namespace: dict = {}
    exec(code, namespace)
    assert torch.equal(namespace["img"], img)
    assert all(torch.equal(a, b) for a, b in zip(namespace["samples"], grid.images, strict=True))


def test_the_torchvision_code_is_valid_python_with_random_apply_only_where_needed():
    steps = [(t.name, {"p": 0.5}) for t in TABLE]
    code = augment_code.torchvision_code(steps, 128, 96)
    compile(code, "<torchvision>", "exec")
    assert "v2.RandomHorizontalFlip(p=0.5)" in code
    assert "v2.RandomApply([v2.RandomRotation(degrees=(-30, 30)" in code
    assert "v2.RandomResizedCrop(size=(128, 96)" in code
    assert code.count("RandomApply") == len(TABLE) - len(augment_table.OWN_P)
    one = augment_code.torchvision_code([("rotate", {"p": 1.0})], 8, 8)
    assert "RandomApply" not in one


def test_translate_with_mirror_padding_is_written_as_a_padded_random_crop():
    code = augment_code.torchvision_code(
        [("translate", {"padding": "edge", "max_dx": 0.25})], 64, 64
    )
    assert "v2.RandomCrop(size=(64, 64), padding=(16, 13), padding_mode='edge')" in code


def test_every_transform_name_is_a_stable_url_token():
    for name in TRANSFORMS:
        assert name.isidentifier() and name == name.lower()


def test_jpeg_encoding_is_what_streamlit_made_of_a_png_and_round_trips_through_pillow():
    img = house()
    hwc = img.clamp(0, 1).mul(255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    png = io.BytesIO()
    Image.fromarray(hwc).save(png, format="PNG")
    # st.image sends an RGB picture as JPEG at quality 90, whatever it was given.
    streamlit = io.BytesIO()
    Image.open(io.BytesIO(png.getvalue())).save(streamlit, format="JPEG", quality=90)
    assert image_upload.to_jpeg(img) == streamlit.getvalue()
    decoded = Image.open(io.BytesIO(image_upload.to_jpeg(img)))
    assert decoded.size == (128, 128) and decoded.format == "JPEG"
    back = image_upload.pil_to_tensor(decoded)
    assert (back - img).abs().mean() < 0.02


def test_every_transform_copes_with_the_smallest_image_allowed():
    steps = [(t.name, {"p": 1.0}) for t in TABLE if t.name != "blur"]
    steps.append(("blur", {"p": 1.0, "kernel_size": 15}))
    grid = sample_grid(torch.rand(3, 8, 256), steps, 4, seed=3)
    assert all(img.shape == (3, 8, 256) and torch.isfinite(img).all() for img in grid.images)


def test_captions_show_applied_calls_as_code_and_missed_ones_struck_through():
    grid = sample_grid(house(), [("hflip", {"p": 0.5}), ("rotate", {"p": 0.5})], 16, seed=4)
    marks = {(d.name, d.fired): d.markdown() for row in grid.drawn for d in row}
    assert marks["hflip", True] == "`hflip`" and marks["hflip", False] == "~~hflip~~"
    assert (
        marks["rotate", False].startswith("~~rotate degrees=")
        and marks["rotate", False][-2:] == "~~"
    )
