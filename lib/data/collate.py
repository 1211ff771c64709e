"""What `collate_fn` makes of one batch: default_collate stacks equal shapes; ragged items need a
collate of their own, here one that pads with `pad_sequence` and keeps the true lengths."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset
from torch.utils.data import default_collate as stack

PAD = 0
MAX_LENGTH = 4  # item i is a sequence of 1 + i % 4 tokens


class Ragged(Dataset):
    """Item i: the tokens i, i, ..., (1 + i % 4 of them) and a label; lengths differ on purpose."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        return torch.full((1 + i % MAX_LENGTH,), i + 1), i % 2  # 0 stays free for padding


def pad_collate(items: list[tuple[torch.Tensor, int]]):
    """(padded [B, longest], lengths [B], labels [B])."""
    tokens = [x for x, _ in items]
    lengths = torch.tensor([len(x) for x in tokens])
    return (
        pad_sequence(tokens, batch_first=True, padding_value=PAD),
        lengths,
        stack([y for _, y in items]),
    )


@dataclass(frozen=True)
class Collated:
    indices: list[int]  # the batch's items, from the loader's own batch sampler
    error: str  # default_collate's own message on the ragged items ("" if it stacked them)
    padded: list[list[int]]
    lengths: list[int]
    shape: list[int]


def ragged_batch(indices: list[int]) -> Collated:
    """One batch of ragged items through default_collate (torch's error) and pad_collate."""
    data = Ragged(max(indices) + 1)
    items = [data[i] for i in indices]
    try:
        stack(items)
        error = ""
    except RuntimeError as err:
        error = str(err).splitlines()[0]
    loader = DataLoader(
        torch.utils.data.Subset(data, indices), len(indices), collate_fn=pad_collate
    )
    padded, lengths, _ = next(iter(loader))
    return Collated(indices, error, padded.tolist(), lengths.tolist(), list(padded.shape))
