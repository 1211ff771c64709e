"""What the page says under each view: (sentence key, live numbers) read off torch's results.

The keys name sentences in ui/locales/<lang>/data.toml; the wording is chosen from the numbers,
so no setting makes a sentence false.
"""

from __future__ import annotations

import math
from collections import Counter

import torch

from lib.data.chain import ChainRun
from lib.data.compose import ConcatMap, WorkerRun
from lib.data.encode import EmbeddingLook
from lib.data.loader import MINORITY_EVERY, LoaderRun
from lib.data.loops import Accumulation, Trace

Fact = tuple[str, dict[str, object]]


def _list(values, most: int = 12) -> str:
    values = list(values)
    more = ", …" if len(values) > most else ""
    return ", ".join(map(str, values[:most])) + more if values else "—"


def counting(r: LoaderRun) -> Fact:
    c, m = r.config, r.drawn
    b = c.batch_size
    numbers = dict(n=m, b=b, count=r.length, ceil=math.ceil(m / b), floor=m // b, rest=m % b)
    if m % b == 0:
        return "n_count_even", numbers
    return ("n_count_drop" if c.drop_last else "n_count_short"), numbers


def order(r: LoaderRun) -> Fact:
    c = r.config
    first = [i for batch in r.epochs[0] for i in batch]
    if c.sampler == "sequential":
        return "n_order_sequential", {"epochs": c.epochs}
    if c.sampler == "weighted":
        drawn = [y for epoch in r.labels for batch in epoch for y in batch]
        share = 100 * sum(drawn) / max(len(drawn), 1)
        data = 100 * (c.n // MINORITY_EVERY) / c.n
        repeated = sum(k > 1 for k in Counter(first).values())
        never = c.n - len(set(first))
        numbers = {"share": f"{share:.0f}", "data": f"{data:.0f}", "repeated": repeated}
        return "n_order_weighted", {**numbers, "never": never}
    if c.sampler == "subset":
        return "n_order_subset", {"m": r.drawn, "subset": _list(sorted(set(c.subset)))}
    naive = torch.randperm(c.n, generator=torch.Generator().manual_seed(c.seed)).tolist()
    differ = sum(a != b for a, b in zip(first, naive, strict=False))
    key = "n_order_shuffle" if differ else "n_order_shuffle_lucky"
    return key, {"differ": differ, "n": len(first), "seed": c.seed}


def concat_fact(cmap: ConcatMap, index: int, place: tuple[int, int]) -> Fact:
    cum = _list(cmap.cumulative)
    return "n_concat", {"g": index, "d": place[0], "j": place[1], "cum": cum}


def chain_fact(run: ChainRun, index: int) -> Fact:
    return "n_chain", {"n": len(run.cells), "index": index}


def workers(plain: WorkerRun, sharded: WorkerRun, n: int) -> list[Fact]:
    return [
        ("n_workers_plain", {"items": plain.items, "n": n, "repeated": plain.repeated}),
        ("n_workers_shard", {"items": sharded.items, "n": n, "repeated": sharded.repeated}),
    ]


def embedding_facts(e: EmbeddingLook, classes: int) -> list[Fact]:
    untouched = classes - len(e.touched)
    grad = "n_embed_grad" if untouched else "n_embed_grad_all"
    return [
        ("n_embed_equal", {"diff": f"{e.max_difference:.1e}"}),
        (grad, {"touched": _list(e.touched), "v": classes, "zero": untouched}),
    ]


def memory_fact(rows: list[tuple[int, int, int]]) -> Fact:
    v, hot, table = rows[-1]
    key = "n_memory_hot" if hot > table else "n_memory_table"
    return key, {
        "v": f"{v:,}",
        "hot": f"{hot:,}",
        "table": f"{table:,}",
        "ratio": f"{hot / table:.1f}",
    }


def loops_facts(traces: dict[str, Trace]) -> list[Fact]:
    mini, notes, full = traces["minibatch"], traces["notes"], traces["full"]
    per = {k: t.updates_per_epoch for k, t in traces.items()}
    end = {k: f"{t.epoch_losses[-1]:.3g}" for k, t in traces.items()}
    best = min(traces, key=lambda k: traces[k].epoch_losses[-1])
    worse = notes.epoch_losses[-1] > full.epoch_losses[-1]
    return [
        ("n_loops_updates", {f"u_{k}": v for k, v in per.items()}),
        (f"n_best_{best}", {"loss": end[best]}),
        (
            "n_loops_notes_worse" if worse else "n_loops_notes",
            {"k": mini.updates_per_epoch, "notes": end["notes"], "full": end["full"]},
        ),
    ]


def accumulation_facts(a: Accumulation) -> list[Fact]:
    numbers = dict(
        k=a.k,
        b=a.micro_batch,
        n=a.n,
        last=a.last,
        gap=f"{a.gap_divided:.1e}",
        gap_plain=f"{a.gap_undivided:.3g}",
    )
    equal = a.n % a.micro_batch == 0
    return [
        ("n_acc_equal" if equal else "n_acc_short", numbers),
        ("n_acc_plain" if a.k > 1 else "n_acc_one", numbers),
    ]
