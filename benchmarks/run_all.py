"""Every classroom-readiness benchmark in one command, on 127.0.0.1 only, each bounded in time.

    python -m benchmarks.run_all            # about 15 minutes on 2 cores
    python -m benchmarks.run_all --quick    # a few minutes: fewer rounds, a smaller class

Runs, one after the other (never two at once: they would measure each other):
  latency  server-side interaction latency per page vs an empty Streamlit page (benchmarks.latency)
  browser  Chromium: cold start, slider key press -> chart redrawn, RSS after every page
  load     30 concurrent sessions, 10 of them training (benchmarks.load): every mover busy
           (0.5-2 s between moves), then a calmer class reading each result (3-8 s)
  training the live-training engine vs a bare torch loop, and its redraw rate
           (benchmarks/training.py, the training page's own benchmark, when present)

Full results go to benchmarks/out/*.json (git-ignored); the summary to benchmarks/results.json and
the tables between the markers of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import browser, latency, load, server, stats

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "RESULTS.md"
SUMMARY = HERE / "results.json"
START, END = "<!-- results:start -->", "<!-- results:end -->"
QUICK_LOAD = {"n": 12, "trainers": 4, "seconds": 45, "play_seconds": 15}  # --quick: a small class


def _training(quick: bool) -> dict | None:
    script = HERE / "training.py"
    if not script.exists():
        return None
    args = [sys.executable, str(script)] + ([] if quick else ["--browser"])
    done = subprocess.run(args, cwd=HERE.parent, capture_output=True, text=True, timeout=1200)
    out = stats.OUT / "training.json"
    data = json.loads(out.read_text()) if out.exists() else {}
    result = {"exit": done.returncode, "stdout_tail": done.stdout[-3000:], "json": data}
    stats.write("training-run", result)
    return result


def latest() -> dict:
    """The newest result of every step, so a partial run (--only) keeps the others' numbers."""
    names = {
        "latency": "latency",
        "browser": "browser",
        "load": "load",
        "load-calm": "load-calm",
        "training": "training-run",
    }
    found = {}
    for step, name in names.items():
        path = stats.OUT / f"{name}.json"
        if path.exists():
            found[step] = json.loads(path.read_text())
    return found


def summary(results: dict) -> dict:
    """What is committed: machine, targets and the numbers, without per-session detail."""
    out: dict = {"machine": server.machine(), "when": time.strftime("%Y-%m-%d %H:%M")}
    if lat := results.get("latency"):
        out["latency"] = {
            "loadavg_after": lat["loadavg_after"],
            "pages": {
                k: {
                    f: v.get(f)
                    for f in (
                        "widget",
                        "p50_ms",
                        "p95_ms",
                        "added_p95_ms",
                        "met",
                        "server_cpu_ms_mean",
                    )
                }
                for k, v in lat["pages"].items()
            },
        }
    if br := results.get("browser"):
        out["browser"] = {
            "loadavg_after": br["loadavg_after"],
            "cold_start": br["cold_start"],
            "memory_after_every_page": br["memory_after_every_page"],
            "key_press_to_chart": {
                k: {f: v.get(f) for f in ("widget", "p50_ms", "p95_ms", "no_chart_change")}
                for k, v in br["pages"].items()
            },
        }
    for step in ("load", "load-calm"):
        if ld := results.get(step):
            out[step] = _load_summary(ld)
    if tr := results.get("training"):
        out["training"] = tr["json"] or {"exit": tr["exit"], "stdout_tail": tr["stdout_tail"]}
    return out


def _load_summary(ld: dict) -> dict:
    out = {
        k: ld.get(k)
        for k in (
            "sessions",
            "trainers",
            "think_s",
            "wall_s",
            "server_cpu_cores",
            "client_cpu_cores",
            "completed",
            "failures",
            "exceptions",
            "interactions",
            "mover_latency",
            "mover_latency_by_kind",
            "vmhwm_mb",
            "rss_max_sampled_mb",
            "rss_met",
            "training_identical",
            "server_cpu_after_all_left",
            "abandoned_play",
            "loadavg_after",
        )
    }
    out["training"] = ld["training"]
    return out


def markdown(results: dict) -> str:
    parts = []
    if lat := results.get("latency"):
        parts += [
            "### Interaction latency, server side (widget change -> end of rerun)",
            "",
            f"{lat['rounds']} interactions per page, pages taking turns; load average after the "
            f"run {lat['loadavg_after'][0]} on {lat['machine']['nproc']} cores.",
            "",
            latency.table(lat),
            "",
        ]
    if br := results.get("browser"):
        cold, mem = br["cold_start"], br["memory_after_every_page"]
        parts += [
            "### Browser (Chromium): slider key press -> chart redrawn",
            "",
            f"{br['presses']} presses per page; load average after {br['loadavg_after'][0]}.",
            "",
            browser.table(br),
            "",
            f"- Cold start, `streamlit run` -> home page drawn: **{cold['first_page_drawn_s']} s** "
            f"(healthy after {cold['healthy_s']} s; target <= {cold['target_s']} s).",
            f"- Server memory after visiting every page once: VmRSS **{mem['rss_mb']} MB** "
            f"(VmHWM {mem['hwm_mb']} MB; target <= {mem['target_mb']} MB). First visits (s): "
            + ", ".join(f"{k} {v}" for k, v in mem["first_visit_s"].items()),
            "",
        ]
    for step, title in (("load", "every mover busy"), ("load-calm", "a class reading each result")):
        if ld := results.get(step):
            think = ld.get("think_s", load.STRESS)
            heading = f"### Load test: {title} ({think[0]:g}-{think[1]:g} s between moves)"
            parts += [heading, "", "```", load.report(ld), "```", ""]
    if tr := results.get("training"):
        parts += [
            "### Training engine (benchmarks/training.py)",
            "",
            "```",
            tr["stdout_tail"].strip()[-2500:],
            "```",
            "",
        ]
    return "\n".join(parts)


def update_results_md(text: str) -> None:
    if not RESULTS_MD.exists():
        RESULTS_MD.write_text(f"# Benchmark results\n\n{START}\n{END}\n")
    md = RESULTS_MD.read_text()
    block = f"{START}\n{text}\n{END}"
    md = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, md, flags=re.S)
    RESULTS_MD.write_text(md)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    every = ["latency", "browser", "load", "load-calm", "training"]
    parser.add_argument("--only", nargs="*", choices=every)
    args = parser.parse_args()
    steps = args.only or every
    results: dict = {}
    for step in steps:
        t0 = time.time()
        print(f"== {step}", flush=True)
        if step == "latency":
            results[step] = latency.run(rounds=10 if args.quick else 40)
            print(latency.table(results[step]))
        elif step == "browser":
            results[step] = browser.run(presses=5 if args.quick else 15)
            print(browser.table(results[step]))
        elif step == "load":
            results[step] = load.run(**(QUICK_LOAD if args.quick else {}))
            print(load.report(results[step]))
        elif step == "load-calm":
            small = QUICK_LOAD if args.quick else {}
            results[step] = load.run(**small, think=load.CALM, name="load-calm")
            print(load.report(results[step]))
        elif step == "training":
            results[step] = _training(args.quick)
            if results[step]:
                print(results[step]["stdout_tail"][-1500:])
        print(f"   ({time.time() - t0:.0f} s)", flush=True)
    everything = latest()
    SUMMARY.write_text(json.dumps(summary(everything), indent=2, ensure_ascii=False) + "\n")
    update_results_md(markdown(everything))
    print(f"wrote {SUMMARY.relative_to(HERE.parent)} and {RESULTS_MD.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
