"""The optimizers' keyword arguments as a table of controls, so one loop on the page draws them
all (albumentations-demo style); defaults are read from torch.optim itself."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import torch

from lib.optimizers.run import HYPER, OPTIMIZERS

LRS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.5, 1.0, 2.0, 5.0)
EPS = (1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1)


@dataclass(frozen=True)
class Knob:
    arg: str  # the torch.optim keyword; beta1 and beta2 are the two halves of `betas`
    kind: str  # "slider", "log" (a select slider over `options`) or "toggle"
    lo: float = 0.0
    hi: float = 1.0
    step: float = 0.01
    options: tuple[float, ...] = ()


KNOBS = {
    "lr": Knob("lr", "log", options=LRS),
    "momentum": Knob("momentum", "slider", 0.0, 0.99, 0.01),
    "dampening": Knob("dampening", "slider", 0.0, 0.99, 0.01),
    "nesterov": Knob("nesterov", "toggle"),
    "beta1": Knob("beta1", "slider", 0.0, 0.999, 0.001),
    "beta2": Knob("beta2", "slider", 0.5, 0.9999, 0.0001),
    "alpha": Knob("alpha", "slider", 0.5, 0.999, 0.001),
    "eps": Knob("eps", "log", options=EPS),
    "weight_decay": Knob("weight_decay", "slider", 0.0, 1.0, 0.001),
}


def knobs(optimizer: str) -> list[Knob]:
    """The controls of one optimizer, in torch's argument order."""
    names = [n for h in HYPER[optimizer] for n in (("beta1", "beta2") if h == "betas" else (h,))]
    return [KNOBS[n] for n in names]


@cache
def defaults(optimizer: str) -> dict[str, float]:
    """torch.optim's own defaults for this optimizer (betas split into beta1, beta2)."""
    d = dict(OPTIMIZERS[optimizer]([torch.zeros(1, requires_grad=True)]).defaults)
    if "betas" in d:
        d["beta1"], d["beta2"] = d.pop("betas")
    return {k: v if isinstance(v, bool) else float(v) for k, v in d.items() if k in KNOBS}


def hyper(values: dict[str, float]) -> dict:
    """Control values -> torch.optim keyword arguments."""
    out = {k: v for k, v in values.items() if k not in ("beta1", "beta2")}
    if "beta1" in values:
        out["betas"] = (values["beta1"], values["beta2"])
    return out
