"""From data to batches: what a real DataLoader yields per epoch, data sets built of data sets,
column encodings, and the three training loops — every number read from torch."""

import streamlit as st

from app_pages.data_compose import compose_view
from app_pages.data_encode import encode_view
from app_pages.data_loops import loops_view
from app_pages.data_text import say, words
from charts import data as charts
from lib.data import quiz
from lib.data.code import loader_snippet
from lib.data.collate import ragged_batch
from lib.data.facts import counting, order
from lib.data.loader import (
    MAX_EPOCHS,
    MAX_ITEMS,
    MAX_SEED,
    SAMPLERS,
    LoaderConfig,
    LoaderRun,
    label_of,
    parse_indices,
)
from lib.data.loader import run as run_loader
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import t

# Tab names are torch's own words, the same in every language, so a shared link opens one.
TABS = ["DataLoader", "Subset · ConcatDataset · IterableDataset", "one-hot · Embedding", "loops"]
PICK = {"required": True}
NUMBERS_UP_TO = 64  # cells wider than a number only up to this many items


@st.cache_data(max_entries=256, show_spinner=False)
def loader_run(n, batch, sampler, drop_last, seed, epochs, subset):
    return run_loader(LoaderConfig(n, batch, sampler, drop_last, seed, epochs, subset))


def dropped(epoch: list[list[int]], config: LoaderConfig) -> list[int]:
    """Indices the sampler drew but no batch carried (drop_last): the complement of what the
    loader yielded; a sampler with replacement has no such notion."""
    if not config.drop_last or config.sampler == "weighted":
        return []
    pool = config.subset if config.sampler == "subset" else range(config.n)
    seen = {i for batch in epoch for i in batch}
    return [i for i in pool if i not in seen]


@st.cache_data(max_entries=256, show_spinner=False)
def grid_cells(n, batch, sampler, drop_last, seed, epochs, subset, names: tuple[str, ...]):
    """The grid's rows for one setting and language: a class opening the same link shares them."""
    r = loader_run(n, batch, sampler, drop_last, seed, epochs, subset)
    rows = [(name, e, dropped(e, r.config)) for name, e in zip(names, r.epochs, strict=True)]
    return charts.grid_rows(rows, labels=label_of)


def loader_view(c: Controls, open_: bool) -> None:
    left, right = picture_last_columns("data", [1, 3], gap="large")
    with left:
        n = c(st.slider, "n", 12, MAX_ITEMS, 12)
        batch = c(st.number_input, "batch", 1, MAX_ITEMS, 4)
        sampler = c(st.selectbox, "sampler", SAMPLERS)
        subset_text = c(st.text_input, "subset", "0-5, 9", disabled=sampler != "subset")
        drop_last = c(st.toggle, "drop_last", False)
        epochs = c(st.slider, "epochs", 1, MAX_EPOCHS, 3)
        seed = c(st.number_input, "seed", 0, MAX_SEED, 0, label=t("common.seed"))
        colour = c(st.segmented_control, "colour", ("index", "label"), **PICK, default="index")
    if not open_:
        return
    try:
        subset = parse_indices(subset_text) if sampler == "subset" else ()
        r = loader_run(n, batch, sampler, drop_last, seed, epochs, subset)
    except ValueError as err:
        with right:
            show_error(err)
        return
    w = words()
    names = tuple(t("data.epoch_n", e=e + 1) for e in range(epochs))
    with right:
        cells = grid_cells(n, batch, sampler, drop_last, seed, epochs, subset, names)
        few = n <= NUMBERS_UP_TO
        big = presenting()
        draw(charts.batch_grid, cells, n=n, words=w, colour=colour, numbers=few, large=big)
        st.caption(t("data.grid_caption"))
        sizes = [len(b) for b in r.epochs[0]]
        a, b, d = st.columns([1, 1, 2])
        a.metric(t("data.m_batches"), r.length)
        b.metric(t("data.m_last"), sizes[-1] if sizes else 0)
        d.markdown(
            f"`loader.sampler`: `{r.sampler}`  \n`loader.batch_sampler`: `{r.batch_sampler}`"
        )
        notice(say([counting(r), order(r)]))
    # Tracks its open state, so a closed expander costs no collate and no table on a move
    collate = st.expander(t("data.collate_title"), key="data_collate", on_change="rerun")
    if collate.open:
        show_collate(collate, r)
    code_panel(loader_snippet(r.config))
    ask(r)


def show_collate(box, r: LoaderRun) -> None:
    with box:
        st.markdown(t("data.collate_default", **{k: str(v) for k, v in r.shapes.items()}))
        first = r.epochs[0][0] if r.epochs[0] else [0]
        ragged = ragged_batch(first)
        st.markdown(t("data.collate_ragged", shape=str(ragged.shape), lengths=str(ragged.lengths)))
        if ragged.error:
            refused = f"default_collate → RuntimeError: {ragged.error}"
            st.code(refused, language=None, wrap_lines=True)
        st.dataframe(ragged.padded, hide_index=False, height=min(36 * len(first) + 44, 300))


def ask(r: LoaderRun) -> None:
    config = r.config
    count = quiz.batch_count(r)
    options = [str(o) for o in count.options]
    why = t("data.q_count_why", n=config.n, b=config.batch_size, answer=count.answer)
    check_yourself("data_q_count", t("data.q_count"), options, str(count.answer), why)
    sample = quiz.first_of_batch_two(r)
    if sample is not None:
        options = [str(o) for o in sample.options]
        why = t("data.q_sample_why", answer=sample.answer, seed=config.seed)
        check_yourself("data_q_sample", t("data.q_sample"), options, str(sample.answer), why)


header("data")
explanation("data")
controls = Controls("data", "data_")
tab = st.tabs(TABS, key="data_tab", on_change="rerun", bind="query-params")
# Every tab's widgets on every run keep their URL state; only the open tab computes. Each tab is
# a fragment: a move reruns that tab alone, not the header, the explanation and the other tabs.
for i, view in enumerate((loader_view, compose_view, encode_view, loops_view)):
    with tab[i]:
        st.fragment(view)(controls, tab[i].open)
controls.handout()
