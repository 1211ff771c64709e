"""How long the broadcasting page takes from a typed shape to a redrawn page, server side.

    python benchmarks/broadcasting.py [--reruns 20]

Typing in a shape box commits after a 250 ms pause (`live=True`), then Streamlit reruns the
page. This measures that rerun, on one torch thread like the app:

1. the lib and chart work alone for the shapes a student types most (picture mode, values
   mode, shape-only mode, a failing pair), with the first call in the process timed apart
   (torch loads its meta kernels once);
2. whole page reruns through AppTest (app.py, the sidebar, all three tabs, the quiz), each
   rerun triggered by typing a new shape into `bc_a`, as the browser does.

Both wall time and this process's CPU time are printed: on a shared machine the wall time
includes waiting for a core, the CPU time does not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

torch.set_num_threads(1)

from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec  # noqa: E402

from charts.broadcasting import WORDS, grids, rule_table, stride_table  # noqa: E402
from charts.theme import themed  # noqa: E402
from lib.broadcasting.bugs import gallery  # noqa: E402
from lib.broadcasting.code import snippet  # noqa: E402
from lib.broadcasting.ops import run  # noqa: E402
from lib.broadcasting.rules import parse_shape  # noqa: E402

CASES = {
    "picture (5,1,7)+(6,7)": ("5, 1, 7", "6, 7"),
    "picture 20x20": ("20, 1", "20"),
    "values (64,1,32)+(32,1)": ("64, 1, 32", "32, 1"),
    "shape-only 1 GB": ("64, 1, 1024", "4096, 1"),
    "fails (3,2)+(3,)": ("3, 2", "3"),
}
WORD_TABLE = {w: w for w in WORDS} | {"expanded": "expand{shape}"}


def timed(fn, repeats: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return walls, cpus


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(values):7.1f} ms  min {ordered[0]:7.1f}  p90 {p90:7.1f}"


def view(a: str, b: str) -> None:
    """Everything the page computes for one pair of typed shapes, charts serialised."""
    r = run((parse_shape(a), parse_shape(b)), "+")
    rule_table(r.broadcast, WORD_TABLE).to_html()
    if r.broadcast.ok:
        stride_table(r, WORD_TABLE).to_html()
    if r.cells:  # serialised as st.altair_chart does it: data as Arrow, not inline JSON
        _convert_altair_to_vega_lite_spec(themed(grids(r, r.expression, "real", "v", "index")))
    snippet(r)


def lib_and_charts(repeats: int) -> None:
    print("lib + charts, per typed pair (no Streamlit):")
    for name, (a, b) in CASES.items():
        first, _ = timed(lambda a=a, b=b: view(a, b), 1)
        walls, cpus = timed(lambda a=a, b=b: view(a, b), repeats)
        print(
            f"  {name:26s} first {first[0]:7.1f} ms | wall {summary(walls)} | "
            f"cpu median {statistics.median(cpus):6.1f} ms"
        )
    walls, cpus = timed(lambda: gallery(8, 0), repeats)
    print(
        f"  {'bug gallery (N = 8)':26s} wall {summary(walls)} | "
        f"cpu median {statistics.median(cpus):6.1f} ms"
    )


def page_reruns(repeats: int) -> None:
    from tests.pages.conftest import open_page

    print("whole page reruns through AppTest (typing a new shape into bc_a):")
    w, c = time.perf_counter(), time.process_time()
    at = open_page("app_pages/broadcasting.py", "en")
    print(
        f"  first load (imports torch, app.py, page): {(time.perf_counter() - w) * 1000:.0f} ms "
        f"wall, {(time.process_time() - c) * 1000:.0f} ms cpu"
    )
    for name, (a, b) in CASES.items():
        at.text_input(key="bc_b").input(b).run()
        shapes = [a, a.replace(" ", "")]  # two spellings of the same shape: a real rerun each
        state = {"k": 0}

        def type_shape(shapes=shapes, state=state):
            state["k"] += 1
            at.text_input(key="bc_a").input(shapes[state["k"] % 2]).run()
            assert not at.exception

        type_shape()  # warm: the first rerun of a new mode pays its one-time costs
        walls, cpus = timed(type_shape, repeats)
        print(f"  {name:26s} wall {summary(walls)} | cpu median {statistics.median(cpus):6.1f} ms")


def browser_redraws(repeats: int) -> None:
    """Keystrokes to a redrawn rule table in Chromium: the 250 ms pause that commits a typed
    shape, the websocket round trip, the rerun and React's repaint, all together."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
    from benchmarks.server import running

    with running() as (_, url):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.goto(f"{url}/?lang=en")  # registers the pages before the deep link
            tab.wait_for_selector('[data-test-script-state="notRunning"]')
            tab.goto(f"{url}/broadcast?lang=en")
            tab.locator('[data-testid="stTable"]').first.wait_for(timeout=60_000)
            box = tab.get_by_role("textbox", name="Shape of a", exact=True)
            table = "document.querySelector('[data-testid=\"stTable\"]').innerText"
            print("browser: typing a shape -> redrawn rule table (250 ms commit pause included):")
            for name, (a, b) in CASES.items():
                tab.get_by_role("textbox", name="Shape of b", exact=True).fill(b)
                tab.wait_for_timeout(1500)
                walls = []
                for k in range(repeats + 1):
                    typed = f"{k % 5 + 1}, {a}"  # a new leading size each time: a new table
                    start = time.perf_counter()
                    box.fill(typed)
                    tab.wait_for_function(f"{table}.includes('a ({typed})')", timeout=60_000)
                    if k:  # the first of each case warms that mode up
                        walls.append((time.perf_counter() - start) * 1000)
                print(f"  {name:26s} wall {summary(walls)}")
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--browser", action="store_true", help="also time it in Chromium")
    args = parser.parse_args()
    lib_and_charts(args.reruns)
    page_reruns(args.reruns)
    if args.browser:
        browser_redraws(max(5, args.reruns // 2))


if __name__ == "__main__":
    main()
