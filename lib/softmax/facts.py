"""What the softmax page says under each view: (sentence key, live numbers) read off the results.

The keys name sentences in ui/locales/<lang>/softmax.toml; the numbers come from torch. Keeping
the choice of sentence here keeps the page a list of widgets and views.
"""

from __future__ import annotations

import math

import torch

from lib.softmax.formulas import (
    Comparison,
    Gradient,
    Invariance,
    Readout,
    broken,
    compare,
    overflow_limits,
)
from lib.softmax.losses import Bench
from lib.softmax.parse import DTYPES, number

Fact = tuple[str, dict[str, object]]

# The check asks about a dtype the student is not looking at, so it is a real prediction.
OTHER_DTYPE = {
    "float32": "float16",
    "float16": "float64",
    "bfloat16": "float32",
    "float64": "float16",
}


def _classes(indices: list[int]) -> str:
    return ", ".join(map(str, indices)) if indices else "—"


def _f(x: object) -> str:
    return number(float(x))


def distribution(r: Comparison, read: Readout, target: int, temperature: float) -> list[Fact]:
    p = r.softmax.double()
    best = int(p.argmax())
    top = ("n_argmax", dict(c=best, p=_f(p[best]), T=f"{temperature:g}"))
    return [
        ("n_argmax_nan", {}) if p.isnan().any() else top,
        ("n_entropy", dict(h=_f(read.entropy), hmax=_f(read.max_entropy))),
        (
            "n_nll" if temperature == 1 else "n_nll_scaled",
            dict(
                T=f"{temperature:g}",
                y=target,
                nll=_f(read.nll),
                ce=_f(read.cross_entropy),
                dirac=_f(read.dirac_cross_entropy),
            ),
        ),
        _failures(r),
    ]


def _failures(r: Comparison) -> Fact:
    bad, bad_log, good = (broken(x) for x in (r.naive_softmax, r.naive_log_softmax, r.log_softmax))
    if not (bad or bad_log or good):
        return "n_all_finite", dict(dtype=_name(r))
    return "n_broken", dict(
        dtype=_name(r), bad=_classes(bad), bad_log=_classes(bad_log), good=_classes(good)
    )


def metrics(read: Readout, target: int) -> list[tuple[str, str]]:
    """(label, value) read-outs: the label is a formula, the same in every language."""
    return [
        ("H(p)", _f(read.entropy)),
        (f"p({target})", _f(read.p_true)),
        (f"−log p({target})", _f(read.nll)),
        (f"CE(u, {target})", _f(read.cross_entropy)),
    ]


def steps(r: Comparison) -> Fact:
    return "steps", dict(
        total=_f(r.total),
        m=_f(r.max),
        total_shifted=_f(r.total_shifted),
        lse=_f(r.logsumexp),
        torch_lse=_f(r.torch_logsumexp),
    )


def stability(r: Comparison) -> list[Fact]:
    low, high = overflow_limits(r.dtype)
    return [
        ("n_limits", dict(dtype=_name(r), high=f"{high:.4g}", low=f"{low:.4g}")),
        _naive(r),
        ("n_stable", dict(m=_f(r.max), total_shifted=_f(r.total_shifted))),
    ]


def _naive(r: Comparison) -> Fact:
    bad, bad_log = broken(r.naive_softmax), broken(r.naive_log_softmax)
    if not (bad or bad_log):
        return "n_naive_fine", dict(dtype=_name(r))
    return "n_naive", dict(bad=_classes(bad), bad_log=_classes(bad_log))


def invariances(inv: Invariance) -> list[Fact]:
    a, b = inv.pair
    return [
        ("n_shift", dict(c=f"{inv.shift:g}", gap=number(inv.shift_gap))),
        ("n_scale", dict(k=f"{inv.factor:g}", gap=number(inv.scale_gap))),
        ("n_ratio", dict(a=a, b=b, ratio=number(inv.ratio), exp=number(inv.exp_gap))),
        ("n_order_yes" if inv.monotone else "n_order_no", {}),
    ]


def losses(bench: Bench, loss: str) -> list[Fact]:
    """`loss` is the CrossEntropyLoss value as the table shows it."""
    return [
        _two_ways(bench, loss),
        ("n_double", dict(floor=number(bench.double_softmax_floor), C=bench.logits.shape[1])),
        ("n_probs", {}),
        (f"n_reduction_{bench.options.reduction}", {}),
    ]


def _two_ways(bench: Bench, loss: str) -> Fact:
    if not bench.two_ways_agree:
        return "n_unequal", dict(ce=loss)
    if bench.smoothed_mix is None:
        return "n_equal", dict(ce=loss)
    nll = bench.nll_of_log_softmax
    nll = number(float(nll)) if nll.dim() == 0 else "[…]"
    return "n_equal_smoothed", dict(ce=loss, nll=nll, eps=f"{bench.options.label_smoothing:g}")


def gradient(grad: Gradient, read: Readout, target: int, label_smoothing: float) -> list[Fact]:
    g = float(grad.autograd[target])
    # The sign decides the sentence: with label smoothing a sure model is pushed *down*.
    key = "n_grad" if g < 0 else "n_grad_down" if g > 0 else "n_grad_flat"
    return [
        (
            key,
            dict(
                dtype=str(grad.autograd.dtype).removeprefix("torch."),
                y=target,
                g=_f(grad.autograd[target]),
                p=_f(read.p_true),
                q=_f(grad.target[target]),
                rest=f"{label_smoothing / grad.target.numel():.4g}",
                gap=number(grad.gap),
            ),
        ),
        ("n_grad_sum", dict(s=_f(grad.autograd.double().sum()))),
        ("n_grad_smooth", dict(y=target, eps=f"{label_smoothing:g}", q=_f(grad.target[target]))),
    ]


# What the naive exp(u) / Σexp(u) gives in a dtype: the check's four answers.
OUTCOMES = ("finite", "overflow", "underflow", "nan_input")


def check(logits: tuple[float, ...], temperature: float, dtype: str) -> tuple[str, Fact]:
    """What does the naive softmax give in the *other* dtype? Torch answers, then explains:
    finite probabilities, nan from an exp that overflowed (inf / inf), nan from every exp
    underflowing (0 / 0), or nan that was in the logits already."""
    other = OTHER_DTYPE[dtype]
    peek = compare(logits, temperature, DTYPES[other])
    e = torch.exp(peek.scaled)
    if peek.scaled.isnan().any():
        outcome = "nan_input"
    elif e.isinf().any():
        outcome = "overflow"
    elif (e == 0).all():
        outcome = "underflow"
    else:
        outcome = "finite"
    low, high = overflow_limits(peek.dtype)
    u = [v for v in peek.scaled.double().tolist() if not math.isnan(v)] or [math.nan]
    why = dict(
        dtype=other, low=f"{low:.4g}", high=f"{high:.4g}", lo=number(min(u)), hi=number(max(u))
    )
    return outcome, ("check_why", why)


def _name(r: Comparison) -> str:
    return next(name for name, d in DTYPES.items() if d == r.dtype)
