"""The loss zoo as data: every torch.nn loss on the page, its options, inputs and targets.

One `Spec` per loss, keyed by its torch.nn class name. The page draws its option sliders from
`options`, the batch bench draws its samples from `sample`, the curve sweeps what `probe` builds,
and `value`/`gradient` convert a student's nested lists to the dtypes `target_dtype` names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
from torch import nn

from lib.common.errors import InputError

F64 = torch.float64
REDUCTIONS = ("none", "mean", "sum")


@dataclass(frozen=True)
class Option:
    """One keyword argument of a loss module; numbers get a slider, `choices` a picker."""

    name: str  # torch's keyword: beta, delta, pos_weight, log_input, margin, p, ...
    default: float | bool
    lo: float = 0.0
    hi: float = 1.0
    step: float = 0.1
    choices: tuple = ()  # bools and p of MultiMarginLoss: only these values

    def check(self, loss: str, value: object) -> float | bool:
        if self.choices:
            if value not in self.choices:
                raise InputError(
                    "loss_option_choice",
                    "{option} of {name} must be one of {choices}, not {value}.",
                    option=self.name,
                    name=loss,
                    choices=", ".join(map(str, self.choices)),
                    value=str(value)[:40],
                )
            return value
        v = float(value)
        if not (math.isfinite(v) and self.lo <= v <= self.hi):
            raise InputError(
                "loss_option_range",
                "{option} of {name} must lie in [{lo}, {hi}] on this page, not {value}.",
                option=self.name,
                name=loss,
                lo=self.lo,
                hi=self.hi,
                value=v,
            )
        return v


# (x, y, label) -> the module's inputs for a sweep of S points; the swept tensor comes first and
# x sits in its column `col` (None: the tensor is x itself).
Probe = Callable[[torch.Tensor, float, int], list[torch.Tensor]]
# (generator, n) -> (prediction, target) as nested lists: a small realistic batch.
Sample = Callable[[torch.Generator, int], tuple[list, list]]


@dataclass(frozen=True)
class Spec:
    """A catalogue entry. `call` says how the module takes its arguments: "pt" is
    loss(prediction, target); "pair" is loss(prediction[0], prediction[1], target) (the two
    scores or embeddings stacked); "triplet" is loss(anchor, target[0], target[1])."""

    family: str  # regression | probability | classification | margin
    use_for: str  # locale key losses.use_<...>: the one-line "use it for"
    input_shape: str  # as torch's docs write it
    target_shape: str
    target_dtype: torch.dtype  # what value() converts the target to (CrossEntropy: see below)
    target_domain: str  # real | probability | count | index | sign | padded | multihot | kl
    probe: Probe
    col: int | None
    sweep: tuple[float, float]  # the curve's x range: where the input makes sense
    sample: Sample
    options: tuple[Option, ...] = ()
    call: str = "pt"
    reductions: tuple[str, ...] = REDUCTIONS
    valid: tuple[float, float] = (-math.inf, math.inf)  # where the input means anything

    @property
    def module(self) -> type[nn.Module]:
        return getattr(nn, self.torch_name)

    torch_name: str = ""


def _full(x: torch.Tensor, v: float) -> torch.Tensor:
    return torch.full_like(x, float(v))


def _scores(x: torch.Tensor, rest: float = 0.0) -> torch.Tensor:
    """(S, 3): the swept score in column 0, the two other classes fixed at `rest`."""
    return torch.stack([x, _full(x, rest), _full(x, rest)], dim=1)


def _cls(x: torch.Tensor, label: int) -> torch.Tensor:
    """The target class: 0 (the swept score is the right class's) for +1, else class 1."""
    return torch.full(x.shape, 0 if label > 0 else 1, dtype=torch.int64)


def _plane(x: torch.Tensor, second: float = 1.0) -> torch.Tensor:
    return torch.stack([x, _full(x, second)], dim=1)


def _r(t: torch.Tensor) -> list:
    return torch.round(t, decimals=2).tolist()


def _randn(g, *shape):
    return torch.randn(*shape, generator=g, dtype=F64)


def _signs(g, *shape):
    return (torch.randint(0, 2, shape, generator=g) * 2 - 1).tolist()


def _padded(g, n: int) -> list:
    """Each sample's labels first, then -1: torch reads up to the first -1."""
    rows = []
    for _ in range(n):
        k = int(torch.randint(1, 3, (1,), generator=g))
        labels = torch.randperm(3, generator=g)[:k].tolist()
        rows.append(labels + [-1] * (3 - k))
    return rows


def _counts(g, n: int) -> list:
    return torch.randint(0, 5, (n, 2), generator=g).double().tolist()


def _onehot(x: torch.Tensor, label: int) -> torch.Tensor:
    return torch.tensor([[1.0, 0, 0] if label > 0 else [0, 1.0, 0]] * len(x), dtype=F64)


_NO_YES = (False, True)
_MARGIN = Option("margin", 1.0, 0.0, 5.0, 0.1)
_CLASSES = "(N, C)"
_I64 = torch.int64

# One row per loss, in the order of torch's docs; kept compact as the table it is.
# fmt: off
_SPECS: dict[str, Spec] = {
    "MSELoss": Spec(
        "regression", "use_mse", "(N, *)", "same as input", F64, "real",
        lambda x, y, s: [x, _full(x, y)], None, (-4.0, 4.0),
        lambda g, n: (_r(_randn(g, n, 2)), _r(_randn(g, n, 2))),
    ),
    "L1Loss": Spec(
        "regression", "use_l1", "(N, *)", "same as input", F64, "real",
        lambda x, y, s: [x, _full(x, y)], None, (-4.0, 4.0),
        lambda g, n: (_r(_randn(g, n, 2)), _r(_randn(g, n, 2))),
    ),
    "SmoothL1Loss": Spec(
        "regression", "use_smooth_l1", "(N, *)", "same as input", F64, "real",
        lambda x, y, s: [x, _full(x, y)], None, (-4.0, 4.0),
        lambda g, n: (_r(_randn(g, n, 2)), _r(_randn(g, n, 2))),
        (Option("beta", 1.0, 0.0, 5.0, 0.1),),
    ),
    "HuberLoss": Spec(
        "regression", "use_huber", "(N, *)", "same as input", F64, "real",
        lambda x, y, s: [x, _full(x, y)], None, (-4.0, 4.0),
        lambda g, n: (_r(_randn(g, n, 2)), _r(_randn(g, n, 2))),
        (Option("delta", 1.0, 0.1, 5.0, 0.1),),
    ),
    "BCELoss": Spec(
        "probability", "use_bce", "(N, *) in [0, 1]", "same as input, in [0, 1]", F64,
        "probability", lambda x, y, s: [x, _full(x, y)], None, (0.01, 0.99),
        lambda g, n: (
            _r(torch.rand(n, 2, generator=g, dtype=F64) * 0.9 + 0.05),
            torch.randint(0, 2, (n, 2), generator=g).double().tolist(),
        ),
        valid=(0.0, 1.0),
    ),
    "BCEWithLogitsLoss": Spec(
        "probability", "use_bce_logits", "(N, *) logits", "same as input, in [0, 1]", F64,
        "probability", lambda x, y, s: [x, _full(x, y)], None, (-6.0, 6.0),
        lambda g, n: (
            _r(_randn(g, n, 2) * 2),
            torch.randint(0, 2, (n, 2), generator=g).double().tolist(),
        ),
        (Option("pos_weight", 1.0, 0.1, 10.0, 0.1),),
    ),
    "CrossEntropyLoss": Spec(
        "classification", "use_ce", "(N, C) logits", "(N,) class indices or (N, C) probabilities",
        _I64, "index", lambda x, y, s: [_scores(x), _cls(x, s)], 0, (-6.0, 6.0),
        lambda g, n: (_r(_randn(g, n, 3) * 2), torch.randint(0, 3, (n,), generator=g).tolist()),
        (Option("label_smoothing", 0.0, 0.0, 1.0, 0.05),),
    ),
    "NLLLoss": Spec(
        "classification", "use_nll", "(N, C) log-probabilities", "(N,) class indices", _I64,
        "index", lambda x, y, s: [_scores(x, -math.log(3)), _cls(x, s)], 0, (-6.0, 0.0),
        lambda g, n: (
            _r(torch.log_softmax(_randn(g, n, 3) * 2, dim=1)),
            torch.randint(0, 3, (n,), generator=g).tolist(),
        ),
        valid=(-math.inf, 0.0),
    ),
    "PoissonNLLLoss": Spec(
        "probability", "use_poisson", "(N, *) log-rates (log_input) or rates", "same, counts ≥ 0",
        F64, "count", lambda x, y, s: [x, _full(x, y)], None, (-3.0, 3.0),
        lambda g, n: (_r(_randn(g, n, 2)), _counts(g, n)),
        (Option("log_input", True, choices=(True, False)), Option("full", False, choices=_NO_YES)),
    ),
    "KLDivLoss": Spec(
        "probability", "use_kl", "(N, C) log-probabilities", "(N, C) probabilities", F64, "kl",
        lambda x, y, s: [x, _full(x, y)], None, (-6.0, 0.0),
        lambda g, n: (
            _r(torch.log_softmax(_randn(g, n, 3), dim=1)),
            _r(torch.softmax(_randn(g, n, 3), dim=1)),
        ),
        (Option("log_target", False, choices=_NO_YES),),
        reductions=(*REDUCTIONS, "batchmean"), valid=(-math.inf, 0.0),
    ),
    "MarginRankingLoss": Spec(
        "margin", "use_ranking", "x1, x2: (N,) scores, stacked as (2, N)", "(N,) of ±1", F64,
        "sign", lambda x, y, s: [x, _full(x, y), _full(x, s)], None, (-5.0, 5.0),
        lambda g, n: (_r(_randn(g, 2, n)), _signs(g, n)),
        (Option("margin", 0.0, 0.0, 5.0, 0.1),), call="pair",
    ),
    "HingeEmbeddingLoss": Spec(
        "margin", "use_hinge", "(N, *) distances", "same as input, ±1", F64, "sign",
        lambda x, y, s: [x, _full(x, s)], None, (-1.0, 5.0),
        lambda g, n: (_r(_randn(g, n, 2).abs() * 2), _signs(g, n, 2)), (_MARGIN,),
    ),
    "MultiMarginLoss": Spec(
        "margin", "use_multi_margin", f"{_CLASSES} scores", "(N,) class indices", _I64, "index",
        lambda x, y, s: [_scores(x), _cls(x, s)], 0, (-5.0, 5.0),
        lambda g, n: (_r(_randn(g, n, 3)), torch.randint(0, 3, (n,), generator=g).tolist()),
        (Option("p", 1, choices=(1, 2)), _MARGIN),
    ),
    "MultiLabelMarginLoss": Spec(
        "margin", "use_multilabel_margin", f"{_CLASSES} scores", "(N, C) labels padded with -1",
        _I64, "padded",
        lambda x, y, s: [_scores(x), torch.tensor([[0 if s > 0 else 1, -1, -1]] * len(x))],
        0, (-5.0, 5.0), lambda g, n: (_r(_randn(g, n, 3)), _padded(g, n)),
    ),
    "TripletMarginLoss": Spec(
        "margin", "use_triplet", "anchor (N, D)", "positive, negative (N, D), stacked as (2, N, D)",
        F64, "real",
        lambda x, y, s: [_plane(x), _plane(_full(x, 0), 0), _plane(_full(x, y), 0)],
        0, (-5.0, 5.0),
        lambda g, n: (_r(_randn(g, n, 2)), _r(_randn(g, 2, n, 2))),
        (Option("margin", 1.0, 0.1, 5.0, 0.1), Option("p", 2.0, 1.0, 3.0, 0.5),
         Option("swap", False, choices=_NO_YES)),
        call="triplet",
    ),
    "CosineEmbeddingLoss": Spec(
        "margin", "use_cosine", "x1, x2: (N, D), stacked as (2, N, D)", "(N,) of ±1", F64,
        "sign",
        lambda x, y, s: [_plane(x), _plane(_full(x, 1.0), 0), _full(x, s)], 0, (-5.0, 5.0),
        lambda g, n: (_r(_randn(g, 2, n, 2)), _signs(g, n)),
        (Option("margin", 0.0, -1.0, 1.0, 0.1),), call="pair",
    ),
    "SoftMarginLoss": Spec(
        "margin", "use_soft_margin", "(N, *) scores", "same as input, ±1", F64, "sign",
        lambda x, y, s: [x, _full(x, s)], None, (-5.0, 5.0),
        lambda g, n: (_r(_randn(g, n, 2) * 2), _signs(g, n, 2)),
    ),
    "MultiLabelSoftMarginLoss": Spec(
        "margin", "use_multilabel_soft", f"{_CLASSES} scores", "(N, C) of 0 / 1", F64,
        "multihot",
        lambda x, y, s: [_scores(x), _onehot(x, s)],
        0, (-5.0, 5.0),
        lambda g, n: (
            _r(_randn(g, n, 3) * 2),
            torch.randint(0, 2, (n, 3), generator=g).double().tolist(),
        ),
    ),
}
# fmt: on

LOSSES: Mapping[str, Spec] = {
    name: Spec(**{**spec.__dict__, "torch_name": name}) for name, spec in _SPECS.items()
}
NAMES = tuple(LOSSES)


def check_name(name: str) -> Spec:
    if name not in LOSSES:
        raise InputError(
            "loss_unknown", "{name!r} is not one of the losses on this page.", name=str(name)[:40]
        )
    return LOSSES[name]


def settings(name: str, options: Mapping[str, object]) -> dict[str, object]:
    """The module's keyword arguments: the given options checked, `reduction` included."""
    spec = check_name(name)
    given = dict(options)
    reduction = given.pop("reduction", "mean")
    if reduction not in spec.reductions:
        raise InputError(
            "loss_reduction",
            "{name} takes reduction in {allowed}, not {value}.",
            name=name,
            allowed=", ".join(spec.reductions),
            value=str(reduction)[:40],
        )
    known = {o.name: o for o in spec.options}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise InputError(
            "loss_option_unknown",
            "{name} has no option {option!r} on this page.",
            name=name,
            option=unknown[0][:40],
        )
    kwargs: dict[str, object] = {"reduction": reduction}
    for option in spec.options:
        if option.name in given:
            kwargs[option.name] = option.check(name, given[option.name])
    return kwargs


def module(name: str, kwargs: Mapping[str, object]) -> nn.Module:
    """The torch module; `pos_weight` becomes the float64 tensor torch wants."""
    kw = dict(kwargs)
    if "pos_weight" in kw:
        kw["pos_weight"] = torch.tensor(float(kw["pos_weight"]), dtype=F64)
    return check_name(name).module(**kw)
