"""The notes' claim, measured: an MLP is not translation invariant, augmentation helps, and a
CNN's feature maps move with its input while its pooled vector stays."""

import functools

import pytest
import torch

from lib.augmentation import code as augment_code
from lib.augmentation import invariance
from lib.augmentation import probe as invariance_probe
from lib.augmentation.invariance import Config
from lib.common.errors import InputError

FAST = Config(per_class=40, epochs=8, hidden=64, aug_shift=3, seed=0)  # ~1 s per MLP run


@functools.cache
def mlp(augment: bool) -> invariance.RunResult:
    return invariance.train_run(FAST, "mlp", augment)


def test_the_glyphs_are_ten_centred_digits_with_seeded_variation():
    images, labels = invariance.make_glyphs(5, seed=1)
    assert images.shape == (50, 1, 24, 24) and labels.bincount().tolist() == [5] * 10
    ink_rows = invariance.glyph(8)[0].sum(1).nonzero()
    assert ink_rows.min() + ink_rows.max() == 23  # vertically centred on the 24-pixel canvas
    again, _ = invariance.make_glyphs(5, seed=1)
    assert torch.equal(images, again)
    assert not torch.equal(images, invariance.make_glyphs(5, seed=2)[0])


def moved(img: torch.Tensor, dx: int, dy: int) -> torch.Tensor:
    """The glyph moved by (dx, dy) with zeros coming in: torch.roll plus a cleared border."""
    out = torch.roll(img, shifts=(dy, dx), dims=(-2, -1))
    if dy > 0:
        out[..., :dy, :] = 0
    elif dy < 0:
        out[..., dy:, :] = 0
    if dx > 0:
        out[..., :, :dx] = 0
    elif dx < 0:
        out[..., :, dx:] = 0
    return out


def test_the_augmented_dataset_shifts_each_read_by_a_fresh_amount_within_range():
    images, labels = invariance.make_glyphs(1, seed=0)
    data = invariance.Glyphs(images, labels, max_shift=2, seed=0)
    reads = [data[3][0] for _ in range(12)]
    assert (
        len({r.sum(2).argmax().item() for r in reads} | {r.sum(1).argmax().item() for r in reads})
        > 1
    )
    # Each read is the glyph moved by some (dx, dy) within ±2 on both axes, nothing else.
    moves = [(dx, dy) for dx in range(-2, 3) for dy in range(-2, 3)]
    for r in reads:
        assert any(torch.equal(r, moved(images[3], dx, dy)) for dx, dy in moves)
    centred = invariance.Glyphs(images, labels, max_shift=0, seed=0)
    assert torch.equal(centred[3][0], images[3])


def test_mlp_accuracy_falls_as_the_glyph_moves_away_from_where_it_was_trained():
    r = mlp(False)
    assert r.at("x", 0) >= 0.9
    assert r.at("x", 3) <= 0.5 and r.at("y", 3) <= 0.5 and r.at("xy", 3) <= 0.5
    assert r.at("x", 6) < r.at("x", 1)


def test_random_shift_augmentation_raises_the_mlps_accuracy_on_shifted_glyphs():
    plain, augmented = mlp(False), mlp(True)
    for axis in ("x", "y"):
        for s in (2, 3):
            assert augmented.at(axis, s) >= plain.at(axis, s) + 0.2, (axis, s)


def test_training_is_repeatable_from_the_seed():
    small = Config(per_class=10, epochs=1, seed=5)
    a, b = invariance.train_run(small, "mlp", True), invariance.train_run(small, "mlp", True)
    assert a.accuracy == b.accuracy and a.losses == b.losses and a.state == b.state
    assert (
        invariance.train_run(Config(per_class=10, epochs=1, seed=6), "mlp", True).state != a.state
    )


def test_the_cnn_feature_map_moves_exactly_with_its_input_and_the_pooled_vector_barely():
    cnn = invariance.build_model("cnn", 64, seed=0)  # equivariance needs no training
    img = invariance_probe.example(2, 0, "x", seed=0)
    for shift, axis in [(2, "x"), (-4, "y"), (3, "xy")]:
        eq = invariance_probe.equivariance(cnn, img, shift, axis)
        assert eq.map_error < 1e-6
        assert eq.maps.shape == (8, 24, 24)
    assert invariance_probe.equivariance(cnn, img, 2, "x").pooled_change < 0.05
    assert invariance_probe.equivariance(cnn, img, 0, "x").pooled_change == 0


def test_the_mlps_hidden_layer_changes_far_more_than_the_cnns_pooled_vector():
    model = invariance_probe.load_model(mlp(False), FAST.hidden)
    cnn = invariance.build_model("cnn", 64, seed=0)
    img = invariance_probe.example(5, 0, "x", seed=0)
    assert (
        invariance_probe.hidden_change(model, img, 4, "x")
        > 3 * invariance_probe.equivariance(cnn, img, 4, "x").pooled_change
    )


def test_a_trained_model_comes_back_from_its_plain_numbers_with_the_same_beliefs():
    r = mlp(False)
    model = invariance_probe.load_model(r, FAST.hidden)
    probs = invariance_probe.probabilities(model, invariance_probe.example(7, 0, "x", 0))
    assert sum(probs) == pytest.approx(1.0) and max(range(10), key=probs.__getitem__) == 7


@pytest.mark.parametrize(
    ("config", "key"),
    [
        (Config(per_class=1000), "aug_config"),
        (Config(epochs=0), "aug_config"),
        (Config(hidden=100_000), "aug_config"),
        (Config(aug_shift=0), "aug_config"),
    ],
)
def test_training_is_bounded(config, key):
    with pytest.raises(InputError) as err:
        invariance.train_run(config, "mlp", False)
    assert err.value.key == key


def test_unknown_models_and_examples_are_refused():
    with pytest.raises(InputError):
        invariance.build_model("transformer", 8, 0)
    with pytest.raises(InputError):
        invariance_probe.example(10, 0, "x", 0)
    with pytest.raises(InputError):
        invariance_probe.example(1, 9, "x", 0)


def test_the_experiment_code_panel_reproduces_the_pages_numbers():
    small = Config(per_class=10, epochs=1, hidden=16, aug_shift=2, seed=3)
    namespace = {"__name__": "__main__"}
    exec(augment_code.experiment_code(small, "y"), namespace)
    for kind in ("mlp", "cnn"):
        for augment in (False, True):
            page = invariance.train_run(small, kind, augment)
            assert namespace["accuracy"][kind, augment] == page.accuracy


def test_a_probe_rebuilds_every_model_and_the_summary_quotes_the_measured_accuracies():
    runs = {("mlp", False): mlp(False), ("mlp", True): mlp(True)}
    cnn = invariance.train_run(Config(per_class=10, epochs=1), "cnn", False)
    runs |= {("cnn", False): cnn, ("cnn", True): cnn}
    look = invariance_probe.look(runs, FAST.hidden, 6, 3, "x", seed=0)
    assert torch.equal(look.moved, invariance.shifted(look.image, 3, "x"))
    assert set(look.beliefs) == set(invariance_probe.RUNS) and look.eq.map_error < 1e-6
    s = invariance_probe.summary(runs, "x", 3, look, 3)
    assert s["ak"] == mlp(False).at("x", 3) and s["aug_k"] == mlp(True).at("x", 3)
    assert s["far"] == 5 and s["best"] == max(s["acc"], key=s["acc"].get)
    assert s["hc"] == look.hidden_change


def test_training_never_draws_from_torchs_global_generator():
    before = torch.random.get_rng_state()
    invariance.train_run(Config(per_class=10, epochs=1), "cnn", True)
    assert torch.equal(before, torch.random.get_rng_state())  # every session shares that one
