"""The augmentation charts, read through their Vega-Lite specs with the rows inlined."""

import torch

from charts import augment as charts
from charts import augment_probe
from charts.named import with_data
from lib.augmentation import invariance
from lib.augmentation import probe as invariance_probe
from lib.augmentation import samples as sample_images
from lib.augmentation.invariance import EVAL_SHIFT, RunResult
from lib.augmentation.pipeline import sample_grid

SHIFTS = 2 * EVAL_SHIFT + 1


def run(kind: str, augment: bool, level: float) -> RunResult:
    acc = tuple(level for _ in range(SHIFTS))
    return RunResult(kind, augment, {"x": acc, "y": acc, "xy": acc}, (1.0,), 0.1, {})


def full(chart, rows) -> dict:
    return with_data(chart, rows).to_dict()  # validated against the Vega-Lite schema


TRAINING = {False: "centred", True: "shifted ±3"}
ACCURACY_WORDS = dict(shift_axis="shift", accuracy="accuracy", model="model", training_data="t")


def test_accuracy_lines_have_fixed_axes_a_band_for_the_augmented_range_and_a_chance_line():
    results = [run("mlp", False, 0.2), run("mlp", True, 0.8), run("cnn", False, 0.9)]
    rows = charts.accuracy_data(results, "x", TRAINING, 3, band="seen", chance="chance")
    chart = charts.accuracy_vs_shift(training=("centred", "shifted ±3"), **ACCURACY_WORDS)
    spec = full(chart, rows)
    band, floor, band_label, floor_label, lines, points = spec["layer"]
    assert band["mark"]["type"] == "rect" and floor["mark"]["type"] == "rule"
    for label, data in ((band_label, "band"), (floor_label, "chance")):  # named on the chart
        assert label["mark"]["type"] == "text" and label["data"]["name"] == data
        assert label["encoding"]["text"]["field"] == "what"
    assert lines["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert points["encoding"]["shape"]["field"] == "training"  # the legend for training data
    enc = lines["encoding"]
    assert enc["y"]["scale"]["domain"] == [0, 1]
    assert enc["x"]["scale"]["domain"] == [-EVAL_SHIFT, EVAL_SHIFT]
    assert enc["color"]["field"] == "model" and enc["strokeDash"]["field"] == "training"
    assert enc["strokeDash"]["title"] == points["encoding"]["shape"]["title"]  # one legend
    assert {t["field"] for t in enc["tooltip"]} >= {"model", "shift", "accuracy"}
    assert enc["strokeDash"]["scale"]["domain"] == ["centred", "shifted ±3"]  # solid, dashed
    datasets = spec["datasets"]
    assert {layer["data"]["name"] for layer in spec["layer"]} == {"band", "chance", "accuracy"}
    assert len(datasets["accuracy"]) == 3 * SHIFTS
    assert {(r["model"], r["training"]) for r in datasets["accuracy"]} == {
        ("MLP", "centred"),
        ("MLP", "shifted ±3"),
        ("CNN", "centred"),
    }
    assert datasets["band"] == [{"from": -3, "to": 3, "what": "seen"}]
    assert datasets["chance"] == [{"accuracy": 0.1, "what": "chance"}]


def test_the_accuracy_spec_does_not_depend_on_the_numbers():
    chart = charts.accuracy_vs_shift(training=("a", "b"), **ACCURACY_WORDS).to_dict()
    assert "datasets" not in chart and "values" not in str(chart)


def test_probability_bars_group_the_models_per_digit_on_a_zero_to_one_axis():
    probs = {"MLP": tuple([0.1] * 10), "CNN": tuple([0.0] * 9 + [1.0])}
    chart = charts.probability_bars(models=tuple(probs), digit="d", probability_axis="p", model="m")
    spec = full(chart, charts.probability_data(probs))
    assert spec["mark"]["type"] == "bar" and spec["data"] == {"name": "beliefs"}
    assert spec["encoding"]["xOffset"]["field"] == "model"
    assert spec["encoding"]["xOffset"]["sort"] == ["MLP", "CNN"]
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    rows = spec["datasets"]["beliefs"]
    assert len(rows) == 20 and {"digit": 9, "probability": 1.0, "model": "CNN"} in rows


def heatmap_spec(maps, **opts) -> dict:
    chart = augment_probe.heatmaps("maps", value_title="value", **opts)
    return full(chart, {"maps": augment_probe.heatmap_rows(maps)})


def test_heatmaps_put_each_map_in_its_own_column_with_pixel_tooltips():
    a, b = torch.zeros(4, 5), torch.ones(4, 5)
    spec = heatmap_spec([("left", a), ("right", b)])
    assert spec["spec"]["mark"]["type"] == "rect"
    assert spec["facet"]["column"]["sort"] == {"field": "panel", "op": "min"}  # left, right
    assert spec["spec"]["encoding"]["color"]["scale"]["domain"] == [0, 1]
    assert {t["field"] for t in spec["spec"]["encoding"]["tooltip"]} == {"x", "y", "value"}
    rows = spec["datasets"]["maps"]
    assert len(rows) == 40
    assert {"x": 4, "y": 3, "value": 1.0, "map": "right", "panel": 1, "limit": 1.0} in rows


def test_feature_map_heatmaps_use_a_symmetric_diverging_scale_read_from_the_rows():
    m = torch.tensor([[-2.0, 0.5], [1.0, 0.0]])
    spec = heatmap_spec([("map", m)], diverging=True)
    scale = spec["spec"]["encoding"]["color"]["scale"]
    assert scale["scheme"] == "blueorange"
    assert scale["domain"] == {"expr": "[-data('maps')[0].limit, data('maps')[0].limit]"}
    assert {r["limit"] for r in spec["datasets"]["maps"]} == {2.0}
    flat = augment_probe.heatmap_rows([("zero", torch.zeros(2, 2))])
    assert set(flat["limit"]) == {1.0}  # all zero: a scale that is not empty


def test_pooled_bars_pair_the_centred_and_shifted_vector_per_channel():
    chart = augment_probe.pooled_bars("pooled", x_title="c", y_title="v")
    rows = augment_probe.pooled_rows((1.0, 2.0), (1.0, 1.5), ("centred", "shifted"))
    spec = full(chart, {"pooled": rows})
    assert spec["encoding"]["xOffset"]["sort"] == {"field": "panel", "op": "min"}
    data = spec["datasets"]["pooled"]
    assert {"channel": 1, "value": 1.5, "input": "shifted", "panel": 1} in data and len(data) == 4


STRIP_WORDS = dict(fired="on", missed="off", slider="s")


def test_the_drawn_strip_shows_each_range_on_its_whole_slider_with_the_draws_inside():
    steps = [
        ("rotate", {"p": 0.5, "degrees": (-90.0, 0.0)}),
        ("hflip", {}),
        ("noise", {}),
        ("blur", {"sigma": (0.1, 5.0)}),
    ]
    grid = sample_grid(sample_images.sample_image("shapes"), steps, 8, seed=1)
    rows = charts.strip_data(grid, fired="on", missed="off", chosen="yours")
    spec = full(charts.drawn_strip(**STRIP_WORDS), rows)
    band, dots = spec["layer"]
    assert band["mark"]["type"] == "bar" and dots["mark"]["type"] == "point"
    assert dots["encoding"]["x"]["scale"]["domain"] == [0, 1]  # each row is its whole slider
    # Rows in the pipeline's order, read from the data: the spec stays when the numbers change.
    assert dots["encoding"]["y"]["sort"] == {"field": "order", "op": "min"}
    assert band["encoding"]["y"]["sort"] == dots["encoding"]["y"]["sort"]
    # One row per *range* drawn as itself (rotate.degrees, blur.sigma): hflip draws nothing,
    # noise's sigma is fixed, erase turns its ranges into a box.
    bands = spec["datasets"][band["data"]["name"]]
    assert [(b["parameter"], b["order"]) for b in bands] == [
        ("rotate.degrees", 0),
        ("blur.sigma", 1),
    ]
    assert [(b["from"], b["to"]) for b in bands] == [(0.25, 0.5), (0.0, 1.0)]
    assert bands[0]["range"] == "-90 … 0" and bands[0]["slider"] == "-180 … 180"
    assert bands[0]["what"] == "yours"
    draws = spec["datasets"][dots["data"]["name"]]
    rows = [r for r in draws if r["parameter"] == "rotate.degrees"]
    assert len(rows) == 8 and all(-90 <= r["value"] <= 0 and 0.25 <= r["at"] <= 0.5 for r in rows)
    assert {r["order"] for r in rows} == {0}
    fired = [d.fired for row in grid.drawn for d in row if d.name == "rotate"]
    assert [r["status"] == "on" for r in rows] == fired
    assert sum(fired) not in (0, 8)  # p = 0.5 over 8 samples: both kinds of dot appear
    tips = {t["field"] for t in dots["encoding"]["tooltip"]}
    assert tips == {"sample", "parameter", "value", "status"}


def test_the_strip_spec_holds_no_numbers_only_named_data():
    spec = charts.drawn_strip(**STRIP_WORDS).to_dict()
    assert "datasets" not in spec and "values" not in str(spec)
    assert [layer["data"]["name"] for layer in spec["layer"]] == ["bands", "draws"]


def test_no_strip_when_nothing_was_drawn_from_a_range():
    grid = sample_grid(sample_images.sample_image("shapes"), [("hflip", {})], 2, seed=1)
    assert charts.strip_data(grid, fired="on", missed="off", chosen="c") == {}


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
    rows = augment_probe.equivariance_data(look, 3, ("here", "there"))
    words = dict(pixel="px", activation="act", channel="ch", pooled="pool")
    spec = full(augment_probe.equivariance_view(**words), rows)
    inputs, maps, bars = spec["vconcat"]
    assert [part["data"]["name"] for part in (inputs, maps, bars)] == ["inputs", "maps", "pooled"]
    assert maps["spec"]["encoding"]["color"]["scale"]["scheme"] == "blueorange"
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["title"] == "pool"
    titles = {r["panel"]: r["map"] for r in spec["datasets"]["maps"]}
    assert titles == {0: "here → conv[3]", 1: "there → conv[3]"}
    assert {r["panel"]: r["map"] for r in spec["datasets"]["inputs"]} == {0: "here", 1: "there"}
    assert len(spec["datasets"]["inputs"]) == 2 * 24 * 24
    assert len(spec["datasets"]["pooled"]) == 2 * len(look.eq.pooled)


def test_a_model_keeps_its_colour_from_the_accuracy_chart_to_the_probability_bars():
    accuracy = charts.accuracy_vs_shift(training=("c", "s"), **ACCURACY_WORDS).to_dict()
    colour = accuracy["layer"][-1]["encoding"]["color"]["scale"]
    of_model = dict(zip(colour["domain"], colour["range"], strict=True))
    models = ("MLP · c", "MLP · s", "CNN · c", "CNN · s")
    bars = charts.probability_bars(models=models, digit="d", probability_axis="p", model="m")
    scale = bars.to_dict()["encoding"]["color"]["scale"]
    given = dict(zip(scale["domain"], scale["range"], strict=True))
    assert given["MLP · c"] == of_model["MLP"] and given["CNN · c"] == of_model["CNN"]
    assert len(set(given.values())) == 4  # the augmented run of each model in its own shade
    assert given["MLP · s"] != of_model["CNN"] and given["CNN · s"] != of_model["MLP"]
