"""Tables for the softmax page: every step of both routes, and the loss bench, as text cells.

Numbers are written the way the charts label them (four significant digits, inf / -inf / nan
spelled out), and column names are formulas, the same in every language.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import torch

from lib.softmax.formulas import Comparison
from lib.softmax.losses import Bench
from lib.softmax.parse import number


def _cells(t: torch.Tensor) -> list[str]:
    return [number(v) for v in t.double().tolist()]


def steps_table(result: Comparison, class_title: str) -> pd.DataFrame:
    """Every step of both routes, class by class: where the naive one breaks, and why the stable
    one cannot. The other column names are the formulas themselves (m = max(u))."""
    r = result
    return pd.DataFrame(
        {
            class_title: range(r.classes),
            "u = z/T": _cells(r.scaled),
            "exp(u)": _cells(r.exp),
            "exp(u)/Σ": _cells(r.naive_softmax),
            "log(exp(u)/Σ)": _cells(r.naive_log_softmax),
            "u − m": _cells(r.shifted),
            "exp(u − m)": _cells(r.exp_shifted),
            "torch.softmax": _cells(r.softmax),
            "torch.log_softmax": _cells(r.log_softmax),
        }
    )


def vector(t: torch.Tensor) -> str:
    """A loss for a table cell: one number, or `[a, b, ...]` for reduction='none'."""
    cells = _cells(t.reshape(-1))
    return cells[0] if t.dim() == 0 else "[" + ", ".join(cells) + "]"


def samples_table(bench: Bench, ignored: str, kept: str) -> pd.DataFrame:
    """One row per sample of the batch: its target, weight, p(y), -log p(y) and its loss."""
    w = bench.options.weight
    targets = bench.targets.tolist()
    return pd.DataFrame(
        {
            "i": range(len(targets)),
            "y": targets,
            "weight[y]": [number(w[y]) if w else "1" for y in targets],
            "ignore_index": [ignored if i else kept for i in bench.ignored.tolist()],
            "p(y)": _cells(bench.p_true),
            "−log p(y)": _cells(bench.nll_per_sample),
            "CrossEntropyLoss(reduction='none')": _cells(bench.loss_per_sample),
        }
    )


VERDICTS = ("equal", "differs", "mix", "double", "probs")


def ways_table(bench: Bench, verdicts: Mapping[str, str]) -> pd.DataFrame:
    """The same batch through each route: the two right ones agree, the two mistakes do not.

    `verdicts` are the translated comments, keyed by VERDICTS."""
    b, eps = bench, bench.options.label_smoothing
    rows = [
        ("nn.CrossEntropyLoss(...)(z, y)", b.cross_entropy, ""),
        (
            "nn.NLLLoss(...)(log_softmax(z), y)",
            b.nll_of_log_softmax,
            verdicts["equal" if b.smoothed_mix is None else "differs"],
        ),
    ]
    if b.smoothed_mix is not None:
        rows.append(
            (
                f"(1 − {eps:g})·NLL(log p, y) + {eps:g}·mean_c NLL(log p, c)",
                b.smoothed_mix,
                verdicts["mix"],
            )
        )
    rows += [
        ("nn.CrossEntropyLoss(...)(softmax(z), y)", b.double_softmax, verdicts["double"]),
        ("nn.NLLLoss(...)(softmax(z), y)", b.nll_on_probabilities, verdicts["probs"]),
    ]
    return pd.DataFrame(
        {
            "PyTorch": [r[0] for r in rows],
            "loss": [vector(r[1]) for r in rows],
            " ": [r[2] for r in rows],
        }
    )
