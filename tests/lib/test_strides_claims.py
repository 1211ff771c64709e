"""What the strides page says about views and copies, checked against torch's own storage."""

import pytest
import torch

from lib.strides import ops


def result_of(chain: str, shape=(3, 4), dtype="float32"):
    x = ops.base_tensor(shape, dtype)
    return x, ops.run_chain(x, ops.parse_chain(chain))[-1]


@pytest.mark.parametrize("chain", [".flip(0)", ".clone()", ".t().contiguous()", ".t().reshape(-1)"])
def test_these_ops_make_new_storage_rather_than_a_new_reading(chain):
    x, last = result_of(chain)
    assert not last.shares_storage
    assert last.tensor.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()


@pytest.mark.parametrize(
    "chain", [".t()", "[1:, ::2]", ".unsqueeze(0).expand(2, 3, 4)", ".view(-1)"]
)
def test_a_view_is_as_strided_of_the_same_storage(chain):
    x, last = result_of(chain)
    y, lay = last.tensor, last.layout
    assert last.shares_storage
    again = torch.as_strided(x, lay.size, lay.stride, lay.offset)
    assert torch.equal(again, y)


def test_values_are_storage_indices_in_every_dtype_but_bool():
    for dtype in ("float32", "int8", "uint8", "float16"):
        x = ops.base_tensor((2, 3), dtype)
        assert x.flatten().tolist() == list(range(6))
    flags = ops.base_tensor((2, 3), "bool").flatten().tolist()
    assert flags == [False, True, True, True, True, True]  # what the prose now says


def test_stride_is_the_distance_moved_not_the_cells_skipped():
    """A contiguous row of 4 has stride 1 along it: moving one step moves one element and skips
    none, so 'cells to skip' would be 0."""
    x = ops.base_tensor((3, 4))
    assert x.stride() == (4, 1)
    assert x[0, 1].item() - x[0, 0].item() == x.stride()[1]


@pytest.mark.parametrize("lang", ["en", "zh-TW", "zh-CN"])
def test_the_page_names_the_copies_and_the_bool_exception(lang):
    """The torch facts above are what the words must say, in every language."""
    from tests.conftest import ROOT
    from ui.text import strings

    intro = strings(lang)["strides.free_intro"]
    assert all(op in intro for op in ("flip", "clone", "contiguous()", "reshape"))
    prose = (ROOT / "ui" / "locales" / lang / "strides.md").read_text(encoding="utf-8")
    assert "`bool`" in prose and "skip" not in prose and "跳過" not in prose
