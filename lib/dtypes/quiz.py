"""Check yourself: the dtype of `uint8_tensor + 1.5`, as torch and NumPy decide it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lib.dtypes.promotion import dtype_name

OPTIONS = ("uint8", "float16", "float32", "float64")
QUESTION = "torch.tensor([1, 2], dtype=torch.uint8) + 1.5"


@dataclass(frozen=True)
class Quiz:
    code: str
    options: tuple[str, ...]
    answer: str  # the dtype torch returns
    numpy: str  # the dtype NumPy returns for np.array([1, 2], dtype=np.uint8) + 1.5


def uint8_plus_float() -> Quiz:
    answer = dtype_name((torch.tensor([1, 2], dtype=torch.uint8) + 1.5).dtype)
    return Quiz(QUESTION, OPTIONS, answer, str((np.array([1, 2], dtype=np.uint8) + 1.5).dtype))
