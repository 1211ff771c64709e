"""The storage strip and logical grid, checked through their Vega-Lite specs with rows inlined."""

import torch

from charts.named import with_data
from charts.strides import (
    TIPS,
    grid_options,
    grid_rows,
    logical_grid,
    storage_strip,
    strip_rows,
)
from lib.strides.storage import reads, storage_of

WORDS = {key: key.upper() for key in TIPS}  # what a translation would hand in


def strip_spec(storage, read_by, picked, **opts):
    data = strip_rows(storage, read_by, picked)
    chart = storage_strip(title="s", tips=WORDS, cells=storage.numel(), **opts)
    return with_data(chart, data).to_dict()  # validated against the Vega-Lite schema


def grid_spec(y, picked):
    data = grid_rows(y, reads(y), picked)
    chart = logical_grid(title="g", tips=WORDS, **grid_options(tuple(y.shape)))
    return with_data(chart, data).to_dict()


def rows(spec):
    return spec["datasets"]["cells"]


def test_strip_has_one_cell_per_storage_element_and_marks_what_the_view_reads():
    x = torch.arange(12.0)
    y = x.view(3, 4)[:, 1]
    spec = strip_spec(storage_of(y), reads(y), 5)
    data = rows(spec)
    assert len(data) == 12 and spec["layer"][0]["mark"]["type"] == "rect"
    assert spec["data"] == {"name": "cells"}  # one named table, shared by every layer
    status = {r["k"]: r["status"] for r in data}
    assert status[1] == "read" and status[9] == "read" and status[5] == "picked"
    assert status[0] == "unread"
    assert {r["k"]: r["order"] for r in data}[9] == "#2"
    tips = {t["field"]: t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]}
    assert tips == {
        "k": "STORAGE_INDEX",
        "value": "VALUE",
        "order": "READ_AS",
        "reads": WORDS["times_read"],
    }


def test_the_strip_wraps_after_sixteen_cells_and_its_size_follows_the_storage_alone():
    spec = storage_strip(title="s", tips=WORDS, cells=64).to_dict()
    assert (spec["width"], spec["height"]) == (16 * 38, 4 * 38)
    assert storage_strip(title="s", tips=WORDS, cells=5).to_dict()["width"] == 5 * 38
    data = strip_rows(torch.arange(64.0), None, None)["cells"]
    assert list(data.loc[17, ["row", "col"]]) == [1, 1] and set(data["status"]) == {"read"}


def test_a_fresh_storage_is_coloured_as_new():
    spec = strip_spec(torch.arange(3.0), None, None, new_storage=True)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"][0] == "#009E73"


def test_a_cell_read_twice_lists_both_readers():
    y = torch.arange(3.0).expand(2, 3)
    data = rows(strip_spec(storage_of(y), reads(y), None))
    assert data[1]["order"] == "#1,#4" and data[1]["reads"] == 2


def test_grid_of_a_3d_view_is_a_row_of_2d_slices_with_storage_indices():
    y = torch.arange(24.0).view(2, 3, 4).transpose(0, 2)
    spec = grid_spec(y, (1, 0, 1))
    assert "facet" in spec and spec["data"] == {"name": "cells"}
    assert (spec["spec"]["width"], spec["spec"]["height"]) == (2 * 38, 3 * 38)
    data = rows(spec)
    assert len(data) == 24 and {r["panel"] for r in data} == {f"y[{i}, :, :]" for i in range(4)}
    picked = [r for r in data if r["status"] == "picked"]
    assert picked == [r for r in data if r["index"] == "[1, 0, 1]"]
    assert picked[0]["k"] == y[1, 0, 1].item()


def test_moving_the_picked_index_changes_the_rows_but_not_the_spec():
    y = torch.arange(64.0).view(4, 4, 4).transpose(0, 2)[1:, :, ::2].unsqueeze(1)
    assert grid_options((3, 1, 4, 2)) == grid_options(tuple(y.shape))
    a, b = grid_rows(y, reads(y), (0, 0, 0, 0)), grid_rows(y, reads(y), (2, 0, 3, 1))
    assert not a["cells"].equals(b["cells"])
    assert list(b["cells"].query("status == 'picked'")["k"]) == [y[2, 0, 3, 1].item()]


def test_a_matrix_is_one_grid_and_a_scalar_is_one_cell():
    spec = grid_spec(torch.arange(6.0).view(2, 3), (1, 2))
    assert "facet" not in spec and spec["data"] == {"name": "cells"}
    assert {r["panel"] for r in rows(spec)} == {"y"}
    assert len(rows(grid_spec(torch.tensor(7.0), ()))) == 1


def test_an_empty_view_still_gives_a_valid_chart():
    y = torch.zeros(0, 3)
    assert rows(grid_spec(y, None)) == []
    assert rows(strip_spec(storage_of(y), reads(y), None)) == []
