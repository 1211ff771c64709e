"""The code panel: runnable torch code that reproduces the page's numbers, built from parsed
values only (nothing a student typed is echoed as code)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch

from lib.losses.catalogue import check_name, settings
from lib.losses.compute import target_dtype
from lib.losses.curve import inputs

HEAD = "import torch\nfrom torch import nn\n"


def _kwargs(name: str, options: Mapping[str, object]) -> list[str]:
    """The options that differ from torch's defaults, as keyword arguments in source form."""
    kwargs = settings(name, options)
    parts = []
    for o in check_name(name).options:
        v = kwargs.get(o.name, o.default)
        if v != o.default:
            text = f"torch.tensor({float(v)!r}, dtype=torch.float64)"
            parts.append(f"{o.name}={text if o.name == 'pos_weight' else repr(v)}")
    return parts


def call(name: str, options: Mapping[str, object]) -> str:
    """`nn.HuberLoss(delta=2.0, reduction='none')`, options given only where they differ."""
    parts = _kwargs(name, options)
    reduction = options.get("reduction", "mean")
    if reduction != "mean":
        parts.append(f"reduction={reduction!r}")
    return f"nn.{name}({', '.join(parts)})"


def _tensor(t: torch.Tensor, grad: bool = False) -> str:
    dtype = "torch.int64" if t.dtype == torch.int64 else "torch.float64"
    extra = ", requires_grad=True" if grad else ""
    return f"torch.tensor({t.tolist()!r}, dtype={dtype}{extra})"


def curve_snippet(
    names: Sequence[str], x0: float, y: float, label: int, options: Mapping[str, Mapping]
) -> str:
    """Each loss at the point x0: its value and dL/dx by autograd, as the read-out shows."""
    lines = [HEAD, f"# x0 = {x0!r}, y = {y!r}, label = {label:+d}"]
    for name in names:
        lo, hi = check_name(name).valid
        if not lo <= x0 <= hi:
            lines.append(f"# {name}: x0 lies outside its input range [{lo}, {hi}]")
            continue
        args = inputs(name, torch.tensor([x0], dtype=torch.float64), y, label)
        col = check_name(name).col
        where = "[0]" if col is None else f"[0, {col}]"
        rest = ", ".join(_tensor(a) for a in args[1:])
        lines += [
            f"x = {_tensor(args[0], grad=True)}",
            f"loss = {call(name, options.get(name, {}))}(x, {rest})",
            "loss.backward()",
            f"print({name!r}, loss.item(), x.grad{where}.item())",
        ]
    return "\n".join(lines) + "\n"


def bench_snippet(name: str, prediction: list, target: list, options: Mapping) -> str:
    """The batch through every reduction; sum / mean is what `mean` divides by."""
    spec = check_name(name)
    pred = torch.tensor(prediction, dtype=torch.float64)
    tgt = torch.tensor(target, dtype=target_dtype(spec, pred, target))
    args = {
        "pair": "prediction[0], prediction[1], target",
        "triplet": "prediction, target[0], target[1]",
    }.get(spec.call, "prediction, target")
    opts = {k: v for k, v in options.items() if k != "reduction"}
    kw = "".join(f"{part}, " for part in _kwargs(name, opts))
    return (
        f"{HEAD}\nprediction = {_tensor(pred)}\ntarget = {_tensor(tgt)}\n"
        f"losses = {{\n    r: nn.{name}({kw}reduction=r)({args})\n"
        f"    for r in {tuple(spec.reductions)!r}\n}}\n"
        "for r, loss in losses.items():\n    print(r, loss)\n"
        "print('sum / mean =', (losses['sum'] / losses['mean']).item())\n"
    )


def formats_snippet(logits: list, targets: Mapping[str, list], losses: Sequence[str]) -> str:
    """Every loss with every target format: torch's number or torch's error, as the table."""
    rows = "\n".join(
        f"    {k!r}: torch.tensor({v!r}, dtype=torch.{'int64' if k in INT_FORMATS else 'float64'}),"
        for k, v in targets.items()
    )
    return f"""{HEAD}
logits = torch.tensor({logits!r}, dtype=torch.float64)
targets = {{
{rows}
}}
for name in {tuple(losses)!r}:
    log_input = name in ("NLLLoss", "KLDivLoss")  # these take log-probabilities
    x = logits.log_softmax(dim=1) if log_input else logits
    loss = getattr(nn, name)(**({{"reduction": "batchmean"}} if name == "KLDivLoss" else {{}}))
    for fmt, target in targets.items():
        try:
            print(name, fmt, loss(x, target).item())
        except Exception as err:  # torch refuses this format
            print(name, fmt, "error:", str(err).splitlines()[0])
"""


INT_FORMATS = ("indices", "padded")


def trap_snippet(
    trap: int, z: float = 100.0, label: float = 0.0, share: float = 0.2, n: int = 4
) -> str:
    """The trap on screen, in torch: 0 BCE of sigmoid, 1 KL on probabilities, 2 (N, 1) vs (N,),
    3 reduction='sum' against the batch size."""
    return (
        HEAD
        + [
            f"""
z = torch.tensor([{float(z)!r}], requires_grad=True)  # float32, as a model computes it
y = torch.tensor([{float(label)!r}])
bce = nn.BCELoss()(torch.sigmoid(z), y)  # log clamped at -100
bce.backward()
print("BCELoss(sigmoid(z))", bce.item(), "dL/dz", z.grad.item())
z.grad = None
exact = nn.BCEWithLogitsLoss()(z, y)
exact.backward()
print("BCEWithLogitsLoss(z)", exact.item(), "dL/dz", z.grad.item())
""",
            f"""
s = {float(share)!r}
q = torch.tensor([[s, (1 - s) * 2 / 3, (1 - s) / 3]], dtype=torch.float64)
p = torch.tensor([[0.6, 0.3, 0.1]], dtype=torch.float64)
kl = nn.KLDivLoss(reduction="batchmean")
print("right", kl(q.log(), p).item())
print("wrong", kl(q, p).item())  # probabilities where log-probabilities belong
C = torch.distributions.Categorical
print("kl_divergence", torch.distributions.kl_divergence(C(probs=p), C(probs=q)).item())
""",
            f"""
g = torch.Generator().manual_seed(0)
target = torch.round(torch.randn({int(n)}, generator=g, dtype=torch.float64), decimals=2)
pred = (target + 0.1).unsqueeze(1)  # shape (N, 1)
print("broadcast", nn.MSELoss()(pred, target).item())  # torch warns, then compares N x N
print("same shape", nn.MSELoss()(pred, target.unsqueeze(1)).item())
""",
            """
g = torch.Generator().manual_seed(0)
x = torch.randn(64, generator=g, dtype=torch.float64)
y = 2 * x
for n in (1, 2, 4, 8, 16, 32, 64):
    for reduction in ("mean", "sum"):
        w = torch.zeros((), dtype=torch.float64, requires_grad=True)
        nn.MSELoss(reduction=reduction)(w * x[:n], y[:n]).backward()
        print(n, reduction, abs(w.grad.item()))
""",
        ][trap]
    )
