"""`ChainDataset`: iterable data sets streamed one after the other. The same items as a
ConcatDataset of the same lengths, in the same order, but only as a stream: no `len()`, no
`[i]`, no shuffling by the DataLoader. Each of those refusals is torch's own, caught and quoted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch.utils.data import ChainDataset, DataLoader, IterableDataset

from lib.data.compose import check_lengths


class TaggedStream(IterableDataset):
    """Stream number `d`: yields (d, j) for j = 0 … length − 1, like lines read from a file. It
    has no `__len__`: a stream does not know its length before it has been read."""

    def __init__(self, d: int, length: int) -> None:
        self.d, self.length = d, length

    def __iter__(self):
        return ((self.d, j) for j in range(self.length))


@dataclass(frozen=True)
class ChainRun:
    cells: list[tuple[int, int, int]]  # (place in the stream, data set, local index), as streamed
    len_error: str  # what `len(chain)` raised
    index_error: str  # what `chain[index]` raised
    shuffle_error: str  # what `DataLoader(chain, shuffle=True)` raised


def _refusal(attempt: Callable[[], object]) -> str:
    """`ExceptionType: message` of what torch raised; the attempt is one torch must refuse."""
    try:
        attempt()
    except (TypeError, NotImplementedError, ValueError) as err:
        return f"{type(err).__name__}: {err}"
    raise AssertionError("torch accepted what a ChainDataset of streams cannot do")


def chain(lengths: list[int], index: int) -> ChainRun:
    """Iterate a real ChainDataset of one TaggedStream per length, and ask it what a
    ConcatDataset answers: its length, item `index`, a shuffled DataLoader."""
    check_lengths(lengths)
    data = ChainDataset([TaggedStream(d, m) for d, m in enumerate(lengths)])
    cells = [(place, d, j) for place, (d, j) in enumerate(data)]
    return ChainRun(
        cells,
        _refusal(lambda: len(data)),
        _refusal(lambda: data[index]),
        _refusal(lambda: DataLoader(data, shuffle=True)),
    )
