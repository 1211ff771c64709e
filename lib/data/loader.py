"""A tiny indexed data set and the batches a real `torch.utils.data.DataLoader` makes of it.

Nothing here predicts a batch: every index list is read from a DataLoader iterated on the
server. The generator the loader gets also draws one number per epoch (the base seed it would
hand to workers) before the sampler shuffles, so the first epoch's order is *not*
`torch.randperm(n, generator=torch.Generator().manual_seed(seed))` — the page and its tests say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import torch
from torch.utils.data import (
    DataLoader,
    Dataset,
    SubsetRandomSampler,
    WeightedRandomSampler,
    default_collate,
)

from lib.common.errors import InputError

MIN_ITEMS, MAX_ITEMS = 1, 200
MAX_EPOCHS = 5
MAX_SEED = 2**31 - 1
MAX_TEXT = 2_000  # characters of an index list read at all
# "sequential" and "shuffle" are what DataLoader builds from shuffle=False / True.
SAMPLERS = ("sequential", "shuffle", "weighted", "subset")
MINORITY_EVERY = 4  # every 4th item has label 1: a 3:1 imbalance the weighted sampler evens out


def label_of(i: int) -> int:
    return int(i % MINORITY_EVERY == MINORITY_EVERY - 1)


class Items(Dataset):
    """Item i is (i, features, label): the index travels with the sample, so a batch says which
    items it holds."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[int, torch.Tensor, int]:
        return i, torch.tensor([float(i), float(i % 3)]), label_of(i)


@dataclass(frozen=True)
class LoaderConfig:
    n: int = 12
    batch_size: int = 4
    sampler: str = "sequential"
    drop_last: bool = False
    seed: int = 0
    epochs: int = 2
    subset: tuple[int, ...] = ()  # the indices SubsetRandomSampler draws from


@dataclass(frozen=True)
class LoaderRun:
    config: LoaderConfig
    epochs: list[list[list[int]]]  # epoch -> batch -> indices, as the DataLoader yielded them
    labels: list[list[list[int]]]  # the same shape, the labels the batches carried
    sampler: str  # type(loader.sampler).__name__
    batch_sampler: str
    length: int  # len(loader)
    drawn: int  # samples the sampler draws per epoch (n, or the subset's size)
    shapes: dict[str, list[int]]  # what default_collate stacked in the first batch
    dtypes: dict[str, str]


def check_items(n: int) -> None:
    if not MIN_ITEMS <= n <= MAX_ITEMS:
        raise InputError(
            "data_items",
            "The data set needs between {lo} and {hi} items, not {n}.",
            lo=MIN_ITEMS,
            hi=MAX_ITEMS,
            n=n,
        )


def check_batch(batch_size: int, drawn: int) -> None:
    if not 1 <= batch_size <= drawn:
        raise InputError(
            "data_batch",
            "batch_size must be between 1 and the {drawn} samples drawn per epoch, not {b}.",
            drawn=drawn,
            b=batch_size,
        )


def check(config: LoaderConfig) -> int:
    """Every bound, before anything is allocated; returns the samples drawn per epoch."""
    check_items(config.n)
    if config.sampler not in SAMPLERS:
        raise InputError("data_sampler", "Unknown sampler {s}.", s=str(config.sampler)[:40])
    if not 1 <= config.epochs <= MAX_EPOCHS:
        raise InputError(
            "data_epochs", "epochs must be between 1 and {hi}.", hi=MAX_EPOCHS, n=config.epochs
        )
    if not 0 <= config.seed <= MAX_SEED:
        raise InputError("data_seed", "The seed must be between 0 and {hi}.", hi=MAX_SEED)
    drawn = config.n
    if config.sampler == "subset":
        check_indices(config.subset, config.n)
        drawn = len(config.subset)
    check_batch(config.batch_size, drawn)
    return drawn


def check_indices(indices: tuple[int, ...], n: int) -> None:
    if not indices:
        raise InputError("data_empty", "The index list is empty: pick at least one index.")
    bad = [i for i in indices if not 0 <= i < n]
    if bad:
        raise InputError(
            "data_index", "Index {i} is outside the data set (0 to {last}).", i=bad[0], last=n - 1
        )


def parse_indices(text: str) -> tuple[int, ...]:
    """`0, 3, 5-8` -> (0, 3, 5, 6, 7, 8): numbers and inclusive ranges, nothing evaluated."""
    if len(text) > MAX_TEXT:
        raise InputError("data_text", "The index list is too long ({n} characters).", n=len(text))
    found: list[int] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,\s;]+", text.strip("[]() ")))):
        match = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3}))?", part)
        if not match:
            raise InputError(
                "data_parse", "`{part}` is not an index or a range like 3-7.", part=part[:20]
            )
        lo, hi = int(match[1]), int(match[2] or match[1])
        if hi < lo or len(found) + hi - lo >= MAX_ITEMS:
            raise InputError("data_range", "The range `{part}` is empty or too long.", part=part)
        found += range(lo, hi + 1)
    return tuple(found)


def class_balance(labels: list[int]) -> torch.Tensor:
    """The class-balance preset: each sample weighs 1 / (size of its class), so every class is
    drawn equally often on average."""
    y = torch.tensor(labels)
    counts = torch.bincount(y).double()
    return 1.0 / counts[y]


def make_loader(config: LoaderConfig, data: Dataset | range | None = None, **extra) -> DataLoader:
    """The DataLoader of `config` over `data` (the Items by default): one seeded generator
    drives everything random, and the data set's content never touches it."""
    g = torch.Generator().manual_seed(config.seed)
    data = Items(config.n) if data is None else data
    kw: dict[str, object] = {"shuffle": config.sampler == "shuffle"}
    if config.sampler == "weighted":
        weights = class_balance([label_of(i) for i in range(config.n)])
        kw = {"sampler": WeightedRandomSampler(weights, config.n, generator=g)}
    elif config.sampler == "subset":
        kw = {"sampler": SubsetRandomSampler(list(config.subset), generator=g)}
    return DataLoader(
        data, batch_size=config.batch_size, drop_last=config.drop_last, generator=g, **kw, **extra
    )


def run(config: LoaderConfig) -> LoaderRun:
    """Iterate the loader `config.epochs` times. Its data set is the indices themselves
    (`range(n)`, batches kept as lists): the sampler, batch sampler and generator are the same
    as over the Items, so the batches are too, without building and stacking 1,000 tensors per
    move. The first batch's Items then go through the real default_collate for its shapes."""
    drawn = check(config)
    loader = make_loader(config, range(config.n), collate_fn=list)
    epochs = [epoch_of(loader) for _ in range(config.epochs)]
    labels = [[[label_of(i) for i in batch] for batch in epoch] for epoch in epochs]
    first = epochs[0][0] if epochs[0] else []
    stacked = default_collate([Items(config.n)[i] for i in first]) if first else ()
    names = ("index", "features", "label")
    shapes = {k: list(v.shape) for k, v in zip(names, stacked, strict=False)}
    dtypes = {k: str(v.dtype).removeprefix("torch.") for k, v in zip(names, stacked)}
    return LoaderRun(
        config,
        epochs,
        labels,
        type(loader.sampler).__name__,
        type(loader.batch_sampler).__name__,
        len(loader),
        drawn,
        shapes,
        dtypes,
    )


def epoch_of(loader: DataLoader) -> list[list[int]]:
    """What `list(loader)` gives over `range(n)` with `collate_fn=list`, read from the loader's
    own batch sampler: `iter(loader)` first, because the loader's iterator takes one number from
    the generator each epoch (its workers' base seed) before the sampler draws; then the batch
    sampler run dry, as the iterator runs it. The same batches, without torch's per-batch profiler
    hook in `__next__` (a 200-item, 5-epoch run yields 335 batches; the hook was most of it)."""
    iter(loader)
    return [list(batch) for batch in loader.batch_sampler]


def batches(
    n: int, batch_size: int, shuffle: bool, drop_last: bool, seed: int, epochs: int = 1
) -> list[list[list[int]]]:
    """For each epoch, the index batches a DataLoader over `n` items yields."""
    sampler = "shuffle" if shuffle else "sequential"
    return run(LoaderConfig(n, batch_size, sampler, drop_last, seed, epochs)).epochs
