"""What the loss page says under each view: (sentence key, live numbers) read off torch's results.

The keys name sentences in ui/locales/<lang>/losses.toml; the wording is chosen from the sign and
size of the numbers, so no setting can make a sentence false.
"""

from __future__ import annotations

from collections.abc import Sequence

from lib.losses.bench import Bench
from lib.losses.curve import Curve, Point
from lib.losses.formats import Formats
from lib.losses.quiz import Growth
from lib.losses.traps import BroadcastTrap, KLTrap, Logits, SumTrap

Fact = tuple[str, dict[str, object]]


def _g(x: float) -> str:
    return f"{x:.4g}"


def curve(curves: Sequence[Curve], points: Sequence[Point]) -> list[Fact]:
    facts: list[Fact] = []
    for p in points:
        if p.loss is None:
            facts.append(("n_outside", dict(name=p.name, x0=_g(p.x))))
        else:
            facts.append(("n_point", dict(name=p.name, x0=_g(p.x), L=_g(p.loss), g=_g(p.grad))))
    steep = []
    for c in curves:
        if c.grad:
            i = max(range(len(c.grad)), key=lambda k: abs(c.grad[k]))
            steep.append(f"{c.name} {_g(abs(c.grad[i]))} (x = {c.x[i]:.2f})")
    if steep:
        facts.append(("n_steepest", dict(list="; ".join(steep))))
    for c in curves:
        if c.dropped:
            facts.append(("n_dropped", dict(name=c.name, n=c.dropped)))
    return facts


def bench(b: Bench) -> list[Fact]:
    div = b.divisor
    key = "n_mean_batch" if b.elements == b.batch else "n_mean_elements"
    facts: list[Fact] = [
        (key, dict(div=_g(div), n=b.elements, N=b.batch, sum=_g(b.reduced["sum"])))
        if div == div
        else ("n_mean_zero", {}),
    ]
    if "batchmean" in b.reduced:
        facts.append(("n_batchmean", dict(bm=_g(b.reduced["batchmean"]), N=b.batch)))
    m, s = b.grad_norm["mean"], b.grad_norm["sum"]
    if m > 0:
        facts.append(("n_grad_ratio", dict(m=_g(m), s=_g(s), r=_g(s / m))))
    else:
        facts.append(("n_grad_zero", {}))
    return facts


def formats(f: Formats) -> list[Fact]:
    ce = {fmt: f.cell("CrossEntropyLoss", fmt).value for fmt in f.targets}
    same = ce["indices"] is not None and ce["indices"] == ce["one_hot"]
    facts: list[Fact] = [
        (
            "n_ce_same" if same else "n_ce_differs",
            dict(i=_g(ce["indices"]), o=_g(ce["one_hot"]), p=_g(ce["probabilities"])),
        ),
    ]
    refused = [c for c in f.cells if c.loss == "NLLLoss" and c.error]
    facts.append(("n_nll_refuses", dict(n=len(refused), error=refused[0].error if refused else "")))
    odd = [c for c in f.cells if c.value is not None and c.value < 0]
    for c in odd:
        facts.append(("n_silent", dict(name=c.loss, fmt=c.format, v=_g(c.value))))
    return facts


def logits(r: Logits, sweep: dict[str, list[float]]) -> list[Fact]:
    facts: list[Fact] = [
        (
            "n_bce_clamped" if r.sigmoid == 1 - r.label else "n_bce_fine",
            dict(
                z=_g(r.z),
                y=int(r.label),
                a=_g(r.bce),
                b=_g(r.logits),
                s=_g(r.sigmoid),
                other=1 - int(r.label),
            ),
        )
    ]
    lost = abs(r.bce_grad) < 1e-6 < abs(r.logits_grad)
    facts.append(
        (
            "n_bce_grad_lost" if lost else "n_bce_grad",
            dict(ga=_g(r.bce_grad), gb=_g(r.logits_grad)),
        )
    )
    stuck = [z for z, v in zip(sweep["z"], sweep["sigmoid"], strict=True) if v == 1 - r.label]
    if stuck:
        edge = min(stuck, key=abs)
        facts.append(("n_bce_flat", dict(y=1 - int(r.label), edge=f"{abs(edge):g}")))
    return facts


def kl(r: KLTrap) -> list[Fact]:
    sign = "n_kl_negative" if r.wrong < 0 else "n_kl_positive"
    return [
        ("n_kl_right", dict(right=_g(r.right), ref=_g(r.reference))),
        (sign, dict(wrong=_g(r.wrong))),
    ]


def broadcast(r: BroadcastTrap) -> list[Fact]:
    return [
        (
            "n_bc",
            dict(
                n=r.n,
                same=_g(r.same),
                wrong=_g(r.broadcast),
                shape=" × ".join(map(str, r.shape)),
                k=r.n * r.n,
            ),
        )
    ]


def batch(r: SumTrap) -> list[Fact]:
    i = len(r.sizes) - 1
    return [
        (
            "n_sum",
            dict(
                n=r.sizes[i],
                s1=_g(r.sum[0]),
                sn=_g(r.sum[i]),
                m1=_g(r.mean[0]),
                mn=_g(r.mean[i]),
                r=_g(r.sum[i] / r.mean[i]),
            ),
        )
    ]


def growth(rows: Sequence[Growth]) -> str:
    """The quiz's evidence: each candidate's losses at errors 10, 20, 30 and their increments."""
    return "; ".join(
        f"{g.name}: "
        + " → ".join(_g(v) for v in g.losses)
        + f" (+{_g(g.steps[0])}, +{_g(g.steps[1])})"
        for g in rows
    )
