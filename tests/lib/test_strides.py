"""lib.strides.storage against torch itself: every layout and index comes from as_strided's own
answer."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.strides import storage as strides

dims = st.integers(0, 4)


@st.composite
def views(draw, valid_only=False):
    n = draw(dims)
    size = tuple(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)))
    stride = tuple(draw(st.lists(st.integers(0 if valid_only else -2, 7), min_size=n, max_size=n)))
    offset = draw(st.integers(0 if valid_only else -2, 20))
    storage = draw(st.integers(0, strides.MAX_STORAGE))
    return storage, size, stride, offset


def torch_accepts(storage, size, stride, offset) -> bool:
    try:
        torch.arange(storage).as_strided(size, stride, offset)
    except RuntimeError:
        return False
    return True


@given(views())
def test_check_view_refuses_exactly_what_as_strided_refuses(view):
    try:
        strides.check_view(*view)
        ours = True
    except InputError:
        ours = False
    assert ours == torch_accepts(*view)


@given(views(valid_only=True))
def test_storage_indices_equal_as_strided_over_arange(view):
    storage, size, stride, offset = view
    if not torch_accepts(storage, size, stride, offset):
        return
    expected = torch.arange(storage).as_strided(size, stride, offset)
    got = strides.storage_indices(size, stride, offset)
    assert got.dtype == torch.int64 and tuple(got.shape) == size
    assert torch.equal(got, expected)


def test_check_view_names_the_largest_index_and_the_storage_size():
    with pytest.raises(InputError, match=r"index 15.*only 12 elements"):
        strides.check_view(12, (3, 4), (4, 2), 1)


def test_check_view_refuses_a_length_mismatch_in_one_sentence():
    with pytest.raises(InputError, match="stride has 2 entries but size has 3"):
        strides.check_view(24, (2, 3, 4), (12, 4))


def test_a_view_with_a_zero_sized_dim_reads_nothing_and_is_valid():
    strides.check_view(4, (0, 3), (1, 1), 10)
    assert strides.storage_indices((0, 3), (1, 1), 10).shape == (0, 3)


def test_a_zero_dim_view_reads_one_cell_at_its_offset():
    assert strides.storage_indices((), (), 5).item() == 5


def test_layout_reads_size_stride_offset_and_contiguity_from_torch():
    t = torch.arange(24, dtype=torch.float64).view(2, 3, 4).transpose(0, 2)[1:]
    lay = strides.layout(t)
    assert lay.size == tuple(t.shape) and lay.stride == t.stride()
    assert lay.offset == t.storage_offset() and lay.is_contiguous == t.is_contiguous()
    assert lay.byte_stride == tuple(s * 8 for s in t.stride())


@pytest.mark.parametrize("dtype", list(strides.DTYPES))
def test_byte_strides_are_element_strides_times_itemsize_as_numpy_reports(dtype):
    t = strides.make_storage(12, dtype).view(3, 4).t()
    assert strides.layout(t).byte_stride == t.numpy().strides


def test_element_address_is_offset_plus_index_times_stride():
    t = torch.arange(24).view(4, 6)[1:, ::2]
    terms, k = strides.element_address(t, (2, 1))
    assert terms == [(2, 6), (1, 2)]
    assert k == t.storage_offset() + 2 * 6 + 1 * 2 == t[2, 1].item()


def test_element_address_refuses_an_index_outside_the_view():
    with pytest.raises(InputError, match="outside dim 1"):
        strides.element_address(torch.zeros(2, 3), (0, 3))


def test_storage_of_returns_every_cell_even_those_the_view_skips():
    x = torch.arange(10.0)
    assert torch.equal(strides.storage_of(x[2:5]), x)
