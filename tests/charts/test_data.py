"""The data page's charts, read through to_dict(): marks, encodings, fixed domains and rows."""

from __future__ import annotations

import tomllib

from charts import data as charts
from charts.named import with_data
from lib.data.chain import chain
from lib.data.compose import concat_map, two_workers
from lib.data.encode import embedding, memory
from lib.data.loader import LoaderConfig, label_of, run
from lib.data.loops import LOOPS, train
from tests.conftest import ROOT

with open(ROOT / "ui/locales/en/data.toml", "rb") as f:
    WORDS = {k[2:]: v for k, v in tomllib.load(f)["data"].items() if k.startswith("c_")}


def spec(build, rows, **options) -> dict:
    return with_data(build(**options), rows).to_dict()


def rows_of(d: dict, name: str) -> list[dict]:
    return d["datasets"][name]


def test_grid_has_one_cell_per_yielded_sample_and_grey_cells_for_what_drop_last_left():
    r = run(LoaderConfig(10, 4, "shuffle", True, 0, 2))
    seen = [{i for b in e for i in b} for e in r.epochs]
    rows = [
        (f"e{k}", e, sorted(set(range(10)) - s)) for k, (e, s) in enumerate(zip(r.epochs, seen))
    ]
    d = spec(charts.batch_grid, charts.grid_rows(rows, labels=label_of), n=10, words=WORDS)
    cells = rows_of(d, "cells")
    assert len(cells) == 20  # 8 yielded + 2 dropped per epoch
    kept = [c for c in cells if not c["dropped"]]
    assert [c["index"] for c in kept if c["row"] == "e0"] == [i for b in r.epochs[0] for i in b]
    assert {c["batch"] for c in kept} == {1, 2}
    assert [c["mark"]["type"] for c in d["layer"]] == ["rect", "rect", "text"]
    colour = d["layer"][0]["encoding"]["color"]
    assert colour["scale"]["domain"] == [0, 9] and colour["scale"]["scheme"] == "viridis"
    assert d["height"] == {"step": charts.ROW_STEP}
    # batches are separated: the first cell of batch 2 starts after a gap
    first_b2 = min(c["x"] for c in kept if c["row"] == "e0" and c["batch"] == 2)
    assert first_b2 == 4 + charts.GAP


def test_grid_by_label_uses_two_colour_blind_safe_colours():
    rows = charts.grid_rows([("e", [[0, 3], [7]], [])], labels=label_of)
    d = spec(charts.batch_grid, rows, n=8, words=WORDS, colour="label", numbers=False)
    assert d["layer"][0]["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    assert [c["label"] for c in rows_of(d, "cells")] == [0, 1, 1]
    assert len(d["layer"]) == 2  # no numbers


def test_worker_grid_rows_keep_the_worker_of_each_batch():
    runs = [two_workers(6, 2, s) for s in (False, True)]
    rows = charts.grid_rows(
        [(str(r.shard), r.batches, []) for r in runs], workers=[r.workers for r in runs]
    )
    cells = rows["cells"]
    assert len(cells) == 12 + 6
    assert list(cells[cells["row"] == "True"]["worker"]) == [0, 0, 1, 1, 0, 1]


def test_concat_strip_colours_by_data_set_and_outlines_the_picked_index():
    m = concat_map([2, 3])
    d = spec(charts.concat_strip, charts.concat_rows(m.cells, 3), sets=2, words=WORDS)
    cells = rows_of(d, "concat")
    assert [(c["dataset"], c["local"]) for c in cells] == [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)]
    assert [c["picked"] for c in cells] == [False, False, False, True, False]
    assert d["layer"][0]["encoding"]["color"]["scale"]["domain"] == [0, 1]


def test_concat_strip_puts_the_chain_under_the_concat_and_outlines_nothing_there():
    m = concat_map([2, 3])
    rows = charts.concat_rows(m.cells, 4, chain([2, 3], 4).cells)
    d = spec(charts.concat_strip, rows, sets=2, words=WORDS)
    cells = rows_of(d, "concat")
    lower = [(c["global"], c["dataset"], c["local"]) for c in cells if c["row"] == "ChainDataset"]
    assert lower == [(0, 0, 0), (1, 0, 1), (2, 1, 0), (3, 1, 1), (4, 1, 2)]
    assert [c["global"] for c in cells if c["picked"]] == [4]
    assert d["layer"][0]["encoding"]["y"]["sort"] == ["ConcatDataset", "ChainDataset"]
    said = charts.describe_concat(rows, sets=2, words=WORDS)
    assert said.key == "data.describe.concat_chain" and said.params["n"] == 5


def test_loss_charts_share_a_fixed_log_axis_and_put_updates_on_an_epoch_scale():
    traces = {k: train(k, 8, 4, 2, 0.1, 0) for k in LOOPS}
    names = {k: k.upper() for k in LOOPS}
    rows = charts.loss_rows(traces, names)
    for build in (charts.loss_per_update, charts.loss_per_epoch):
        d = spec(build, rows, epochs=2, names=tuple(names.values()), words=WORDS)
        y = d["layer"][0]["encoding"]["y"]["scale"]
        assert y == {"type": "log", "domain": list(charts.LOSS), "clamp": True}
        assert d["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 2]
    updates = rows["updates"]
    sample = updates[updates["key"] == "sample"]
    assert len(sample) == 16 and sample["epoch"].max() == 2.0
    assert list(updates[updates["key"] == "full"]["epoch"]) == [1.0, 2.0]


def test_embedding_gradient_bars_mark_the_looked_up_rows():
    e = embedding([1, 1, 3], 5, 2, 0)
    d = spec(charts.embedding_grads, charts.grad_rows(e.grad_rows, e.touched), words=WORDS)
    bars = rows_of(d, "grads")
    assert [b["looked_up"] for b in bars] == [False, True, False, True, False]
    assert all((b["grad"] > 0) == b["looked_up"] for b in bars)


def test_memory_chart_is_log_log_with_both_encodings():
    d = spec(charts.memory, charts.memory_rows(memory(8, 2), WORDS), words=WORDS)
    enc = d["layer"][0]["encoding"]
    assert enc["x"]["scale"]["type"] == "log" and enc["y"]["scale"]["type"] == "log"
    assert {r["encoding"] for r in rows_of(d, "memory")} == {WORDS["one_hot"], WORDS["embedding"]}
