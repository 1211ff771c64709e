"""The batches a DataLoader yields, against a slow spec of what its samplers draw."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.data import batches
from lib.data.loader import LoaderConfig, class_balance, make_loader, parse_indices, run


def spec_batches(n, batch_size, shuffle, drop_last, seed, epochs):
    """Written from RandomSampler / BatchSampler / _BaseDataLoaderIter as the docs describe
    them: per epoch the loader's iterator takes one int64 from the generator (the workers' base
    seed); the sampler then yields one randperm(n) and, as the batch sampler runs it dry, draws
    a second randperm for its (empty) remainder. Batches are consecutive slices."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(epochs):
        order = list(range(n))
        if shuffle:
            torch.empty((), dtype=torch.int64).random_(generator=g)
            order = torch.randperm(n, generator=g).tolist()
            torch.randperm(n, generator=g)
        chunks = [order[i : i + batch_size] for i in range(0, n, batch_size)]
        if drop_last and chunks and len(chunks[-1]) < batch_size:
            chunks.pop()
        out.append(chunks)
    return out


@settings(max_examples=40)
@given(
    n=st.integers(1, 40),
    data=st.data(),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
    epochs=st.integers(1, 3),
)
def test_batches_follow_the_sampler_spec(n, data, shuffle, drop_last, seed, epochs):
    b = data.draw(st.integers(1, n))
    got = batches(n, b, shuffle, drop_last, seed, epochs)
    assert got == spec_batches(n, b, shuffle, drop_last, seed, epochs)
    for epoch in got:
        assert len(epoch) == (n // b if drop_last else math.ceil(n / b))
        flat = [i for batch in epoch for i in batch]
        assert len(flat) == len(set(flat))  # no sample twice in an epoch
        if not drop_last:
            assert sorted(flat) == list(range(n))


def test_the_first_shuffled_epoch_is_not_the_naive_randperm_of_the_seed():
    naive = torch.randperm(12, generator=torch.Generator().manual_seed(0)).tolist()
    first = [i for b in batches(12, 4, True, False, 0)[0] for i in b]
    assert sorted(first) == list(range(12)) and first != naive


def test_epochs_differ_but_the_same_seed_repeats_them():
    a = batches(30, 4, True, False, 7, epochs=3)
    assert a == batches(30, 4, True, False, 7, epochs=3)
    assert a[0] != a[1] != a[2]


def test_class_balance_gives_each_class_the_same_total_weight():
    labels = [int(i % 4 == 3) for i in range(40)]
    w = class_balance(labels)
    y = torch.tensor(labels)
    assert w[y == 0].sum().item() == pytest.approx(w[y == 1].sum().item())


def test_weighted_sampler_draws_the_minority_class_about_half_the_time():
    r = run(LoaderConfig(200, 10, "weighted", False, 0, 5))
    drawn = [y for e in r.labels for b in e for y in b]
    assert len(drawn) == 1000 and 0.42 < sum(drawn) / 1000 < 0.58  # 25 % in the data
    assert r.sampler == "WeightedRandomSampler"


def test_subset_sampler_yields_a_permutation_of_its_indices_every_epoch():
    r = run(LoaderConfig(12, 3, "subset", False, 1, 3, (0, 3, 5, 6, 7, 11)))
    for epoch in r.epochs:
        assert sorted(i for b in epoch for i in b) == [0, 3, 5, 6, 7, 11]
    assert r.length == 2 and r.sampler == "SubsetRandomSampler"


def test_collate_stacks_a_new_first_dimension():
    r = run(LoaderConfig(12, 5))
    assert r.shapes == {"index": [5], "features": [5, 2], "label": [5]}


@pytest.mark.parametrize(
    "config",
    [
        LoaderConfig(12, 0),
        LoaderConfig(12, 13),
        LoaderConfig(0, 1),
        LoaderConfig(201, 4),
        LoaderConfig(12, 4, epochs=6),
        LoaderConfig(12, 4, "subset", subset=()),
        LoaderConfig(12, 4, "subset", subset=(1, 2, 12)),
        LoaderConfig(12, 4, "subset", subset=(1, 2)),
        LoaderConfig(12, 4, "nope"),
    ],
)
def test_bad_settings_are_one_input_error(config):
    with pytest.raises(InputError):
        run(config)


def test_index_lists_parse_numbers_and_ranges_and_refuse_the_rest():
    assert parse_indices("[0, 3; 5-7 9]") == (0, 3, 5, 6, 7, 9)
    assert parse_indices("") == ()
    for text in ["1.5", "a", "7-3", "0-999", "x" * 10_000, "__import__('os')"]:
        with pytest.raises(InputError):
            parse_indices(text)


@pytest.mark.parametrize("sampler", ["sequential", "shuffle", "weighted", "subset"])
@pytest.mark.parametrize("drop_last", [False, True])
def test_every_epoch_is_what_iterating_the_real_loader_yields(sampler, drop_last):
    """The page reads each epoch from the loader's batch sampler: the oracle is the DataLoader
    itself, iterated epoch after epoch over the Items, its generator carried across epochs."""
    config = LoaderConfig(23, 4, sampler, drop_last, 5, 4, (0, 2, 3, 7, 8, 11, 19, 22))
    loader = make_loader(config)
    real = [[batch[0].tolist() for batch in loader] for _ in range(config.epochs)]
    assert run(config).epochs == real
