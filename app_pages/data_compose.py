"""The data page's second tab: data sets made of data sets. `Subset` and `ConcatDataset` map
an index to (data set, local index); `ChainDataset` streams the same items with no index at all;
an `IterableDataset` read by 2 workers repeats itself unless it is sharded."""

from __future__ import annotations

import streamlit as st

from app_pages.data_text import say, words
from charts import data as charts
from lib.data import facts
from lib.data.chain import chain
from lib.data.code import compose_snippet
from lib.data.compose import MAX_DATASETS, concat_index, concat_map, subset_map, two_workers
from lib.data.loader import MAX_ITEMS, parse_indices
from ui.chart import draw
from ui.controls import Controls
from ui.page import notice, show_error
from ui.panels import code_panel
from ui.settings import presenting
from ui.text import t


def compose_view(c: Controls, open_: bool) -> None:
    a, b, d = st.columns(3)
    pick = c(a.text_input, "pick", "3, 1, 7")
    lengths_text = c(b.text_input, "lengths", "5, 3, 4")
    index = c(b.number_input, "index", -MAX_ITEMS, MAX_ITEMS - 1, 6)
    stream = c(d.slider, "stream", 2, 40, 10)
    wbatch = c(d.slider, "wbatch", 1, 10, 3)
    if not open_:
        return
    try:
        subset = subset_map(12, parse_indices(pick))
        lengths = list(parse_indices(lengths_text.replace("-", " ")))[: MAX_DATASETS + 1]
        cmap = concat_map(lengths)
    except ValueError as err:
        show_error(err)
        return
    try:
        place = concat_index(lengths, index)
    except IndexError:
        st.error(t("data.outside", index=index, total=len(cmap.cells)), icon="⚠️")
        return
    w = words()
    st.markdown(t("data.subset_map", pairs=", ".join(f"{k}→{i}" for k, i in subset)))
    streamed = chain(lengths, index)
    draw(
        charts.concat_strip,
        charts.concat_rows(cmap.cells, index % len(cmap.cells), streamed.cells),
        sets=len(lengths),
        words=w,
        large=presenting(),
    )
    st.markdown(t("data.chain_refuses"))
    refusals = (streamed.len_error, streamed.index_error, streamed.shuffle_error)
    asked = ("len(chain)", f"chain[{index}]", "DataLoader(chain, shuffle=True)")
    said = "\n".join(f"{a} → {r}" for a, r in zip(asked, refusals, strict=True))
    st.code(said, language=None, wrap_lines=True)
    runs = [two_workers(stream, wbatch, shard) for shard in (False, True)]
    rows = [(t(f"data.w_{r.shard}"), r.batches, []) for r in runs]
    cells = charts.grid_rows(rows, workers=[r.workers for r in runs])
    draw(charts.batch_grid, cells, n=stream, words=w, large=presenting())
    concat_facts = [facts.concat_fact(cmap, index, place), facts.chain_fact(streamed, index)]
    notice(say([*concat_facts, *facts.workers(*runs, stream)]))
    code_panel(compose_snippet(lengths, index, stream, wbatch))
