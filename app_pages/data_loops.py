"""The data page's loops tab: full batch, per sample, mini-batch and the notes' loop on one
regression model, and gradient accumulation against the full-batch gradient."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app_pages.data_text import say, words
from charts import data as charts
from lib.data import facts
from lib.data.code import loops_snippet
from lib.data.loader import MAX_EPOCHS
from lib.data.loops import LOOPS, MAX_LOOP_ITEMS, accumulation, train
from ui.chart import draw
from ui.controls import Controls
from ui.page import notice, show_error
from ui.panels import code_panel
from ui.text import t

RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0]


@st.cache_data(max_entries=256, show_spinner=False)
def trained_one(loop: str, n: int, batch: int, epochs: int, lr: float, seed: int):
    return train(loop, n, batch, epochs, lr, seed)


def trained(n: int, batch: int, epochs: int, lr: float, seed: int):
    """Each loop cached on its own arguments: full batch and per sample ignore the mini-batch
    size, so moving that slider retrains only the two loops that use it."""
    size = {"full": n, "sample": 1}
    # At batch size 1 the mini-batch loop is the per-sample loop, step for step: same key.
    same = {"minibatch": "sample"} if batch == 1 else {}
    runs = {k: trained_one(same.get(k, k), n, size.get(k, batch), epochs, lr, seed) for k in LOOPS}
    return {k: replace(t, loop=k) for k, t in runs.items()}


def loops_view(c: Controls, open_: bool) -> None:
    a, b, d = st.columns(3)
    n = c(a.slider, "loop_n", 4, MAX_LOOP_ITEMS, 24)
    batch = c(a.slider, "loop_batch", 1, MAX_LOOP_ITEMS, 4)
    epochs = c(b.slider, "loop_epochs", 1, MAX_EPOCHS, 3)
    lr = c(b.select_slider, "lr", RATES, 0.1)
    micro = c(d.slider, "micro", 1, MAX_LOOP_ITEMS, 6)
    seed = c(d.number_input, "loop_seed", 0, 9999, 0, label=t("common.seed"))
    if not open_:
        return
    try:
        traces = trained(n, batch, epochs, lr, seed)
        acc = accumulation(n, micro, seed)
    except ValueError as err:
        show_error(err)
        return
    names = {k: t(f"data.loop_{k}") for k in LOOPS}
    rows, options = (
        charts.loss_rows(traces, names),
        dict(names=tuple(names.values()), words=words()),
    )
    for col, build in zip(
        st.columns(2), (charts.loss_per_update, charts.loss_per_epoch), strict=True
    ):
        with col:
            draw(build, rows, epochs=epochs, **options)
    st.table(
        {
            t("data.loop"): list(names.values()),
            t("data.updates"): [traces[k].updates_per_epoch for k in LOOPS],
            t("data.final_loss"): [f"{traces[k].epoch_losses[-1]:.4g}" for k in LOOPS],
        }
    )
    st.table(
        {
            "": ["dL/dw", "dL/db"],
            t("data.acc_full"): acc.full,
            t("data.acc_divided", k=acc.k): acc.divided,
            t("data.acc_plain", k=acc.k): acc.undivided,
        }
    )
    notice(say([*facts.loops_facts(traces), *facts.accumulation_facts(acc)]))
    code_panel(loops_snippet(n, batch, epochs, lr, seed, micro))
