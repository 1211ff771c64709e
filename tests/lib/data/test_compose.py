"""Subset, ConcatDataset and two IterableDataset workers, against closed forms and a real
two-process DataLoader."""

import bisect
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch.utils.data import DataLoader

from lib.common.errors import InputError
from lib.data import concat_index
from lib.data.compose import Stream, concat_map, subset_map, two_workers


def closed_form(lengths, index):
    total = sum(lengths)
    if index < 0:
        index += total
    ends = list(itertools.accumulate(lengths))
    d = bisect.bisect_right(ends, index)
    return d, index - (ends[d - 1] if d else 0)


@given(st.lists(st.integers(0, 12), min_size=1, max_size=5), st.data())
def test_concat_index_is_a_bisect_over_cumulative_sizes(lengths, data):
    total = sum(lengths)
    if total:
        index = data.draw(st.integers(-total, total - 1))
        assert concat_index(lengths, index) == closed_form(lengths, index)
    with pytest.raises(IndexError):
        concat_index(lengths, total)
    with pytest.raises(IndexError):
        concat_index(lengths, -total - 1)


def test_concat_map_lists_every_item_once_with_torchs_cumulative_sizes():
    m = concat_map([2, 0, 3])
    assert m.cumulative == [2, 2, 5]
    assert m.cells == [(0, 0, 0), (1, 0, 1), (2, 2, 0), (3, 2, 1), (4, 2, 2)]


@pytest.mark.parametrize("lengths", [[], [1] * 6, [150, 60], [3, -1]])
def test_bad_lengths_are_one_input_error(lengths):
    with pytest.raises(InputError):
        concat_map(lengths)


def test_subset_maps_positions_to_the_listed_indices():
    assert subset_map(12, (3, 1, 7, 7)) == [(0, 3), (1, 1), (2, 7), (3, 7)]
    with pytest.raises(InputError):
        subset_map(12, ())


@pytest.mark.parametrize("shard", [False, True])
def test_simulated_workers_match_a_real_two_process_loader(shard):
    real = DataLoader(Stream(10, shard), batch_size=3, num_workers=2)
    expected = [b.tolist() for b in real]
    run = two_workers(10, 3, shard)
    assert run.batches == expected
    flat = [i for b in expected for i in b]
    assert run.items == len(flat) and run.repeated == len(flat) - len(set(flat))
    assert run.repeated == (0 if shard else 10)
