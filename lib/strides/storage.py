"""How (size, stride, offset) maps a tensor index to a position in its flat storage."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from lib.common.errors import InputError

MAX_STORAGE = 64  # cells in the storage strip: enough for 4x4x4, small enough to read
MAX_DIMS = 4

# The notes' dtype table, in the order it lists them.
DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32,
    "float64": torch.float64,
    "float16": torch.float16,
    "int64": torch.int64,
    "int32": torch.int32,
    "int8": torch.int8,
    "uint8": torch.uint8,
    "bool": torch.bool,
}


@dataclass(frozen=True)
class Layout:
    size: tuple[int, ...]
    stride: tuple[int, ...]
    offset: int
    is_contiguous: bool
    itemsize: int

    @property
    def byte_stride(self) -> tuple[int, ...]:
        """What NumPy calls strides: bytes, not elements, between neighbours along each dim."""
        return tuple(s * self.itemsize for s in self.stride)


def layout(t: torch.Tensor) -> Layout:
    """What torch itself reports for `t`: the truth every picture is drawn from."""
    return Layout(tuple(t.shape), t.stride(), t.storage_offset(), t.is_contiguous(), t.itemsize)


def make_storage(n: int, dtype: str = "float32") -> torch.Tensor:
    """`arange(n)` in `dtype`: each value names the storage cell it lives in (bool aside)."""
    if not 0 <= n <= MAX_STORAGE:
        raise InputError(
            "storage_size", "The storage holds {n} elements; use 0 to {max}.", n=n, max=MAX_STORAGE
        )
    if dtype not in DTYPES:
        raise InputError(
            "unknown_dtype", "{dtype!r} is not one of the dtypes on this page.", dtype=dtype
        )
    return torch.arange(n).to(DTYPES[dtype])


def shares_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    """True when both tensors read the same memory block: a view, not a copy."""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def last_index(size: tuple[int, ...], stride: tuple[int, ...], offset: int = 0) -> int:
    """offset + Σ (size[d] - 1)·stride[d]: the largest storage index the view reads."""
    return offset + sum((n - 1) * s for n, s in zip(size, stride))


def check_view(
    storage_size: int, size: tuple[int, ...], stride: tuple[int, ...], offset: int = 0
) -> None:
    """Raise a one-sentence InputError exactly when `torch.as_strided` would refuse this view."""
    if len(stride) != len(size):
        raise InputError(
            "stride_length", "stride has {s} entries but size has {n}.", s=len(stride), n=len(size)
        )
    if any(n < 0 for n in size):
        raise InputError(
            "negative_size", "A size cannot be negative, but the shape has {n}.", n=min(size)
        )
    if any(s < 0 for s in stride):
        raise InputError(
            "negative_stride", "PyTorch has no negative strides, but stride has {s}.", s=min(stride)
        )
    if offset < 0:
        raise InputError(
            "negative_offset", "The storage offset cannot be negative ({offset}).", offset=offset
        )
    if math.prod(size) == 0:
        return  # a view with a zero-sized dim reads nothing, wherever it starts
    reached = last_index(size, stride, offset)
    if reached >= storage_size:
        raise InputError(
            "out_of_storage",
            "This view would read storage index {reached}, but the storage has only "
            "{n} elements (0 to {last}).",
            reached=reached,
            n=storage_size,
            last=storage_size - 1,
        )


def storage_indices(
    size: tuple[int, ...], stride: tuple[int, ...], offset: int = 0
) -> torch.Tensor:
    """int64 tensor of shape `size`: the storage index each element of the view reads."""
    size, stride = tuple(size), tuple(stride)
    needed = last_index(size, stride, offset) + 1 if math.prod(size) else 0
    check_view(max(needed, 0), size, stride, offset)
    # Let torch itself lay the view over a storage whose values are their own indices.
    return torch.arange(max(needed, offset + 1)).as_strided(size, stride, offset).clone()


def element_address(t: torch.Tensor, index: tuple[int, ...]) -> tuple[list[tuple[int, int]], int]:
    """The terms (index[d], stride[d]) and the storage index offset + Σ index[d]·stride[d]."""
    if len(index) != t.dim():
        raise InputError(
            "index_length",
            "The index has {k} entries but the tensor has {n} dims.",
            k=len(index),
            n=t.dim(),
        )
    for d, (i, n) in enumerate(zip(index, t.shape)):
        if not 0 <= i < n:
            raise InputError(
                "index_range", "Index {i} is outside dim {d}, which has size {n}.", i=i, d=d, n=n
            )
    terms = list(zip(index, t.stride()))
    return terms, t.storage_offset() + sum(i * s for i, s in terms)


def storage_of(t: torch.Tensor) -> torch.Tensor:
    """The whole storage behind `t` as a 1-D tensor: every cell, read or not."""
    return torch.tensor([], dtype=t.dtype).set_(t.untyped_storage())


def reads(t: torch.Tensor) -> torch.Tensor:
    """For each element of `t`, the storage index it reads: what the pictures highlight."""
    return storage_indices(tuple(t.shape), t.stride(), t.storage_offset())


def as_strided_snippet(n: int, size: tuple[int, ...], stride: tuple[int, ...], offset: int) -> str:
    """Runnable code for the free-mode view."""
    return (
        f"import torch\n\nstorage = torch.arange({n})\n"
        f"y = storage.as_strided({tuple(size)}, {tuple(stride)}, {offset})\n"
        "print(y.size(), y.stride(), y.storage_offset())\nprint(y)\n"
    )
