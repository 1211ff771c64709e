"""The storage page's two pictures, drawn from cached specs (only their rows change with the
picked element): the storage strip and the logical grid."""

from __future__ import annotations

import torch

from charts import strides as pictures
from ui.chart import draw
from ui.settings import scaled
from ui.text import t


def storage_picture(
    storage: torch.Tensor,
    read_by: torch.Tensor | None,
    picked: int | None,
    *,
    title: str,
    new_storage: bool = False,
) -> None:
    """The storage strip: every cell of `storage`, those `read_by` reads highlighted."""
    draw(
        pictures.storage_strip,
        pictures.strip_rows(storage, read_by, picked),
        stretch=False,
        title=title,
        tips=tips(),
        cells=storage.numel(),
        new_storage=new_storage,
        cell=scaled(pictures.CELL),
    )


def grid_picture(
    y: torch.Tensor, read_by: torch.Tensor, picked: tuple[int, ...] | None, *, title: str
) -> None:
    """The logical grid of `y`: 3-D and up as a row of 2-D slices."""
    rows = pictures.grid_rows(y, read_by, picked)
    options = pictures.grid_options(tuple(y.shape))
    options["cell"] = scaled(pictures.CELL)
    draw(pictures.logical_grid, rows, stretch=False, title=title, tips=tips(), **options)


def tips() -> dict[str, str]:
    """The pictures' tooltip titles, in the reader's language."""
    return {key: t(f"strides.tip_{key}") for key in pictures.TIPS}
