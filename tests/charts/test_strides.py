"""The storage strip and logical grid, checked through their Vega-Lite specs."""

import torch

from charts.strides import logical_grid, storage_strip
from lib.strides import reads, storage_of


def rows(spec):
    return next(iter(spec["datasets"].values()))


def test_strip_has_one_cell_per_storage_element_and_marks_what_the_view_reads():
    x = torch.arange(12.0)
    y = x.view(3, 4)[:, 1]
    spec = storage_strip(storage_of(y), reads(y), 5, title="s").to_dict()
    data = rows(spec)
    assert len(data) == 12 and spec["layer"][0]["mark"]["type"] == "rect"
    status = {r["k"]: r["status"] for r in data}
    assert status[1] == "read" and status[9] == "read" and status[5] == "picked"
    assert status[0] == "unread"
    assert {r["k"]: r["order"] for r in data}[9] == "#2"


def test_a_cell_read_twice_lists_both_readers():
    y = torch.arange(3.0).expand(2, 3)
    data = rows(storage_strip(storage_of(y), reads(y), None, title="s").to_dict())
    assert data[1]["order"] == "#1,#4" and data[1]["reads"] == 2


def test_grid_of_a_3d_view_is_a_row_of_2d_slices_with_storage_indices():
    y = torch.arange(24.0).view(2, 3, 4).transpose(0, 2)
    spec = logical_grid(y, reads(y), (1, 0, 1), title="g").to_dict()
    assert "facet" in spec
    data = rows(spec)
    assert len(data) == 24 and {r["panel"] for r in data} == {f"y[{i}, :, :]" for i in range(4)}
    picked = [r for r in data if r["status"] == "picked"]
    assert picked == [r for r in data if r["index"] == "[1, 0, 1]"]
    assert picked[0]["k"] == y[1, 0, 1].item()


def test_a_scalar_is_one_cell():
    y = torch.tensor(7.0)
    assert len(rows(logical_grid(y, reads(y), (), title="g").to_dict())) == 1
