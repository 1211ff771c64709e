"""Data sets made of data sets: `Subset`, `ConcatDataset`, and an `IterableDataset` read by two
workers. Every mapping is read back from torch's own classes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from types import SimpleNamespace

import torch
from torch.utils.data import ConcatDataset, DataLoader, Dataset, IterableDataset, Subset

from lib.common.errors import InputError
from lib.data.loader import MAX_ITEMS, Items, check_batch, check_indices, check_items

MAX_DATASETS = 5
WORKERS = 2


class Tagged(Dataset):
    """Data set number `d` of `length` items; item j says where it came from: (d, j)."""

    def __init__(self, d: int, length: int) -> None:
        self.d, self.length = d, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, j: int) -> tuple[int, int]:
        if not 0 <= j < self.length:
            raise IndexError(j)
        return self.d, j


def check_lengths(lengths: list[int]) -> None:
    if not lengths:
        raise InputError("data_no_sets", "Give at least one data set length.")
    if len(lengths) > MAX_DATASETS or sum(lengths) > MAX_ITEMS or min(lengths) < 0:
        raise InputError(
            "data_lengths",
            "Up to {k} data sets of {hi} items in all, no negative length.",
            k=MAX_DATASETS,
            hi=MAX_ITEMS,
        )


def concat(lengths: list[int]) -> ConcatDataset:
    check_lengths(lengths)
    return ConcatDataset([Tagged(d, m) for d, m in enumerate(lengths)])


def concat_index(lengths: list[int], index: int) -> tuple[int, int]:
    """(data set, local index) of a global index of ConcatDataset; IndexError outside it."""
    data = concat(lengths)
    if not -len(data) <= index < len(data):
        raise IndexError(f"index {index} is outside a ConcatDataset of {len(data)} items")
    return data[index]


@dataclass(frozen=True)
class ConcatMap:
    lengths: list[int]
    cumulative: list[int]  # ConcatDataset.cumulative_sizes, as torch keeps them
    cells: list[tuple[int, int, int]]  # (global index, data set, local index) for every item


def concat_map(lengths: list[int]) -> ConcatMap:
    data = concat(lengths)
    cells = [(g, *data[g]) for g in range(len(data))]
    return ConcatMap(list(lengths), list(data.cumulative_sizes), cells)


def subset_map(n: int, indices: tuple[int, ...]) -> list[tuple[int, int]]:
    """(position in the Subset, index in the base data set) read through torch's Subset."""
    check_indices(indices, n)
    part = Subset(Items(n), list(indices))
    return [(k, part[k][0]) for k in range(len(part))]


class Stream(IterableDataset):
    """The items 0..n-1 as a stream. With `shard`, each worker keeps every WORKERS-th item from
    its own id on, as `get_worker_info()` lets it; without, every worker streams everything."""

    def __init__(self, n: int, shard: bool) -> None:
        self.n, self.shard = n, shard
        self.worker = None  # what get_worker_info() returns inside a worker (None in-process)

    def __iter__(self):
        info = self.worker or torch.utils.data.get_worker_info()
        start, step = (info.id, info.num_workers) if self.shard and info else (0, 1)
        return iter(range(start, self.n, step))


@dataclass(frozen=True)
class WorkerRun:
    shard: bool
    batches: list[list[int]]  # in the order the loader hands them out
    workers: list[int]  # which worker made each batch
    items: int  # samples delivered in all
    repeated: int  # samples delivered more than once


def two_workers(n: int, batch_size: int, shard: bool) -> WorkerRun:
    """A DataLoader with num_workers=2, simulated in-process: each worker gets its own copy of the
    data set and its own worker info, batches its own stream, and the loader takes one batch
    from each worker in turn (its in-order round robin)."""
    check_items(n)
    check_batch(batch_size, n)
    per_worker = []
    for w in range(WORKERS):
        data = copy.copy(Stream(n, shard))
        data.worker = SimpleNamespace(id=w, num_workers=WORKERS)
        per_worker.append([b.tolist() for b in DataLoader(data, batch_size=batch_size)])
    batches, workers = [], []
    for k in range(max(map(len, per_worker))):
        for w, mine in enumerate(per_worker):
            if k < len(mine):
                batches.append(mine[k])
                workers.append(w)
    flat = [i for b in batches for i in b]
    return WorkerRun(shard, batches, workers, len(flat), len(flat) - len(set(flat)))
