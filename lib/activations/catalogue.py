"""The catalogue: every torch activation on the page, its tunable parameters and their sliders."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from lib.common.errors import InputError

Fn = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Param:
    """One keyword argument of a torch activation, with the slider that sets it."""

    name: str  # torch's keyword (negative_slope, alpha, min_val, max_val, beta)
    key: str  # widget key and URL parameter
    default: float
    lo: float
    hi: float
    step: float


@dataclass(frozen=True)
class Spec:
    """A catalogue entry: the torch call, its tunable parameters, fixed keywords."""

    call: str  # how the code panel writes it
    fn: Callable[..., torch.Tensor]
    params: tuple[Param, ...] = ()
    fixed: tuple[tuple[str, object], ...] = ()


_ALPHA = (0.1, 3.0, 0.1)
CATALOGUE: dict[str, Spec] = {
    "relu": Spec("F.relu", F.relu),
    "leaky_relu": Spec(
        "F.leaky_relu",
        F.leaky_relu,
        (Param("negative_slope", "act_leaky_slope", 0.01, 0.0, 1.0, 0.01),),
    ),
    "relu6": Spec("F.relu6", F.relu6),
    "elu": Spec("F.elu", F.elu, (Param("alpha", "act_elu_alpha", 1.0, *_ALPHA),)),
    "selu": Spec("F.selu", F.selu),
    "celu": Spec("F.celu", F.celu, (Param("alpha", "act_celu_alpha", 1.0, *_ALPHA),)),
    "gelu": Spec("F.gelu", F.gelu),
    "gelu_tanh": Spec("F.gelu", F.gelu, fixed=(("approximate", "tanh"),)),
    "silu": Spec("F.silu", F.silu),
    "mish": Spec("F.mish", F.mish),
    "sigmoid": Spec("torch.sigmoid", torch.sigmoid),
    "tanh": Spec("torch.tanh", torch.tanh),
    "hardtanh": Spec(
        "F.hardtanh",
        F.hardtanh,
        (
            Param("min_val", "act_ht_min", -1.0, -5.0, 5.0, 0.1),
            Param("max_val", "act_ht_max", 1.0, -5.0, 5.0, 0.1),
        ),
    ),
    "hardsigmoid": Spec("F.hardsigmoid", F.hardsigmoid),
    "hardswish": Spec("F.hardswish", F.hardswish),
    "softplus": Spec(
        "F.softplus", F.softplus, (Param("beta", "act_sp_beta", 1.0, 0.1, 10.0, 0.1),)
    ),
    "softsign": Spec("F.softsign", F.softsign),
    "logsigmoid": Spec("F.logsigmoid", F.logsigmoid),
}
NAMES = tuple(CATALOGUE)

# name -> a callable on tensors with torch's default parameters: the public catalogue.
ACTIVATIONS: Mapping[str, Fn] = {
    name: functools.partial(spec.fn, **dict(spec.fixed)) for name, spec in CATALOGUE.items()
}


def check_name(name: str) -> Spec:
    if name not in CATALOGUE:
        raise InputError(
            "act_unknown",
            "{name!r} is not one of the activations on this page.",
            name=str(name)[:40],
        )
    return CATALOGUE[name]


def settings(name: str, params: Mapping[str, float] | None = None) -> dict[str, float]:
    """Every tunable keyword of `name`: the given values, torch's defaults for the rest."""
    spec = check_name(name)
    given = dict(params or {})
    values = {p.name: float(given.pop(p.name, p.default)) for p in spec.params}
    if given:
        raise InputError(
            "act_param_unknown",
            "{name} has no parameter {param!r}.",
            name=name,
            param=sorted(given)[0],
        )
    for p in spec.params:
        v = values[p.name]
        if not (math.isfinite(v) and p.lo <= v <= p.hi):
            raise InputError(
                "act_param_range",
                "{param} of {name} must lie in [{lo}, {hi}], not {value}.",
                param=p.name,
                name=name,
                lo=p.lo,
                hi=p.hi,
                value=v,
            )
    if name == "hardtanh" and values["min_val"] >= values["max_val"]:
        raise InputError(
            "act_hardtanh_order",
            "hardtanh needs min_val below max_val, but they are {lo} and {hi}.",
            lo=values["min_val"],
            hi=values["max_val"],
        )
    return values


def activation(name: str, params: Mapping[str, float] | None = None) -> Fn:
    """The torch function `name` with its parameters bound (checked first)."""
    spec = check_name(name)
    return functools.partial(spec.fn, **dict(spec.fixed), **settings(name, params))


def call_code(name: str, params: Mapping[str, float] | None = None, arg: str = "x") -> str:
    """`F.leaky_relu(x, negative_slope=0.2)`: the call as the code panel prints it."""
    spec = CATALOGUE[name]
    kwargs = [f"{k}={v!r}" for k, v in spec.fixed]
    values = settings(name, params)
    kwargs += [f"{p.name}={values[p.name]!r}" for p in spec.params if values[p.name] != p.default]
    return f"{spec.call}({', '.join([arg, *kwargs])})"
