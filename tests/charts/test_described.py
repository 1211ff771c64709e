"""Each chart's description quotes the numbers that carry its lesson, computed here again from
the same inputs with numpy or closed forms (never read back from the describer's own helpers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from charts import activations, broadcasting, convolution, data, dtypes, losses, softmax, training
from charts.described import Sentence, describer_of
from lib.activations.curves import at_point, curve
from lib.softmax import formulas as sm
from ui.chart import words

TEXT = {k: k for k in ("saturated", "sensitive", "threshold", "neuron", "plain", "bce", "logits")}


def params(sentence: Sentence) -> dict:
    return dict(sentence.params)


def test_every_builder_a_page_draws_has_a_describer():
    builders = [
        activations.function_chart,
        activations.strip_chart,
        activations.neuron_chart,
        softmax.probabilities,
        softmax.gradient,
        losses.curve_chart,
        losses.trap_chart,
        losses.batch_chart,
        convolution.sweep_chart,
        convolution.overlap_chart,
        convolution.field_chart,
        data.batch_grid,
        data.memory,
        dtypes.z_chart,
        training.losses,
    ]
    assert all(describer_of(b) for b in builders)


def test_sigmoid_is_saturated_outside_about_minus_two_point_nine_to_two_point_nine():
    """σ′(x) = σ(x)(1 − σ(x)) ≥ 0.05 exactly where |x| ≤ 2·acosh(√5)... solved here numerically
    on a fine grid: the saturated share of [−6, 6] is 1 − (2·2.887)/12 ≈ 52 %."""
    c = curve("sigmoid", -6.0, 6.0, 0.05)
    rows = activations.function_rows([c], {"sigmoid": at_point("sigmoid", 1.0)}, 1.0, 0.05, TEXT)
    x = np.linspace(-6, 6, 1_200_001)
    s = 1 / (1 + np.exp(-x))
    sensitive = (s * (1 - s) >= 0.05).mean()
    said = describer_of(activations.function_chart)(
        rows["f"], field="f", names=("sigmoid",), lo=-6.0, hi=6.0, text=TEXT
    )
    assert params(said)["share"] == pytest.approx(1 - sensitive, abs=2e-3)
    slope = describer_of(activations.function_chart)(
        rows["df"], field="df", names=("sigmoid",), lo=-6.0, hi=6.0, text=TEXT
    )
    assert params(slope)["peak"] == pytest.approx(0.25, abs=1e-6)  # σ′(0) = 1/4
    assert params(slope)["at"] == pytest.approx(0.0, abs=0.03)
    assert params(slope)["thr"] == 0.05
    english = words(slope, "en")
    assert "0.250" in english and "±0.05" in english


def test_the_softmax_gradient_sentence_gives_p_minus_one_for_the_true_class():
    """∂CE/∂u = softmax(u) − onehot(y): the true class gets p_y − 1, the others sum to 1 − p_y."""
    u = [2.0, 1.0, 0.1]
    p = np.exp(u) / np.exp(u).sum()
    r = sm.compare(u)
    rows = softmax.gradient_rows(sm.gradient(r, 2), 2)
    said = params(softmax.describe_gradient(rows, names={}))
    assert said["y"] == 2
    assert said["gy"] == pytest.approx(p[2] - 1, abs=1e-6)
    assert said["rest"] == pytest.approx(1 - p[2], abs=1e-6)
    assert said["gap"] < 1e-6


def test_an_overflowed_naive_softmax_is_said_to_have_no_bars():
    u = np.array([1000.0, 0.0, -1000.0], np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(u) / np.exp(u).sum()  # inf / inf for the largest logit
    r = sm.compare(u.tolist(), 1.0, torch.float32)
    names = {k: k for k in softmax.NAMES}
    said = softmax.describe_probabilities(softmax.probability_rows(r, names), names=names)
    series = {s.params["series"]: s for s in params(said)["series"]}
    assert series["naive"].key == "softmax.describe.series_missing"
    assert series["naive"].params["n"] == int((~np.isfinite(naive)).sum()) == 1
    assert series["torch.softmax"].params["top"] == "1"


def test_the_batch_sentence_quotes_both_ends_of_each_reduction():
    sizes = [1, 2, 4, 8, 16, 32, 64]
    mean = [3.0] * 7
    total = [3.0 * n for n in sizes]
    said = params(losses.describe_batch(losses.batch_rows(sizes, mean, total, {}), text={}))
    assert (said["small"], said["large"]) == (1, 64)
    assert (said["mean0"], said["mean1"]) == (3.0, 3.0)
    assert (said["sum0"], said["sum1"]) == (3.0, 192.0)


def test_the_z_sentence_counts_the_values_inside_one_standard_deviation():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    torch_z = (x - x.mean()) / x.std(ddof=1)
    numpy_z = (x - x.mean()) / x.std()
    rows = {
        "z": pd.DataFrame(
            [{"who": "torch", "z": z} for z in torch_z]
            + [{"who": "numpy", "z": z} for z in numpy_z]
        ),
        "band": pd.DataFrame({"lo": [-1.0], "hi": [1.0]}),
    }
    said = params(dtypes.describe_z(rows, x_title="z", band="band", height=100))
    assert said["n"] == 50
    by = {r.params["who"]: r.params for r in said["rows"]}
    assert by["torch"]["inside"] == pytest.approx(np.mean(np.abs(torch_z) <= 1))
    assert by["numpy"]["high"] == pytest.approx(numpy_z.max())


def test_the_batch_grid_sentence_lists_each_epochs_batches_and_what_was_dropped():
    rows = data.grid_rows([("epoch 1", [[3, 0], [2, 4]], [1])])
    said = describer_of(data.batch_grid)(rows, n=5, words={})
    row = said.params["rows"][0]
    assert row.key == "data.describe.grid_row_dropped"
    assert row.params["batches"] == "[3, 0] [2, 4]"
    assert row.params["dropped"] == ("1",)


def test_the_transposed_overlap_sentence_counts_products_per_output_cell():
    """A 3×3 kernel at stride 2 over a 3×3 input: output cells sum 1, 2 or 4 products."""
    counts = np.zeros((7, 7), int)
    for i in range(3):
        for j in range(3):
            counts[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] += 1
    rows = {
        "cv_overlap": pd.DataFrame(
            [dict(x=j, y=i, count=int(counts[i, j])) for i in range(7) for j in range(7)]
        )
    }
    said = params(convolution.describe_overlap(rows, title="t", most=4, height=100))
    assert (said["n"], said["low"], said["high"]) == (49, 1, 4)
    assert said["at_high"] == int((counts == 4).sum())


def test_the_pairs_sentence_separates_the_wanted_diagonal_from_the_broadcast_rest():
    pred, target = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.5, 2.0, 2.0])
    diff = pred[:, None] - target[None, :]
    chart = broadcasting.pairs(diff, "t", "wanted", "unwanted")
    said = chart.usermeta["sentence"]["params"]
    assert said["wanted"] == ("-0.50", "0.00", "1.00")
    off = diff[~torch.eye(3, dtype=bool)]
    assert (said["low"], said["high"]) == (float(off.min()), float(off.max()))


def test_a_live_training_chart_keeps_one_sentence_while_the_numbers_move():
    names = {"train": "train", "validation": "val", "best": "best"}
    rows = {
        "now": pd.DataFrame(
            [
                {"epoch": e, "split": s, "value": v, "run": ""}
                for e in range(3)
                for s, v in (("train", 1 / (e + 1)), ("val", 2 / (e + 1)))
            ]
        ),
        "past": pd.DataFrame(columns=["epoch", "split", "value", "run"]),
        "best": pd.DataFrame([{"epoch": 2, "value": 2 / 3}]),
    }
    live = training.describe_losses(rows, names=names, classify=True, log=False, live=True)
    paused = training.describe_losses(rows, names=names, classify=True, log=False, live=False)
    assert live.key.endswith("_live") and "epoch" not in live.params
    assert params(paused)["train"] == pytest.approx(1 / 3)
    assert params(paused)["validation"] == pytest.approx(2 / 3)
    assert params(paused)["best"] == 2


@pytest.mark.parametrize("lang", ["en", "zh-TW", "zh-CN"])
def test_nested_sentences_are_put_in_words_in_each_language(lang):
    inner = (Sentence("losses.describe.at", {"name": "MSELoss", "value": 0.5}),) * 2
    outer = Sentence("losses.describe.curve_loss", {"lo": -1, "hi": 1, "x0": 0.25, "at": inner})
    text = words(outer, lang)
    assert text.count("MSELoss") == 2 and "0.25" in text and "{" not in text


@pytest.mark.parametrize(("lang", "comma"), [("en", ", "), ("zh-TW", "、"), ("zh-CN", "、")])
def test_a_list_of_names_is_written_with_the_reader_s_enumeration_comma(lang, comma):
    """Chinese lists items with 、, not ", " (the described charts once used ", " everywhere)."""
    rows = data.grid_rows([("epoch 1", [[3, 0]], [1, 4])])
    said = describer_of(data.batch_grid)(rows, n=4, words={})
    text = words(said.params["rows"][0], lang)
    assert f"1{comma}4" in text
