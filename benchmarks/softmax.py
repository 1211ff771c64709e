"""How long the softmax page takes to redraw, at its largest setting (10 classes, batch of 8).

    python benchmarks/softmax.py

Measures, on one torch thread like the app: the lib work of one redraw (both routes, readout,
invariance, loss bench, gradient, code panel, check), building and serialising each chart the way
st.altair_chart does, and whole page reruns through AppTest (app.py included) with the open tab
drawn and a logit slider moved to a new value every time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

torch.set_num_threads(1)

from benchmarks.stats import timed, to_vega_lite  # noqa: E402
from charts import softmax as charts  # noqa: E402
from charts import softmax_tables as tables  # noqa: E402
from charts.theme import themed  # noqa: E402
from lib.softmax import facts  # noqa: E402
from lib.softmax import formulas as sm  # noqa: E402
from lib.softmax.code import snippet  # noqa: E402
from lib.softmax.losses import MAX_BATCH, LossOptions, bench  # noqa: E402

LOGITS = (3.0, 1.0, 0.5, -1.0, 2.0, 0.0, 1.5, -2.0, 0.2, 4.0)
OPTIONS = LossOptions(
    weight=tuple(float(i + 1) for i in range(10)),
    ignore_index=3,
    label_smoothing=0.1,
    reduction="mean",
)
NAMES = {k: k for k in charts.NAMES}
TABS = ["softmax", "log-sum-exp", "z + c, k·z", "CrossEntropyLoss", "∂L/∂u"]


def report(label: str, median: float, worst: float, cpu: float) -> None:
    print(f"  {label:44s} wall median {median:6.1f} ms  max {worst:6.1f} ms  cpu {cpu:6.1f} ms")


def lib_work():
    r = sm.compare(LOGITS, 0.5, torch.float16)
    read = sm.readout(r, 2)
    inv = sm.invariance(r, 5.0, 2.0)
    b = bench(r.scaled, 2, MAX_BATCH, 0, OPTIONS)
    g = sm.gradient(r, 2, 0.1)
    snippet(LOGITS, 0.5, "float16", 2, batch=MAX_BATCH, options=OPTIONS)
    facts.check(LOGITS, 0.5, "float16")
    return r, read, inv, b, g


def main() -> None:
    print(f"softmax page at its largest setting: {len(LOGITS)} classes, batch {MAX_BATCH};")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    r, _, inv, b, g = lib_work()
    report("lib: everything one redraw computes", *timed(lib_work, 50))
    for label, build in (
        ("chart: probabilities", lambda: charts.probabilities(r, NAMES)),
        ("chart: log-probabilities", lambda: charts.log_probabilities(r, NAMES)),
        ("chart: invariance", lambda: charts.invariance(inv, NAMES)),
        ("chart: gradient", lambda: charts.gradient(g, NAMES, 2)),
    ):
        report(
            f"{label} (built + serialised)", *timed(lambda b=build: to_vega_lite(themed(b())), 10)
        )
    report(
        "tables: steps + samples + routes",
        *timed(
            lambda: (
                tables.steps_table(r, "class"),
                tables.samples_table(b, "x", ""),
                tables.ways_table(b, {k: k for k in tables.VERDICTS}),
            ),
            20,
        ),
    )

    from streamlit.testing.v1 import AppTest

    for tab in TABS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        params = {
            "lang": "en",
            "sm_logits": ", ".join(map(str, LOGITS)),
            "sm_batch": "8",
            "sm_tab": tab,
            "sm_dtype": "float16",
        }
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page("app_pages/softmax.py")
        at.run()
        assert not at.exception, at.exception
        values = iter([round(-3 + 0.1 * i, 1) for i in range(200)])

        def move_a_logit(at=at, values=values):
            at.slider(key="sm_z0").set_value(next(values)).run()

        report(f"page rerun, tab {tab!r}, a logit slider moves", *timed(move_a_logit, 10))


if __name__ == "__main__":
    main()
