"""The loss bench: CrossEntropyLoss next to NLLLoss ∘ log_softmax, and the two classic mistakes.

The batch is the student's own logits as row 0, plus seeded random rows. Every loss is
computed by torch.nn in the chosen dtype; nothing here re-derives a loss by hand except the
label-smoothing mix, which is checked against CrossEntropyLoss itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from lib.common.errors import InputError
from lib.softmax.parse import check_target, parse_numbers

MAX_BATCH = 8
REDUCTIONS = ("mean", "sum", "none")
SPREAD = 2.0  # the random rows are randn * SPREAD: confident enough to make losses differ


@dataclass(frozen=True)
class LossOptions:
    """The CrossEntropyLoss options this page exposes (torch's defaults)."""

    weight: tuple[float, ...] | None = None
    ignore_index: int = -100
    label_smoothing: float = 0.0
    reduction: str = "mean"


DEFAULT_OPTIONS = LossOptions()


def parse_weight(text: str, classes: int) -> tuple[float, ...] | None:
    """One non-negative weight per class, or None when the box is empty."""
    values = parse_numbers(text, what="weights")
    if not values:
        return None
    if len(values) != classes:
        raise InputError(
            "sm_weight_count",
            "The weight list has {n} entries but there are {c} classes.",
            n=len(values),
            c=classes,
        )
    for w in values:
        if not (math.isfinite(w) and w >= 0):
            raise InputError(
                "sm_weight_value",
                "Class weights must be finite and not negative, but one is {w}.",
                w=w,
            )
    return values


def check_options(options: LossOptions) -> None:
    if not 0.0 <= options.label_smoothing <= 1.0:
        raise InputError(
            "sm_smoothing",
            "label_smoothing must be between 0 and 1, not {e}.",
            e=options.label_smoothing,
        )
    if options.reduction not in REDUCTIONS:
        raise InputError(
            "sm_reduction", "{r!r} is not a reduction (use mean, sum or none).", r=options.reduction
        )


def make_batch(
    first: torch.Tensor, target: int, batch: int, seed: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """(logits (B, C), targets (B,)): `first` and `target` as row 0, the rest drawn from `seed`."""
    if not 1 <= batch <= MAX_BATCH:
        raise InputError(
            "sm_batch", "The batch has {n} rows; use 1 to {max}.", n=batch, max=MAX_BATCH
        )
    classes = first.numel()
    check_target(target, classes)
    g = torch.Generator().manual_seed(seed)
    rest = torch.randn(batch - 1, classes, generator=g) * SPREAD
    targets = torch.randint(classes, (batch - 1,), generator=g)
    logits = torch.cat([first.detach().reshape(1, -1), rest.to(first.dtype)])
    return logits, torch.cat([torch.tensor([target]), targets])


@dataclass(frozen=True)
class Bench:
    logits: torch.Tensor  # (B, C) in the chosen dtype
    targets: torch.Tensor  # (B,) int64
    options: LossOptions
    cross_entropy: torch.Tensor  # nn.CrossEntropyLoss(...)(z, y)
    nll_of_log_softmax: torch.Tensor  # nn.NLLLoss(...)(nn.LogSoftmax(dim=1)(z), y)
    smoothed_mix: torch.Tensor | None  # (1-ε)·NLL(y) + ε·mean_c NLL(c), reduced; only when ε > 0
    double_softmax: torch.Tensor  # CrossEntropyLoss(softmax(z), y): a mistake
    nll_on_probabilities: torch.Tensor  # NLLLoss(softmax(z), y): a mistake
    p_true: torch.Tensor  # (B,) softmax(z)[i, y_i]
    nll_per_sample: torch.Tensor  # (B,) -log_softmax(z)[i, y_i]
    loss_per_sample: torch.Tensor  # (B,) CrossEntropyLoss(reduction='none'): weighted, 0 if ignored
    ignored: torch.Tensor  # (B,) bool
    double_softmax_floor: float  # CE(onehot(y), y): the lowest loss double softmax can ever reach

    @property
    def two_ways_agree(self) -> bool:
        """CE == the NLL route (or the smoothing mix), bit for bit or within rounding."""
        other = self.nll_of_log_softmax if self.smoothed_mix is None else self.smoothed_mix
        return _same(self.cross_entropy, other, exact=self.smoothed_mix is None)


def _same(a: torch.Tensor, b: torch.Tensor, *, exact: bool) -> bool:
    if exact:  # nan == nan here: both routes failing the same way still agree
        return bool(((a == b) | (a.isnan() & b.isnan())).all())
    tol = 8 * torch.finfo(a.dtype).eps
    return torch.allclose(a.double(), b.double(), rtol=tol, atol=tol, equal_nan=True)


def losses(
    logits: torch.Tensor, targets: torch.Tensor, options: LossOptions = DEFAULT_OPTIONS
) -> Bench:
    """Every loss of the bench on one (B, C) batch, as torch.nn computes it."""
    check_options(options)
    weight = _weight(options.weight, logits)
    kw = dict(weight=weight, ignore_index=options.ignore_index, reduction=options.reduction)
    ce = nn.CrossEntropyLoss(label_smoothing=options.label_smoothing, **kw)
    nll = nn.NLLLoss(**kw)
    log_p, p = nn.LogSoftmax(dim=1)(logits), nn.Softmax(dim=1)(logits)
    ignored = targets == options.ignore_index
    safe = targets.masked_fill(ignored, 0)  # gather needs a real class even on ignored rows
    per_sample = nn.CrossEntropyLoss(
        weight=weight,
        ignore_index=options.ignore_index,
        label_smoothing=options.label_smoothing,
        reduction="none",
    )
    return Bench(
        logits=logits,
        targets=targets,
        options=options,
        cross_entropy=ce(logits, targets),
        nll_of_log_softmax=nll(log_p, targets),
        smoothed_mix=_smoothed_mix(log_p, targets, options, weight)
        if options.label_smoothing > 0
        else None,
        double_softmax=ce(p, targets),
        nll_on_probabilities=nll(p, targets),
        p_true=p.gather(1, safe[:, None])[:, 0],
        nll_per_sample=-log_p.gather(1, safe[:, None])[:, 0],
        loss_per_sample=per_sample(logits, targets),
        ignored=ignored,
        double_softmax_floor=_floor(logits),
    )


def _floor(logits: torch.Tensor) -> float:
    """Perfect probabilities fed to CrossEntropyLoss: softmax squashes them again, so even
    this loss is log(1 + (C - 1)/e), not 0. Training on softmax outputs stalls near it."""
    y = torch.tensor([0])
    perfect = nn.functional.one_hot(y, logits.shape[1]).to(logits.dtype)
    return float(nn.CrossEntropyLoss()(perfect, y))


def _weight(weight: tuple[float, ...] | None, logits: torch.Tensor) -> torch.Tensor | None:
    if weight is None:
        return None
    if len(weight) != logits.shape[1]:
        raise InputError(
            "sm_weight_count",
            "The weight list has {n} entries but there are {c} classes.",
            n=len(weight),
            c=logits.shape[1],
        )
    return torch.tensor(weight, dtype=logits.dtype)


def _smoothed_mix(
    log_p: torch.Tensor, targets: torch.Tensor, options: LossOptions, weight: torch.Tensor | None
) -> torch.Tensor:
    """NLLLoss has no label_smoothing; CrossEntropyLoss with ε mixes two NLLs per sample:
    (1 - ε)·NLL(log p, y) + ε·mean over classes c of NLL(log p, c), then NLLLoss's reduction."""
    eps, classes = options.label_smoothing, log_p.shape[1]
    per = nn.NLLLoss(weight=weight, ignore_index=options.ignore_index, reduction="none")
    every = nn.NLLLoss(weight=weight, reduction="none")  # class c is never ignored here
    kept = targets != options.ignore_index
    uniform = sum(every(log_p, torch.full_like(targets, c)) for c in range(classes)) / classes
    mixed = (1 - eps) * per(log_p, targets) + eps * uniform * kept
    if options.reduction == "none":
        return mixed
    if options.reduction == "sum":
        return mixed.sum()
    # NLLLoss's documented mean: divide by the total weight of the rows that are not ignored.
    w = torch.ones(classes, dtype=log_p.dtype) if weight is None else weight
    return mixed.sum() / (w[targets.masked_fill(~kept, 0)] * kept).sum()


def bench(
    first: torch.Tensor,
    target: int,
    batch: int = 4,
    seed: int = 0,
    options: LossOptions = DEFAULT_OPTIONS,
) -> Bench:
    """The page's loss bench: `first` (the scaled logits) and `target` lead a seeded batch."""
    logits, targets = make_batch(first, target, batch, seed)
    return losses(logits, targets, options)
