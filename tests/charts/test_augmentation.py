"""The augmentation charts, read through their Vega-Lite specs."""

import torch

from charts import augment as charts
from lib import invariance, invariance_probe, sample_images
from lib.augment_pipeline import sample_grid
from lib.invariance import EVAL_SHIFT, RunResult

SHIFTS = 2 * EVAL_SHIFT + 1


def run(kind: str, augment: bool, level: float) -> RunResult:
    acc = tuple(level for _ in range(SHIFTS))
    return RunResult(kind, augment, {"x": acc, "y": acc, "xy": acc}, (1.0,), 0.1, {})


def data(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


TRAINING = {False: "centred", True: "shifted ±3"}


def test_accuracy_lines_have_fixed_axes_a_band_for_the_augmented_range_and_a_chance_line():
    results = [run("mlp", False, 0.2), run("mlp", True, 0.8), run("cnn", False, 0.9)]
    spec = charts.accuracy_vs_shift(
        results,
        "x",
        TRAINING,
        aug_shift=3,
        shift_axis="shift",
        accuracy="accuracy",
        model="model",
        training_data="training",
        band="seen",
        chance="chance",
    ).to_dict()
    band, floor, lines, points = spec["layer"]
    assert band["mark"]["type"] == "rect" and floor["mark"]["type"] == "rule"
    assert lines["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert points["encoding"]["shape"]["field"] == "training"  # the legend for training data
    enc = lines["encoding"]
    assert enc["y"]["scale"]["domain"] == [0, 1]
    assert enc["x"]["scale"]["domain"] == [-EVAL_SHIFT, EVAL_SHIFT]
    assert enc["color"]["field"] == "model" and enc["strokeDash"]["field"] == "training"
    assert enc["strokeDash"]["title"] == points["encoding"]["shape"]["title"]  # one legend
    assert {t["field"] for t in enc["tooltip"]} >= {"model", "shift", "accuracy"}
    datasets = spec["datasets"]
    rows = [r for rows in datasets.values() for r in rows if "model" in r]
    assert len(rows) == 3 * SHIFTS
    assert {(r["model"], r["training"]) for r in rows} == {
        ("MLP", "centred"),
        ("MLP", "shifted ±3"),
        ("CNN", "centred"),
    }
    assert enc["strokeDash"]["scale"]["domain"] == ["centred", "shifted ±3"]  # solid, dashed
    band_rows = [r for rows in datasets.values() for r in rows if "from" in r]
    assert band_rows == [{"from": -3, "to": 3, "what": "seen"}]


def test_probability_bars_group_the_models_per_digit_on_a_zero_to_one_axis():
    probs = {"MLP": tuple([0.1] * 10), "CNN": tuple([0.0] * 9 + [1.0])}
    spec = charts.probability_bars(
        probs, digit="digit", probability_axis="p", model="model"
    ).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["xOffset"]["field"] == "model"
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    rows = data(spec)
    assert len(rows) == 20 and {"digit": 9, "probability": 1.0, "model": "CNN"} in rows


def test_heatmaps_put_each_map_in_its_own_column_with_pixel_tooltips():
    a, b = torch.zeros(4, 5), torch.ones(4, 5)
    spec = charts.heatmaps([("left", a), ("right", b)], value_title="value").to_dict()
    assert spec["spec"]["mark"]["type"] == "rect"
    assert spec["facet"]["column"]["sort"] == ["left", "right"]
    assert spec["spec"]["encoding"]["color"]["scale"]["domain"] == [0, 1]
    rows = data(spec)
    assert len(rows) == 40 and {"x": 4, "y": 3, "value": 1.0, "map": "right"} in rows


def test_feature_map_heatmaps_use_a_symmetric_diverging_scale():
    m = torch.tensor([[-2.0, 0.5], [1.0, 0.0]])
    spec = charts.heatmaps([("map", m)], value_title="a", diverging=True).to_dict()
    scale = spec["spec"]["encoding"]["color"]["scale"]
    assert scale["domain"] == [-2.0, 2.0] and scale["scheme"] == "blueorange"


def test_pooled_bars_pair_the_centred_and_shifted_vector_per_channel():
    spec = charts.pooled_bars(
        (1.0, 2.0), (1.0, 1.5), ("centred", "shifted"), x_title="c", y_title="v"
    ).to_dict()
    rows = data(spec)
    assert {"channel": 1, "value": 1.5, "input": "shifted"} in rows and len(rows) == 4


def test_the_drawn_strip_shows_each_range_on_its_whole_slider_with_the_draws_inside():
    steps = [
        ("rotate", {"p": 0.5, "degrees": (-90.0, 0.0)}),
        ("hflip", {}),
        ("noise", {}),
        ("blur", {"sigma": (0.1, 5.0)}),
    ]
    grid = sample_grid(sample_images.sample_image("shapes"), steps, 8, seed=1)
    spec = charts.drawn_strip(grid, fired="on", missed="off", chosen="yours", slider="s").to_dict()
    band, dots = spec["layer"]
    assert band["mark"]["type"] == "bar" and dots["mark"]["type"] == "point"
    assert dots["encoding"]["x"]["scale"]["domain"] == [0, 1]  # each row is its whole slider
    # One row per *range* drawn as itself (rotate.degrees, blur.sigma): hflip draws nothing,
    # noise's sigma is fixed, erase turns its ranges into a box.
    assert dots["encoding"]["y"]["sort"] == ["rotate.degrees", "blur.sigma"]
    bands = spec["datasets"][band["data"]["name"]]
    assert [(b["from"], b["to"]) for b in bands] == [(0.25, 0.5), (0.0, 1.0)]
    assert bands[0]["range"] == "-90 … 0" and bands[0]["slider"] == "-180 … 180"
    rows = [r for r in spec["datasets"][dots["data"]["name"]] if r["parameter"] == "rotate.degrees"]
    assert len(rows) == 8 and all(-90 <= r["value"] <= 0 and 0.25 <= r["at"] <= 0.5 for r in rows)
    fired = [d.fired for row in grid.drawn for d in row if d.name == "rotate"]
    assert [r["status"] == "on" for r in rows] == fired
    assert sum(fired) not in (0, 8)  # p = 0.5 over 8 samples: both kinds of dot appear


def test_no_strip_when_nothing_was_drawn_from_a_range():
    grid = sample_grid(sample_images.sample_image("shapes"), [("hflip", {})], 2, seed=1)
    assert charts.drawn_strip(grid, fired="on", missed="off", chosen="c", slider="s") is None


def test_the_equivariance_view_stacks_inputs_feature_maps_and_pooled_vectors():
    untrained = {
        key: RunResult(
            *key,
            {},
            (),
            0.0,
            {
                name: w.tolist()
                for name, w in invariance.build_model(key[0], 8, 0).state_dict().items()
            },
        )
        for key in invariance_probe.RUNS
    }
    look = invariance_probe.look(untrained, 8, 4, 2, "x", seed=0)
    spec = charts.equivariance_view(
        look, 3, ("here", "there"), pixel="px", activation="act", channel="ch", pooled="pool"
    ).to_dict()
    inputs, maps, bars = spec["vconcat"]
    assert inputs["facet"]["column"]["sort"] == ["here", "there"]
    assert maps["facet"]["column"]["sort"] == ["here → conv[3]", "there → conv[3]"]
    assert maps["spec"]["encoding"]["color"]["scale"]["scheme"] == "blueorange"
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["title"] == "pool"
