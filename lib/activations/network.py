"""Inside a network: where real pre-activations land on the activation, and what reaches each layer.

A stack of `depth` bias-free linear layers of size width x width, each followed by the activation,
on a batch of standard-normal inputs. Weights are drawn with std init_scale / sqrt(width):
init_scale = 1 is LeCun's choice, sqrt(2) is He's. One real backward pass of a mean squared error
against random targets gives the gradient that reaches each layer.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import torch

from lib.activations.curves import activation, call_code, check_range, check_threshold, slope
from lib.common.errors import InputError

MAX_DEPTH = 20
MAX_WIDTH = 256
MAX_INIT_SCALE = 10.0
BATCH = 128
BINS = 60
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class NetworkConfig:
    activation: str = "sigmoid"
    params: tuple[tuple[str, float], ...] = ()  # non-default keywords of the activation
    depth: int = 10  # linear + activation layers
    width: int = 64  # units per layer
    init_scale: float = 1.0  # weight std = init_scale / sqrt(width)
    threshold: float = 0.1  # |f′(z)| below this: the unit is saturated for that example
    seed: int = 0
    hist_range: tuple[float, float] = (-6.0, 6.0)  # the x axis the histograms share


@dataclass(frozen=True)
class LayerStats:
    layer: int  # 1 = closest to the input
    pre_mean: float
    pre_std: float
    saturated_share: float  # of all (example, unit) pairs: |f′(z)| < threshold
    dead_share: float  # of units: f′(z) == 0 for every example of the batch
    weight_grad_norm: float  # ‖∂L/∂W‖ of this layer's weight
    pre_grad_norm: float  # ‖∂L/∂z‖: the error signal arriving at this layer's pre-activations
    counts: tuple[int, ...]  # histogram of z over bin_edges; values outside land in the end bins
    below: float  # share of z left of the histogram window
    above: float


@dataclass(frozen=True)
class NetworkProbe:
    config: NetworkConfig
    layers: tuple[LayerStats, ...]
    bin_edges: tuple[float, ...]
    loss: float
    grad_ratio: float = field(default=math.nan)  # ‖∂L/∂W‖ of layer 1 over that of the last


def check_config(cfg: NetworkConfig) -> None:
    """Every bound before a single weight is allocated."""
    if not (isinstance(cfg.depth, int) and 1 <= cfg.depth <= MAX_DEPTH):
        raise InputError(
            "act_depth",
            "The network can have 1 to {max} layers, not {n}.",
            max=MAX_DEPTH,
            n=cfg.depth,
        )
    if not (isinstance(cfg.width, int) and 1 <= cfg.width <= MAX_WIDTH):
        raise InputError(
            "act_width", "A layer can have 1 to {max} units, not {n}.", max=MAX_WIDTH, n=cfg.width
        )
    if not (math.isfinite(cfg.init_scale) and 0 < cfg.init_scale <= MAX_INIT_SCALE):
        raise InputError(
            "act_init_scale",
            "The init scale must lie in (0, {max}], not {value}.",
            max=MAX_INIT_SCALE,
            value=cfg.init_scale,
        )
    if not (isinstance(cfg.seed, int) and 0 <= cfg.seed <= MAX_SEED):
        raise InputError(
            "act_seed",
            "The seed must be a whole number from 0 to {max}, not {value}.",
            max=MAX_SEED,
            value=cfg.seed,
        )
    check_threshold(cfg.threshold)
    check_range(*cfg.hist_range)


def build(cfg: NetworkConfig) -> tuple[torch.Tensor, list[torch.Tensor], torch.Tensor]:
    """Inputs, weights and targets, drawn in this order from one generator seeded with cfg.seed."""
    x, normals, target = _draws(cfg.seed, cfg.width, cfg.depth)
    std = cfg.init_scale / math.sqrt(cfg.width)
    return x, [n * std for n in normals], target


@functools.lru_cache(maxsize=4)  # ≤ 4 × 5 MB; the tensors are only read, never written
def _draws(seed: int, width: int, depth: int) -> tuple[torch.Tensor, tuple, torch.Tensor]:
    """The standard normals behind build(), in its order: moving the init scale reuses them (the
    20 × 256 × 256 draws were half of a probe) and scales them, the same numbers bit for bit."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(BATCH, width, generator=g)
    normals = tuple(torch.randn(width, width, generator=g) for _ in range(depth))
    return x, normals, torch.randn(BATCH, width, generator=g)


def histograms(z: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
    """Counts of each z[k] over BINS equal bins of [lo, hi], values outside in the end bins:
    torch.histc(z[k].clamp(lo, hi), BINS, lo, hi) bin for bin (tests check), for every k in one
    bincount instead of one histc each."""
    depth = z.shape[0]
    # (clamp(z) - lo) * BINS / (hi - lo), each step in place on one copy: 13 MB less to write
    pos = z.reshape(depth, -1).clamp(lo, hi).sub_(lo).mul_(BINS).div_(hi - lo)
    pos = pos.int().clamp_(max=BINS - 1)
    pos += (torch.arange(depth, dtype=torch.int32) * BINS).view(depth, 1)
    return torch.bincount(pos.flatten(), minlength=depth * BINS).view(depth, BINS)


def probe(cfg: NetworkConfig) -> NetworkProbe:
    """Forward the batch, backward the loss once, and measure every layer on the way."""
    check_config(cfg)
    fn = activation(cfg.activation, dict(cfg.params))
    x, weights, target = build(cfg)
    for w in weights:
        w.requires_grad_(True)
    h, pre = x, []
    for w in weights:
        z = h @ w.T
        z.retain_grad()
        pre.append(z)
        h = fn(z)
    loss = (h - target).pow(2).mean()
    loss.backward()
    lo, hi = cfg.hist_range
    z = torch.stack([p.detach() for p in pre])  # [layer, example, unit]: every layer at once
    d = slope(fn, z)[1]
    per_layer = {
        "pre_mean": z.mean(dim=(1, 2)),
        "pre_std": torch.stack([layer.std() for layer in z]),  # 4x faster than std(dim=(1, 2))
        "saturated_share": (d.abs() < cfg.threshold).float().mean(dim=(1, 2)),
        "dead_share": (d == 0).all(dim=1).float().mean(dim=1),
        "weight_grad_norm": torch.stack([w.grad.norm() for w in weights]),
        "pre_grad_norm": torch.stack([p.grad.norm() for p in pre]),
        "below": (z < lo).float().mean(dim=(1, 2)),
        "above": (z > hi).float().mean(dim=(1, 2)),
    }
    columns = {name: v.tolist() for name, v in per_layer.items()}
    counts = histograms(z, lo, hi).tolist()
    layers = [
        LayerStats(layer=k + 1, counts=tuple(counts[k]), **{n: c[k] for n, c in columns.items()})
        for k in range(cfg.depth)
    ]
    edges = tuple(torch.linspace(lo, hi, BINS + 1).tolist())
    first, last = layers[0].weight_grad_norm, layers[-1].weight_grad_norm
    ratio = first / last if last > 0 else math.inf
    return NetworkProbe(cfg, tuple(layers), edges, loss.item(), ratio)


def snippet(cfg: NetworkConfig) -> str:
    """Runnable code for the network view: the same draws, the same numbers."""
    check_config(cfg)
    call = call_code(cfg.activation, dict(cfg.params), arg="z")
    return f"""import math

import torch
import torch.nn.functional as F

g = torch.Generator().manual_seed({cfg.seed})
depth, width, batch, init_scale = {cfg.depth}, {cfg.width}, {BATCH}, {cfg.init_scale!r}
x = torch.randn(batch, width, generator=g)
std = init_scale / math.sqrt(width)  # 1 = LeCun, sqrt(2) = He
weights = [(torch.randn(width, width, generator=g) * std).requires_grad_()
           for _ in range(depth)]
target = torch.randn(batch, width, generator=g)

h, pre = x, []
for w in weights:
    z = h @ w.T
    z.retain_grad()  # keep dL/dz of this layer
    pre.append(z)
    h = {call}
loss = (h - target).pow(2).mean()
loss.backward()

saturated, dead, grad_norms = [], [], []
for k, (z, w) in enumerate(zip(pre, weights, strict=True), start=1):
    zd = z.detach().requires_grad_()
    (slope,) = torch.autograd.grad({call_code(cfg.activation, dict(cfg.params), arg="zd")}.sum(),
                                   zd)
    saturated.append((slope.abs() < {cfg.threshold!r}).float().mean().item())
    dead.append((slope == 0).all(dim=0).float().mean().item())
    grad_norms.append(w.grad.norm().item())
    print(f"layer {{k:2d}}  z std {{z.std().item():8.3f}}  saturated {{saturated[-1]:6.1%}}  "
          f"dead {{dead[-1]:6.1%}}  |dL/dW| {{grad_norms[-1]:.3e}}")
"""
