"""How fast the live-training page trains and redraws, and what it costs the server.

    python benchmarks/training.py            # in-process: throughput and per-redraw work
    python benchmarks/training.py --browser  # also a real server + Chromium: redraws/s, CPU, RSS

1. Throughput, side by side in one process on one torch thread: `Trainer(TrainConfig())`
   (the page's default model: circle, 300 points, 2-4-2-2 tanh, SGD, batches of 10) against a
   bare hand-written loop on the same tensors and the same architecture, built from plain
   nn.Linear/nn.Tanh, with a plain DataLoader: (a) training steps only, (b) plus the validation
   loss every epoch, as the notes' loop does. Blocks alternate, so a busy moment of the shared
   machine hits all three alike; thread CPU time is reported beside wall time.
2. One redraw's server work, without a browser: a tick (`LiveRun.tick`, speed 5), the decision
   grid, the rows of the three charts and their Arrow encoding, against rebuilding and validating
   the altair charts every time (what the page avoids by caching the specs).
3. --browser: the page in Chromium, Play pressed in one tab, then in four at once: finished
   redraws per second and epochs per second in each tab, the server's CPU time per redraw
   (/proc/<pid>/stat), and its VmRSS with the home page only, then 1-4 training tabs open.
Results also go to benchmarks/out/training.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

torch.set_num_threads(1)

from benchmarks import server, stats  # noqa: E402
from charts import training as charts  # noqa: E402
from charts.theme import themed  # noqa: E402
from lib.training import TrainConfig, Trainer  # noqa: E402
from lib.training.live import LiveRun  # noqa: E402

NAMES = {k: k for k in charts.NAMES}


def bare_loop(trainer: Trainer, validate: bool):
    """The notes' loop, written by hand on the trainer's tensors; returns `epoch()`."""
    x, y, xv, yv = trainer.x_train, trainer.data.y_train, trainer.x_val, trainer.data.y_val
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2), nn.Tanh(), nn.Linear(2, 2))
    model.load_state_dict(trainer.model.state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.03)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(x, y), batch_size=10, shuffle=True)

    def epoch() -> None:
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        if validate:
            model.eval()
            with torch.no_grad():
                loss_fn(model(xv), yv).item()
            model.train()

    return epoch


def throughput(blocks: int, epochs: int) -> dict:
    config = TrainConfig(max_epochs=2000)
    runners = {
        "trainer": Trainer(config),
        "bare": bare_loop(Trainer(config), validate=False),
        "bare+val": bare_loop(Trainer(config), validate=True),
    }
    wall: dict[str, list[float]] = {k: [] for k in runners}
    cpu: dict[str, list[float]] = {k: [] for k in runners}
    for block in range(blocks):
        for name, runner in runners.items():
            if name == "trainer" and runner.epoch + epochs > config.max_epochs:
                runners[name] = runner = Trainer(config)
            w, c = time.perf_counter(), time.thread_time()
            if name == "trainer":
                runner.run_epochs(epochs)
            else:
                for _ in range(epochs):
                    runner()
            if block:  # the first block warms up
                wall[name].append((time.perf_counter() - w) / epochs)
                cpu[name].append((time.thread_time() - c) / epochs)
    out = {}
    for name in runners:
        out[name] = {
            "wall_ms_per_epoch": round(1e3 * statistics.median(wall[name]), 3),
            "cpu_ms_per_epoch": round(1e3 * statistics.median(cpu[name]), 3),
        }
    for base in ("bare", "bare+val"):
        ratio = [t / b for t, b in zip(cpu["trainer"], cpu[base], strict=True)]
        out[f"trainer_over_{base}_cpu"] = round(statistics.median(ratio), 3)
        ratio = [t / b for t, b in zip(wall["trainer"], wall[base], strict=True)]
        out[f"trainer_over_{base}_wall"] = round(statistics.median(ratio), 3)
    return out


def redraw_work(reps: int) -> dict:
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes as arrow

    results = {}
    for label, config in (
        ("default", TrainConfig()),
        (
            "largest",
            TrainConfig(
                points=1000,
                hidden=(16,) * 6,
                features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"),
            ),
        ),
    ):
        run = LiveRun(config)
        run.trainer.run_epochs(100)
        tick, rest, altair_each, epochs = [], [], [], []
        for _ in range(reps):
            c, before = time.thread_time(), run.trainer.epoch
            run.tick(5)
            tick.append(time.thread_time() - c)
            epochs.append(run.trainer.epoch - before)
            c = time.thread_time()
            tr = run.trainer
            data = [
                charts.boundary_data(tr.grid(), tr.data, NAMES),
                charts.losses_data(run.curve(), tr.best, NAMES),
                charts.accuracy_data(run.curve(), NAMES),
            ]
            size = sum(len(arrow(df)) for d in data for df in d.values())
            rest.append(time.thread_time() - c)
        for _ in range(max(3, reps // 5)):
            c = time.thread_time()
            for chart in (
                charts.boundary("binary", 2, NAMES),
                charts.losses(NAMES),
                charts.accuracy(NAMES),
            ):
                themed(chart).to_dict()
            altair_each.append(time.thread_time() - c)
        results[label] = {
            "tick_cpu_ms_p50": round(1e3 * statistics.median(tick), 1),
            "grid_rows_arrow_cpu_ms_p50": round(1e3 * statistics.median(rest), 1),
            "arrow_bytes_per_redraw": size,
            "altair_rebuild_validate_cpu_ms_p50 (avoided)": round(
                1e3 * statistics.median(altair_each), 1
            ),
            "epochs_per_tick_p50": statistics.median(epochs),
        }
    return results


def browser(seconds: float) -> dict:
    from playwright.sync_api import sync_playwright

    def cpu_seconds(pid: int) -> float:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / 100  # utime + stime, in clock ticks of 10 ms

    # Every redraw the tab shows, and its epoch: each change of the epoch counter (a tick trains
    # at least one epoch). Watching the script-state attribute instead undercounts: when the next
    # queued tick starts at once, React folds "finished" and "running" into one DOM update.
    watch = """() => { window.__runs = []; let last = null;
        const read = () => { const m = document.querySelector('[data-testid=stMetricValue]');
            const v = m ? m.innerText : null;
            if (v !== last) { last = v; window.__runs.push([performance.now(), parseInt(v)]); } };
        new MutationObserver(read).observe(document.querySelector('[data-testid=stApp]'),
            {subtree: true, childList: true, characterData: true}); }"""
    # background tabs would otherwise have their timers (and run_every) throttled
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
    ]
    out: dict = {}
    with server.running() as (proc, url), sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        home = b.new_page()
        home.goto(f"{url}/?lang=en")
        home.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
        )
        home.wait_for_timeout(1000)
        out["rss_mb_home_only"] = server.memory_mb(proc.pid)["VmRSS"]
        tabs = []
        for i in range(4):
            tab = b.new_page(viewport={"width": 1400, "height": 1000})
            tab.goto(f"{url}/live-training?lang=en&tr_seed={i}")
            tab.get_by_text("Epoch", exact=True).first.wait_for(timeout=60_000)
            tab.wait_for_timeout(1000)
            tabs.append(tab)
            out[f"rss_mb_{i + 1}_training_tabs"] = server.memory_mb(proc.pid)["VmRSS"]
        for n_playing in (1, 4):
            for tab in tabs[:n_playing]:
                tab.locator('[data-testid="stCheckbox"]').filter(has_text="▶").click()
            tabs[0].wait_for_timeout(2000)
            for tab in tabs[:n_playing]:
                tab.evaluate(watch)
            start_cpu, start = cpu_seconds(proc.pid), time.perf_counter()
            tabs[0].wait_for_timeout(seconds * 1000)
            used, elapsed = cpu_seconds(proc.pid) - start_cpu, time.perf_counter() - start
            runs = [tab.evaluate("window.__runs") for tab in tabs[:n_playing]]
            total = sum(len(r) for r in runs)
            out[f"{n_playing}_playing"] = {
                "redraws_per_s_per_tab": [round(len(r) / elapsed, 2) for r in runs],
                "epochs_per_s_per_tab": [
                    round((r[-1][1] - r[0][1]) / elapsed, 1) if len(r) > 1 else 0 for r in runs
                ],
                "server_cpu_ms_per_redraw": round(1e3 * used / max(total, 1), 1),
                "server_cpu_share_of_one_core": round(used / elapsed, 2),
                "rss_mb": server.memory_mb(proc.pid)["VmRSS"],
            }
            for tab in tabs[:n_playing]:
                tab.locator('[data-testid="stCheckbox"]').filter(has_text="▶").click()
            tabs[0].wait_for_timeout(2000)
        b.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=21)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true")
    parser.add_argument(
        "--no-post-script-gc",
        action="store_true",
        help="serve with runner.postScriptGC=false (Streamlit's full gc.collect after every run)",
    )
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if args.no_post_script_gc:
        os.environ["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "false"
    result = {"machine": server.machine(), "post_script_gc": not args.no_post_script_gc}
    if not args.browser_only:
        result["throughput"] = throughput(args.blocks, args.epochs)
        print("throughput", result["throughput"], flush=True)
        result["redraw_work"] = redraw_work(30)
        print("redraw work", result["redraw_work"], flush=True)
    if args.browser or args.browser_only:
        result["browser"] = browser(args.seconds)
        print("browser", result["browser"], flush=True)
    name = "training-no-post-script-gc" if args.no_post_script_gc else "training"
    print("written to", stats.write(name, result))


if __name__ == "__main__":
    main()
