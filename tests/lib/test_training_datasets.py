"""The seeded 2-D data sets: reproducible, labelled by their own rule, split without overlap."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.training import data as datasets


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_the_same_seed_draws_the_same_points_and_another_seed_does_not(name):
    a = datasets.make_split(name, 200, 0.2, 0.5, seed=7)
    b = datasets.make_split(name, 200, 0.2, 0.5, seed=7)
    c = datasets.make_split(name, 200, 0.2, 0.5, seed=8)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_val, b.y_val)
    assert not torch.equal(a.x_train, c.x_train)


def test_drawing_data_never_touches_the_global_generator():
    before = torch.random.get_rng_state()
    for name in datasets.DATASETS:
        datasets.make_split(name, 100, 0.3, 0.3, seed=1)
    assert torch.equal(torch.random.get_rng_state(), before)


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_classification_labels_are_class_indices_and_regression_targets_a_column(name):
    data = datasets.make_split(name, 120, 0.1, 0.25, seed=0, classes=4)
    assert data.x_train.dtype == torch.float32 and data.x_train.shape[1] == 2
    if name in datasets.REGRESSION:
        assert data.task == "regression" and data.classes == 1
        assert data.y_train.dtype == torch.float32 and data.y_train.shape == (90, 1)
    else:
        assert data.y_train.dtype == torch.int64 and data.y_train.ndim == 1
        assert set(data.y_train.tolist()) | set(data.y_val.tolist()) == set(range(data.classes))
        assert data.task == ("multiclass" if name == "blobs" else "binary")


def test_without_noise_the_circle_is_class_one_inside_and_zero_outside():
    g = torch.Generator().manual_seed(3)
    x, y = datasets.circle(400, 0.0, g)
    r = x.norm(dim=1)
    assert torch.all(r[y == 1] <= 2.5) and torch.all(r[y == 0] >= 3.5)


def test_without_noise_xor_is_class_one_where_the_signs_agree():
    x, y = datasets.xor(400, 0.0, torch.Generator().manual_seed(3))
    assert torch.equal(y, (x[:, 0] * x[:, 1] > 0).long())


def test_blobs_deal_the_classes_round_robin_around_their_centres():
    x, y = datasets.blobs(600, 0.0, torch.Generator().manual_seed(3), classes=5)
    assert torch.equal(y, torch.arange(600) % 5)
    centres = torch.stack([x[y == k].mean(0) for k in range(5)])
    assert torch.allclose(centres.norm(dim=1), torch.full((5,), 3.5), atol=0.2)


def test_the_plane_target_is_the_plane_when_there_is_no_noise():
    x, y = datasets.plane(50, 0.0, torch.Generator().manual_seed(0))
    assert torch.allclose(y[:, 0], (x[:, 0] + x[:, 1]) / 10)


@given(
    name=st.sampled_from(datasets.DATASETS),
    points=st.integers(datasets.MIN_POINTS, 400),
    val=st.floats(datasets.MIN_VAL, datasets.MAX_VAL),
    noise=st.floats(0, datasets.MAX_NOISE),
    seed=st.integers(0, 1000),
)
def test_the_split_keeps_every_point_once_and_holds_out_the_asked_share(
    name, points, val, noise, seed
):
    data = datasets.make_split(name, points, noise, val, seed)
    n_val = len(data.x_val)
    assert n_val + len(data.x_train) == points
    assert n_val == min(max(round(points * val), 1), points - 1)
    # the split is a permutation of what the generator drew
    g = torch.Generator().manual_seed(seed)
    x, _ = datasets.GENERATORS[name](points, noise, g)
    together = torch.cat([data.x_train, data.x_val])
    assert torch.equal(together.sort(dim=0).values, x.sort(dim=0).values)
    assert torch.isfinite(together).all()


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"name": "moon"}, "tr_dataset"),
        ({"points": 5}, "tr_points"),
        ({"points": 10**9}, "tr_points"),
        ({"noise": 0.9}, "tr_noise"),
        ({"val_fraction": 1.0}, "tr_val"),
        ({"classes": 40}, "tr_classes"),
        ({"seed": -1}, "tr_seed"),
    ],
)
def test_out_of_bounds_settings_are_refused_in_one_sentence(kwargs, key):
    args = {"name": "blobs", "points": 100, "noise": 0.1, "val_fraction": 0.5, "seed": 0}
    with pytest.raises(InputError) as err:
        datasets.make_split(**{**args, **kwargs})
    assert err.value.key == key and str(err.value).endswith(".")


def test_a_new_seed_is_always_another_valid_seed():
    seed = 0
    for _ in range(100):
        new = datasets.next_seed(seed)
        assert new != seed and 0 <= new <= datasets.MAX_SEED
        seed = new


def test_every_point_starts_inside_the_square_the_heatmap_draws():
    for name in ("circle", "xor", "spiral", "moons", "plane", "sine"):
        data = datasets.make_split(name, 500, 0.0, 0.5, 0)
        assert data.x_train.abs().max() <= datasets.LIMIT + 1e-6, name
    assert math.isclose(datasets.LIMIT, 6.0)
