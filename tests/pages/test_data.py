"""The data page through app.py: links, widgets, bad input, the code panels and the sentences."""

from __future__ import annotations

import contextlib
import io
import math

import pytest

from lib.data.loader import LoaderConfig, run
from lib.data.loops import LOOPS, train
from tests.pages.conftest import assert_clean, chart_rows, one_sentence, open_page
from ui.text import strings

PAGE = "app_pages/data.py"
TABS = ["DataLoader", "Subset · ConcatDataset · IterableDataset", "one-hot · Embedding", "loops"]


def notices(at) -> str:
    return " ".join(str(m.value) for m in at.markdown if str(m.value).startswith("- "))


def run_code(at) -> dict:
    namespace: dict = {"__name__": "snippet"}  # not __main__: no worker processes
    with contextlib.redirect_stdout(io.StringIO()):
        exec(at.code[-1].value, namespace)  # noqa: S102 (our own generated code, in a test)
    return namespace


def grid_rows(at) -> dict[str, list[int]]:
    cells = [c for c in chart_rows(at.get("vega_lite_chart")[0]) if not c["dropped"]]
    rows: dict[str, list[int]] = {}
    for c in sorted(cells, key=lambda c: (c["order"], c["x"])):
        rows.setdefault(c["row"], []).append(c["index"])
    return rows


@pytest.mark.parametrize("sampler", ["sequential", "shuffle", "weighted", "subset"])
def test_grid_and_code_panel_show_what_the_dataloader_yields(sampler):
    q = dict(data_n="20", data_batch="6", data_sampler=sampler, data_epochs="2", data_seed="3")
    at = open_page(PAGE, "en", **q, data_drop_last="true", data_subset="0-9, 15")
    assert_clean(at)
    assert not at.error
    subset = tuple([*range(10), 15])
    expected = run(LoaderConfig(20, 6, sampler, True, 3, 2, subset)).epochs
    drawn = 11 if sampler == "subset" else 20
    grid = grid_rows(at)
    assert list(grid.values()) == [[i for b in e for i in b] for e in expected]
    assert at.metric[0].value == str(drawn // 6)  # drop_last: ⌊m / B⌋
    assert run_code(at)["epochs"] == expected  # the code panel reproduces the grid
    assert f"⌊{drawn} / 6⌋ = {drawn // 6}" in notices(at)


def test_a_link_restores_the_controls_in_chinese():
    q = dict(data_n="50", data_batch="7", data_sampler="shuffle", data_epochs="5")
    at = open_page(PAGE, "zh-TW", **q, data_seed="11", data_colour="label")
    assert_clean(at)
    assert at.slider(key="data_n").value == 50
    assert at.number_input(key="data_batch").value == 7
    assert at.selectbox(key="data_sampler").value == "shuffle"
    assert at.slider(key="data_epochs").value == 5
    assert at.segmented_control(key="data_colour").value == "label"
    assert f"⌈50 / 7⌉ = {math.ceil(50 / 7)}" in notices(at)
    assert strings("zh-TW")["common.notice"] in " ".join(str(m.value) for m in at.markdown)
    assert at.slider(key="data_loop_n")  # other tabs' widgets exist, so their URL state lives


@pytest.mark.parametrize(
    "query",
    [
        dict(data_batch="13"),
        dict(data_sampler="subset", data_subset=""),
        dict(data_sampler="subset", data_subset="x" * 10_000),
        dict(data_tab=TABS[1], data_pick="99"),
        dict(data_tab=TABS[1], data_index="40"),
        dict(data_tab=TABS[2], data_labels="0, 9", data_classes="3"),
        dict(data_tab=TABS[3], data_loop_batch="20", data_loop_n="10"),
    ],
)
def test_bad_input_is_one_sentence_and_the_page_keeps_working(query):
    at = open_page(PAGE, "zh-CN", **query)
    assert_clean(at)
    assert "x" * 81 not in one_sentence(at)
    assert at.title  # header still there


def test_the_edges_keep_every_sentence_true():
    at = open_page(
        PAGE, "en", data_n="200", data_batch="1", data_epochs="5", data_sampler="shuffle"
    )
    assert_clean(at)
    assert "200 samples are a multiple of batch_size 1: 200 full batches" in notices(at)
    at = open_page(PAGE, "en", data_n="12", data_batch="12", data_drop_last="true")
    assert "12 samples are a multiple of batch_size 12: 1 full batches" in notices(at)
    at = open_page(PAGE, "en", data_n="13", data_batch="12")
    assert "**2** batches per epoch: ⌈13 / 12⌉ = 2; the last one holds only the 1" in notices(at)


def test_check_yourself_is_answered_by_the_dataloader():
    at = open_page(PAGE, "en", data_n="14", data_batch="4", data_sampler="shuffle")
    count, sample = at.radio[-2], at.radio[-1]
    assert len(count.options) >= 3 and len(sample.options) >= 3
    first = run(LoaderConfig(14, 4, "shuffle", epochs=1)).epochs[0][1][0]
    sample.set_value(str(first)).run()
    at.button[-1].click().run()
    assert at.success[0].value == strings("en")["common.correct"]


def test_workers_tab_shows_duplicates_without_sharding_and_its_code_runs():
    at = open_page(PAGE, "en", data_tab=TABS[1], data_stream="8", data_wbatch="3")
    assert_clean(at)
    text = notices(at)
    assert "16 samples for 8 items, 8 of them repeats" in text
    assert "8 samples for 8 items, 0 repeats" in text
    ns = run_code(at)
    assert ns["both"].cumulative_sizes == [5, 8, 12] and ns["both"][6] == (1, 1)
    # ChainDataset: the strip's lower row is the stream as plain iteration reads it, and the
    # refusals quoted are the ones the code panel's own ChainDataset raises
    strip = chart_rows(at.get("vega_lite_chart")[0])
    chained = [(c["dataset"], c["local"]) for c in strip if c["row"] == "ChainDataset"]
    assert chained == [(d, j) for d, m in enumerate([5, 3, 4]) for j in range(m)]
    assert chained == ns["streamed"]
    quoted = " ".join(c.value for c in at.code)
    assert "len(chain) → TypeError: object of type 'TaggedStream' has no len()" in quoted
    assert "chain[6] → NotImplementedError" in quoted and "shuffle=True) → ValueError" in quoted
    assert "ChainDataset streamed 12 items" in text


def test_encodings_tab_draws_the_flow_and_its_code_reproduces_the_gradient_rows():
    at = open_page(PAGE, "zh-TW", data_tab=TABS[2], data_column="colour", data_labels="1, 4, 4")
    assert_clean(at)
    assert at.get("graphviz_chart")
    assert "1, 4" in notices(at)
    assert run_code(at)["grad_rows"].nonzero().flatten().tolist() == [1, 4]


def test_loops_tab_numbers_are_what_its_code_prints():
    q = dict(data_loop_n="16", data_loop_batch="5", data_loop_epochs="2", data_lr="0.2")
    at = open_page(PAGE, "en", data_tab=TABS[3], **q, data_micro="4")
    assert_clean(at)
    ns = run_code(at)
    table = at.table[0].value
    finals = [float(v) for v in table.iloc[:, 2]]
    for k, loop in enumerate(LOOPS[:3]):
        assert finals[k] == pytest.approx(ns["losses"][loop], rel=1e-3)
    assert list(table.iloc[:, 1]) == [1, 16, 4, 1]
    assert ns["accumulated"].tolist() == pytest.approx(ns["full"].tolist(), abs=1e-12)
    assert "equals the full-batch gradient" in notices(at)
    assert train("notes", 16, 5, 2, 0.2, 0).updates_per_epoch == 1
