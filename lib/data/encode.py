"""Encoding a table's columns: the notes' decision flow, one-hot by `scatter_`, and
`nn.Embedding` beside `one_hot @ W`."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from lib.common.errors import InputError

MAX_CLASSES = 64
MAX_LABELS = 200
MAX_DIM = 8
MEMORY_ROWS = 64  # a batch of 64 labels (tokens) in the memory comparison
VOCABULARIES = (10, 100, 1_000, 10_000)  # the memory comparison's sizes, all allocated for real
MAX_VOCAB = VOCABULARIES[-1]

# A small wine table (the notes' example): alcohol is continuous, quality an ordinal score,
# colour a category with no order.
TABLE = {
    "alcohol": [9.4, 12.8, 10.5, 11.2, 13.1, 9.9],
    "quality": [5, 7, 6, 6, 8, 4],
    "colour": ["red", "white", "rosé", "white", "red", "white"],
}
COLOURS = ("red", "white", "rosé")
KINDS = {"alcohol": "continuous", "quality": "ordinal", "colour": "categorical"}


def decide(kind: str, spacing_means_something: bool) -> list[str]:
    """The path through the notes' flow: the questions asked and the answer reached."""
    if kind == "continuous":
        return ["continuous?", "use the value"]
    if kind == "ordinal":
        end = "use the value" if spacing_means_something else "one-hot or embedding"
        return ["continuous?", "ordinal?", "spacing meaningful?", end]
    return ["continuous?", "ordinal?", "categorical?", "one-hot or embedding"]


def check_labels(labels: list[int], classes: int) -> None:
    if not 1 <= classes <= MAX_CLASSES:
        raise InputError(
            "data_classes", "The number of classes must be 1 to {hi}.", hi=MAX_CLASSES, n=classes
        )
    if not 1 <= len(labels) <= MAX_LABELS:
        raise InputError("data_labels", "Give 1 to {hi} labels.", hi=MAX_LABELS)
    bad = [y for y in labels if not 0 <= y < classes]
    if bad:
        raise InputError(
            "data_label",
            "Label {y} is not one of the {c} classes (0 to {last}).",
            y=bad[0],
            c=classes,
            last=classes - 1,
        )


def one_hot(labels: list[int], classes: int) -> torch.Tensor:
    """The notes' recipe: zeros (N, C), then scatter_ 1.0 along dim 1 at each row's label."""
    check_labels(labels, classes)
    target = torch.tensor(labels)
    return torch.zeros(len(labels), classes).scatter_(1, target.unsqueeze(1), 1.0)


def missing_unsqueeze(labels: list[int], classes: int) -> str:
    """torch's own message when the index is 1-D but the result is 2-D."""
    check_labels(labels, classes)
    try:
        torch.zeros(len(labels), classes).scatter_(1, torch.tensor(labels), 1.0)
    except RuntimeError as err:
        return str(err).splitlines()[0]
    return ""


@dataclass(frozen=True)
class EmbeddingLook:
    lookup: list[list[float]]  # nn.Embedding(labels)
    matmul: list[list[float]]  # one_hot(labels) @ W, the same weight
    max_difference: float
    grad_rows: list[float]  # |grad| of each row of the embedding's weight after one backward
    touched: list[int]  # rows with a non-zero gradient
    matmul_grad_rows: list[float]  # the same through one_hot @ W (a dense gradient matrix)


def embedding(labels: list[int], classes: int, dim: int, seed: int) -> EmbeddingLook:
    """An embedding lookup is a one-hot row times W: equal rows, and one backward leaves a
    gradient only in the rows that were looked up."""
    check_labels(labels, classes)
    if not 1 <= dim <= MAX_DIM:
        raise InputError("data_dim", "The embedding size must be 1 to {hi}.", hi=MAX_DIM)
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(classes, dim, generator=g, dtype=torch.float64)
    emb = nn.Embedding.from_pretrained(w.clone(), freeze=False)
    weight = w.clone().requires_grad_(True)
    idx = torch.tensor(labels)
    looked_up = emb(idx)
    multiplied = F.one_hot(idx, classes).double() @ weight
    upstream = torch.randn(len(labels), dim, generator=g, dtype=torch.float64)
    (looked_up * upstream).sum().backward()
    (multiplied * upstream).sum().backward()
    rows = emb.weight.grad.norm(dim=1)
    return EmbeddingLook(
        looked_up.tolist(),
        multiplied.tolist(),
        (looked_up - multiplied).abs().max().item(),
        rows.tolist(),
        torch.nonzero(rows).flatten().tolist(),
        weight.grad.norm(dim=1).tolist(),
    )


def memory(rows: int, dim: int) -> list[tuple[int, int, int]]:
    """(vocabulary, bytes of a float32 one-hot batch, bytes of the embedding table + indices),
    each read from tensors allocated at that size."""
    if not 1 <= rows <= MAX_LABELS or not 1 <= dim <= MAX_DIM:
        raise InputError("data_dim", "The embedding size must be 1 to {hi}.", hi=MAX_DIM)
    out = []
    for v in VOCABULARIES:
        idx = torch.zeros(rows, dtype=torch.long)
        hot = F.one_hot(idx, v).float()
        table = torch.empty(v, dim)
        out.append((v, hot.nelement() * hot.element_size(), _bytes(table) + _bytes(idx)))
    return out


def _bytes(t: torch.Tensor) -> int:
    return t.nelement() * t.element_size()


def encode_column(name: str, spacing_means_something: bool) -> torch.Tensor:
    """The column as the model would get it, by the path `decide` took."""
    values = TABLE[name]
    if name == "colour" or (name == "quality" and not spacing_means_something):
        vocab = list(COLOURS) if name == "colour" else sorted(set(values))
        return one_hot([vocab.index(v) for v in values], len(vocab))
    return torch.tensor(values, dtype=torch.float32).unsqueeze(1)
