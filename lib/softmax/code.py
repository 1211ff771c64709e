"""The code panel: runnable torch code that reproduces every number on the softmax page."""

from __future__ import annotations

import math
from collections.abc import Sequence

from lib.softmax.losses import DEFAULT_OPTIONS, LossOptions
from lib.softmax.parse import dtype_of


def literal(v: float) -> str:
    """A float as Python source: nan and ±inf need float(...) to be valid code."""
    if math.isnan(v):
        return "float('nan')"
    if math.isinf(v):
        return "float('inf')" if v > 0 else "-float('inf')"
    return repr(float(v))


def snippet(
    logits: Sequence[float],
    temperature: float = 1.0,
    dtype: str = "float32",
    target: int = 0,
    *,
    batch: int = 4,
    seed: int = 0,
    options: LossOptions = DEFAULT_OPTIONS,
    shift: float = 5.0,
    factor: float = 2.0,
) -> str:
    """Built from parsed values only: nothing a student typed is echoed as code."""
    dtype_of(dtype)  # a name this page knows, so the code below is valid
    n, rest = len(logits), batch - 1
    z = ", ".join(literal(v) for v in logits)
    weight = (
        "None"
        if options.weight is None
        else (
            f"torch.tensor([{', '.join(literal(w) for w in options.weight)}], dtype=torch.{dtype})"
        )
    )
    kw = f"weight=weight, ignore_index={int(options.ignore_index)}, reduction={options.reduction!r}"
    eps = float(options.label_smoothing)
    return f"""import torch
import torch.nn.functional as F
from torch import nn

z = torch.tensor([{z}], dtype=torch.{dtype})  # the logits
T = {literal(temperature)}  # temperature
u = z / T  # what softmax sees

# Naive: exp overflows to inf (inf / inf = nan) or underflows to 0 (log 0 = -inf)
naive = torch.exp(u) / torch.exp(u).sum()
naive_log = torch.log(naive)

# Stable: subtract the max first (log-sum-exp), which is what torch does
m = u.max()
lse = m + torch.log(torch.exp(u - m).sum())  # same as torch.logsumexp(u, dim=0)
p = torch.softmax(u, dim=0)
log_p = torch.log_softmax(u, dim=0)  # u - lse, never log(0)

# Adding a constant changes nothing; multiplying changes the distribution
shifted = torch.softmax(u + {literal(shift)}, dim=0)
scaled = torch.softmax({literal(factor)} * u, dim=0)

# One sample: NLL is -log p(true class); entropy measures the spread
y = {int(target)}
nll = -log_p[y]
entropy = torch.distributions.Categorical(logits=u, validate_args=False).entropy()

# A batch: these logits as row 0, then {rest} seeded random rows
g = torch.Generator().manual_seed({int(seed)})
rest = torch.randn({rest}, {n}, generator=g) * 2.0
Z = torch.cat([u[None], rest.to(u.dtype)])
Y = torch.cat([torch.tensor([y]), torch.randint({n}, ({rest},), generator=g)])

weight = {weight}
ce = nn.CrossEntropyLoss({kw}, label_smoothing={literal(eps)})
nll_loss = nn.NLLLoss({kw})
ce_value = ce(Z, Y)  # takes raw logits
nll_value = nll_loss(torch.log_softmax(Z, dim=1), Y)  # takes log-probabilities
double_softmax = ce(torch.softmax(Z, dim=1), Y)  # mistake: softmax applied twice
nll_on_probs = nll_loss(torch.softmax(Z, dim=1), Y)  # mistake: probabilities, not their log
print(ce_value, nll_value, double_softmax, nll_on_probs)

# Gradient of the loss with respect to the logits: softmax(u) - q
v = u.detach().clone().requires_grad_()
one = F.cross_entropy(v[None], torch.tensor([y]), label_smoothing={literal(eps)}, reduction="sum")
one.backward()
q = (1 - {literal(eps)}) * F.one_hot(torch.tensor(y), {n}).to(u.dtype) + {literal(eps)} / {n}
print(v.grad, p - q)
"""
