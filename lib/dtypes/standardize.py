"""Standardizing a feature column, (x − mean) / std, with torch.std (N − 1) and np.std (N)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lib.common.errors import InputError

MIN_N, MAX_N = 2, 2000
MAX_SEED = 9999
CENTRE, SPREAD = 170.0, 8.0  # the column: heights in cm, a feature a student would standardize


@dataclass(frozen=True)
class Standardized:
    n: int
    seed: int
    x: tuple[float, ...]  # the float32 feature column
    mean: float
    std_torch: float  # torch.std: divides by N − 1 (Bessel's correction)
    std_numpy: float  # np.std: divides by N
    z_torch: tuple[float, ...]  # (x − mean) / torch.std
    z_numpy: tuple[float, ...]  # (x − mean) / np.std, from NumPy on x.numpy()
    inside_torch: float  # share of z_torch within [−1, 1]
    inside_numpy: float
    z_std_torch: float  # torch.std of z_torch: 1 by construction
    z_std_numpy: float  # np.std of z_numpy: 1 by construction


def column(n: int, seed: int) -> torch.Tensor:
    """A seeded normal feature column of `n` float32 values."""
    g = torch.Generator().manual_seed(seed)
    return CENTRE + SPREAD * torch.randn(n, generator=g)


def standardize(n: int, seed: int) -> Standardized:
    if not MIN_N <= n <= MAX_N:
        raise InputError("dt_n", "{n} values is outside {lo} to {hi}.", n=n, lo=MIN_N, hi=MAX_N)
    if not 0 <= seed <= MAX_SEED:
        raise InputError("dt_seed", "Seed {seed} is outside 0 to {hi}.", seed=seed, hi=MAX_SEED)
    x = column(n, seed)
    mean, std = torch.mean(x), torch.std(x)
    z = (x - mean) / std
    a = x.numpy()
    z_np = (a - np.mean(a)) / np.std(a)
    return Standardized(
        n,
        seed,
        tuple(x.tolist()),
        mean.item(),
        std.item(),
        float(np.std(a)),
        tuple(z.tolist()),
        tuple(z_np.tolist()),
        (z.abs() <= 1).double().mean().item(),
        float(np.mean(np.abs(z_np) <= 1)),
        torch.std(z).item(),
        float(np.std(z_np)),
    )
