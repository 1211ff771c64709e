"""ChainDataset against plain Python iteration, and its refusals against torch's own errors."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch.utils.data import ConcatDataset, DataLoader

from lib.common.errors import InputError
from lib.data.chain import TaggedStream, chain
from lib.data.compose import concat_map


def plain_streams(lengths):
    """The oracle: each stream read to its end with a for loop, one after the other."""
    streams = ([(d, j) for j in range(m)] for d, m in enumerate(lengths))
    return list(itertools.chain.from_iterable(streams))


@given(st.lists(st.integers(0, 12), min_size=1, max_size=5), st.integers(-60, 60))
def test_chain_streams_each_data_set_to_its_end_before_the_next(lengths, index):
    run = chain(lengths, index)
    assert [(d, j) for _, d, j in run.cells] == plain_streams(lengths)
    assert [place for place, _, _ in run.cells] == list(range(sum(lengths)))
    # the same items, in the same order, as the ConcatDataset of the same lengths
    assert run.cells == concat_map(lengths).cells


def test_chain_refuses_len_index_and_shuffle_with_torchs_own_errors():
    run = chain([5, 3, 4], 6)
    assert run.len_error == "TypeError: object of type 'TaggedStream' has no len()"
    assert run.index_error.startswith("NotImplementedError: Subclasses of Dataset")
    assert run.shuffle_error.startswith("ValueError: DataLoader with IterableDataset")
    assert "shuffle" in run.shuffle_error
    # what a ConcatDataset answers instead
    both = ConcatDataset([[(0, j) for j in range(5)], [(1, j) for j in range(3)]])
    assert len(both) == 8 and both[6] == (1, 1)
    assert len(list(DataLoader(both, shuffle=True))) == 8


def test_a_stream_has_no_len_of_its_own():
    with pytest.raises(TypeError, match="has no len"):
        len(TaggedStream(0, 3))


@pytest.mark.parametrize("lengths", [[], [1] * 6, [150, 60], [3, -1]])
def test_bad_lengths_are_one_input_error(lengths):
    with pytest.raises(InputError):
        chain(lengths, 0)
