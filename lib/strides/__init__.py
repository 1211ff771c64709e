"""Storage, stride and offset: how torch reads a flat storage as a tensor, through any chain of ops.

`layout` reads (size, stride, offset) back from torch, `ops` runs a typed op chain without eval,
`sharing` shows which results share memory, `quiz` asks about the view on screen.
"""

from lib.strides.storage import (
    DTYPES,
    MAX_STORAGE,
    Layout,
    check_view,
    element_address,
    layout,
    make_storage,
    shares_storage,
    storage_indices,
)

__all__ = [
    "DTYPES",
    "MAX_STORAGE",
    "Layout",
    "check_view",
    "element_address",
    "layout",
    "make_storage",
    "shares_storage",
    "storage_indices",
]
