"""Where a widget move spends its CPU: one page in AppTest, its widget swept, profiled.

The page opens at its scenario (benchmarks.scenarios), the widget moves through distinct values,
and each rerun's script thread is timed (`time.thread_time`: CPU, not wall time, so a busy
shared machine does not inflate it) and, with --profile, run under cProfile. AppTest runs the
whole script, fragments included, so this is the cost of a full rerun; benchmarks.latency
measures what the server spends when a browser moves a widget (fragments rerun alone there).

    python -m benchmarks.profile_page optimizers [--moves 8] [--profile] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from benchmarks.scenarios import scenarios, sweep
from ui.concepts import CONCEPTS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
WIDGET_KINDS = ("slider", "select_slider", "number_input")


def _widget(at: AppTest, key: str):
    for kind in WIDGET_KINDS:
        for node in at.get(kind):
            if node.key == key:
                return node
    raise KeyError(key)


def measure(concept: str, moves: int = 8, profile: bool = False, top: int = 30) -> dict:
    sc = next(s for s in scenarios() if s.concept == concept)
    cpu: list[float] = []
    prof = cProfile.Profile() if profile else None
    original = script_runner.ScriptRunner._run_script
    timing = {"on": False}

    def timed(self, rerun_data):
        if not timing["on"]:
            return original(self, rerun_data)
        start = time.thread_time()
        if prof:
            prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            if prof:
                prof.disable()
            cpu.append(time.thread_time() - start)

    script_runner.ScriptRunner._run_script = timed
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update({"lang": "en", **sc.query})
        at.run()
        page = next(c.file for c in CONCEPTS if c.key == concept)
        at.switch_page(page).run()
        key = sc.key or next(w.key for w in at.get("slider") if w.key not in ("lang", "present"))
        values = sweep(_widget(at, key))
        _widget(at, key).set_value(values[1]).run()  # warm-up: first-use imports and caches
        timing["on"] = True
        for i in range(moves):
            _widget(at, key).set_value(values[(i + 2) % len(values)]).run()
        assert not at.exception, [e.value for e in at.exception]
    finally:
        script_runner.ScriptRunner._run_script = original
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(top)
    return {
        "page": concept,
        "widget": key,
        "cpu_ms_median": round(1000 * statistics.median(cpu), 1),
        "cpu_ms_mean": round(1000 * statistics.mean(cpu), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--moves", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    for concept in args.pages or [s.concept for s in scenarios()]:
        print(measure(concept, args.moves, args.profile, args.top), flush=True)


if __name__ == "__main__":
    main()
