"""What "download as notebook" costs the server: CPU per rerun (the button), and per click.

A rerun only hands Streamlit a function (ui/panels.py notebook_button); the notebook is built
when a student clicks. Measured in-process through AppTest over many reruns of two pages: the
button and the per-run hooks by CPU time of the script thread (time.thread_time), the whole
rerun by process CPU time; the click is the page's own deferred function, called directly.

    python -m benchmarks.notebook [--reruns 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import page_run, panels

PAGES = {"softmax": "app_pages/softmax.py", "training": "app_pages/training.py"}


def _timed(fn, spent: list[float]):
    def wrapper(*args, **kw):
        t0 = time.thread_time()
        try:
            return fn(*args, **kw)
        finally:
            spent.append(time.thread_time() - t0)

    return wrapper


def measure(file: str, reruns: int) -> dict:
    button: list[float] = []
    hooks: list[float] = []
    builds: list = []
    original = (panels.notebook_button, page_run.start, page_run.noticed)
    add = MediaFileManager.add_deferred

    def keep(self, data, *args, **kw):
        builds.append(data)
        return add(self, data, *args, **kw)

    panels.notebook_button = _timed(original[0], button)
    page_run.start, page_run.noticed = (_timed(f, hooks) for f in original[1:])
    MediaFileManager.add_deferred = keep
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page(file)
        whole = []
        for _ in range(reruns + 1):
            t0 = time.process_time()  # the script runs in a thread of its own
            at.run()
            whole.append(time.process_time() - t0)
        button, hooks = button[-reruns:], hooks[-2 * reruns :]
        click = []
        for _ in range(5):
            t0 = time.thread_time()
            size = len(builds[-1]())
            click.append(time.thread_time() - t0)
    finally:
        panels.notebook_button, page_run.start, page_run.noticed = original
        MediaFileManager.add_deferred = add
    return {
        "button_ms_per_rerun": round(statistics.median(button) * 1000, 3),
        "hooks_ms_per_rerun": round(statistics.median(hooks) * 2000, 3),
        "whole_rerun_ms": round(statistics.median(whole[1:]) * 1000, 1),
        "click_first_ms": round(click[0] * 1000, 1),
        "click_ms": round(statistics.median(click[1:]) * 1000, 1),
        "notebook_bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    reruns = parser.parse_args().reruns
    for name, file in PAGES.items():
        print(name, measure(file, reruns))


if __name__ == "__main__":
    main()
