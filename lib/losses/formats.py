"""One batch of class labels written five ways, and which losses take which format.

Every cell is torch's answer: the loss it returns, or the error it raises, word for word.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

F64 = torch.float64
LABELS = (0, 2, 1, 2)  # the data: four samples, three classes
C = 3
FORMATS = ("indices", "one_hot", "probabilities", "padded", "multi_hot")
LOSSES = (
    "CrossEntropyLoss",
    "NLLLoss",
    "MultiMarginLoss",
    "MultiLabelMarginLoss",
    "MultiLabelSoftMarginLoss",
    "BCEWithLogitsLoss",
    "KLDivLoss",
)


@dataclass(frozen=True)
class Cell:
    loss: str
    format: str
    value: float | None
    error: str | None  # torch's message, first line


@dataclass(frozen=True)
class Formats:
    logits: list
    targets: dict[str, list]  # format -> the target as written
    cells: tuple[Cell, ...]

    def cell(self, loss: str, fmt: str) -> Cell:
        return next(c for c in self.cells if c.loss == loss and c.format == fmt)


def targets() -> dict[str, torch.Tensor]:
    idx = torch.tensor(LABELS)
    one_hot = F.one_hot(idx, C).to(F64)
    probs = one_hot * 0.8 + 0.1 * (1 - one_hot)  # 0.8 on the label, 0.1 on each other class
    padded = torch.full((len(LABELS), C), -1)
    padded[:, 0] = idx
    return {
        "indices": idx,
        "one_hot": one_hot,
        "probabilities": probs,
        "padded": padded,
        "multi_hot": one_hot.clone(),
    }


def logits() -> torch.Tensor:
    g = torch.Generator().manual_seed(0)
    return torch.round(torch.randn(len(LABELS), C, generator=g, dtype=F64) * 2, decimals=2)


def _input(loss: str, z: torch.Tensor) -> torch.Tensor:
    """NLLLoss and KLDivLoss take log-probabilities: the page applies log_softmax first."""
    return torch.log_softmax(z, dim=1) if loss in ("NLLLoss", "KLDivLoss") else z


def _kwargs(loss: str) -> dict:
    return {"reduction": "batchmean"} if loss == "KLDivLoss" else {}


def table() -> Formats:
    z, ts = logits(), targets()
    cells = []
    for loss in LOSSES:
        for fmt, t in ts.items():
            try:
                out = getattr(nn, loss)(**_kwargs(loss))(_input(loss, z), t)
                cells.append(Cell(loss, fmt, out.item(), None))
            except (RuntimeError, ValueError, IndexError) as err:
                cells.append(Cell(loss, fmt, None, str(err).strip().splitlines()[0][:300]))
    return Formats(z.tolist(), {k: v.tolist() for k, v in ts.items()}, tuple(cells))
