"""Server-side interaction latency per page, beside an empty Streamlit page, in one run.

Two real `streamlit run` servers on 127.0.0.1: the app, and benchmarks/empty_app.py (one slider:
what Streamlit itself costs). One websocket client per page (benchmarks.stclient) opens the page at
its heaviest realistic setting (benchmarks.scenarios), then moves one widget through distinct
values. Latency = BackMsg sent -> `script_finished` received: the whole rerun plus loopback
transport, without browser rendering (benchmarks/browser.py measures that). Pages take turns, one
interaction each per round, so a busy moment of the shared machine hits every page alike.

    python -m benchmarks.latency [--rounds 40] [--pages data optimizers]

Before -> after in one run: `--before DIR` serves a second copy of the app from DIR (e.g.
`git worktree add /tmp/before <commit>`, or `git archive <commit> | tar -x -C /tmp/before`) on a
third server; every page then also runs there, as "<page> · before", taking turns with the
current code, so both see the same moments of a shared machine. `--save NAME` keeps the result in
benchmarks/out/NAME.json.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from contextlib import nullcontext
from pathlib import Path

from streamlit.testing.v1.element_tree import Slider

from benchmarks import server, stats
from benchmarks.scenarios import Scenario, scenarios, sweep
from benchmarks.stclient import Session

SIDEBAR_KEYS = {"lang", "present"}
BEFORE = " · before"  # the same page served from the --before checkout
TARGET_ADDED_P95_MS = 150


async def _open(url: str, sc: Scenario) -> tuple[Session, str, list, dict]:
    s = Session(url)
    await s.connect()
    first = await s.open(sc.url_path, lang="en", **sc.query)
    for key, value in sc.setup:
        await s.set(key, value)
    key = sc.key or next(
        w.key for w in s.widgets() if isinstance(w, Slider) and w.key not in SIDEBAR_KEYS
    )
    values = sweep(s.widget(key))
    opened = {
        "open_ms": round(first.seconds * 1000, 1),
        "open_errors": first.errors,
        "open_exceptions": first.exceptions,
    }
    return s, key, values, opened


async def measure(
    app_url: str,
    empty_url: str,
    rounds: int,
    warmup: int,
    pids: dict[str, int],
    only: tuple[str, ...] = (),
    before_url: str | None = None,
) -> dict:
    pages: dict[str, dict] = {}
    clients: list[tuple[str, Session, str, list]] = []
    baseline = Scenario("empty page", "", key="x", note="benchmarks/empty_app.py: one slider")
    chosen = [s for s in scenarios() if not only or s.concept in only]
    runs = [(baseline, empty_url, baseline.concept)]
    for sc in chosen:
        runs.append((sc, app_url, sc.concept))
        if before_url:
            runs.append((sc, before_url, f"{sc.concept}{BEFORE}"))
    for sc, url, name in runs:
        try:
            s, key, values, opened = await _open(url, sc)
        except (KeyError, StopIteration, ValueError) as err:  # a page in the middle of an edit
            pages[name] = {"widget": sc.key, "skipped": f"{type(err).__name__}: {err}"}
            continue
        clients.append((name, s, key, values))
        pages[name] = {"widget": key, "setting": sc.query, "note": sc.note, **opened}
    samples: dict[str, list[float]] = {name: [] for name, *_ in clients}
    cpu: dict[str, float] = {name: 0.0 for name, *_ in clients}
    problems: dict[str, list[str]] = {name: [] for name, *_ in clients}
    for r in range(warmup + rounds):
        for name, s, key, values in clients:
            pid = pids[s.base_url]
            before = server.cpu_seconds(pid)
            run = await s.set(key, values[(r + 1) % len(values)])
            if r >= warmup:
                cpu[name] += server.cpu_seconds(pid) - before
            problems[name] += run.exceptions + run.errors
            if r >= warmup:
                samples[name].append(run.seconds)
    for _, s, *_ in clients:
        await s.close()
    base = stats.summary_ms(samples["empty page"])
    for name, seconds in samples.items():
        summary = stats.summary_ms(seconds)
        added = round(summary["p95_ms"] - base["p95_ms"], 1)
        pages[name].update(summary)
        # The server's own CPU per rerun: what the page costs, whatever else the machine does.
        pages[name]["server_cpu_ms_mean"] = round(1000 * cpu[name] / max(len(seconds), 1), 1)
        pages[name]["added_p95_ms"] = added
        pages[name]["met"] = added <= TARGET_ADDED_P95_MS
        pages[name]["problems"] = sorted(set(problems[name]))[:5]
    return pages


def run(
    rounds: int = 40, warmup: int = 3, only: tuple[str, ...] = (), before: Path | None = None
) -> dict:
    started = time.time()
    machine_before = server.machine()
    with (
        server.running() as (app, app_url),
        server.running(server.EMPTY_APP) as (empty, empty_url),
        server.running(before / "app.py") if before else nullcontext((None, None)) as (
            old,
            old_url,
        ),
    ):
        pids = {app_url: app.pid, empty_url: empty.pid} | ({old_url: old.pid} if old else {})
        pages = asyncio.run(measure(app_url, empty_url, rounds, warmup, pids, only, old_url))
        memory = server.memory_mb(app.pid)
        empty_memory = server.memory_mb(empty.pid)
    result = {
        "benchmark": "latency",
        "what": "BackMsg rerun_script sent -> script_finished received, loopback websocket",
        "target": f"added p95 <= {TARGET_ADDED_P95_MS} ms over the empty page",
        "rounds": rounds,
        "warmup_rounds": warmup,
        "seconds": round(time.time() - started, 1),
        "machine": machine_before,
        "loadavg_after": [round(x, 2) for x in __import__("os").getloadavg()],
        "server_memory_mb_after": memory,
        "empty_server_memory_mb_after": empty_memory,  # Streamlit alone, no torch
        "pages": pages,
    }
    if before:
        result["before"] = str(before)
    stats.write(
        "latency-some" if only or before else "latency", result
    )  # keeps the full run  # a partial run keeps the full one
    return result


def table(result: dict) -> str:
    lines = [
        "| page | widget moved | p50 ms | p95 ms | added p95 ms | ≤ 150? | server CPU ms/rerun "
        "| first open ms |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for name, p in result["pages"].items():
        if "skipped" in p:
            lines.append(
                f"| {name} | `{p['widget']}` | — | — | — | skipped: {p['skipped']} | — | — |"
            )
            continue
        ok = "—" if name == "empty page" else ("yes" if p["met"] else "**no**")
        lines.append(
            f"| {name} | `{p['widget']}` | {p['p50_ms']} | {p['p95_ms']} | {p['added_p95_ms']} "
            f"| {ok} | {p['server_cpu_ms_mean']} | {p['open_ms']} |"
        )
    return "\n".join(lines)


def cpu_table(result: dict) -> str:
    """Server CPU per move, the --before checkout beside the current code, page by page."""
    lines = [
        "| page | widget moved | CPU ms/move before | after | after / before |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    pages = result["pages"]
    for name, p in pages.items():
        old = pages.get(f"{name}{BEFORE}")
        if name.endswith(BEFORE) or not old or "skipped" in p or "skipped" in old:
            continue
        a, b = old["server_cpu_ms_mean"], p["server_cpu_ms_mean"]
        ratio = f"{b / a:.2f}" if a else "—"
        lines.append(f"| {name} | `{p['widget']}` | {a} | {b} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pages", nargs="*", default=[], help="only these concepts")
    parser.add_argument("--save", help="also write the result to benchmarks/out/<SAVE>.json")
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    args = parser.parse_args()
    result = run(args.rounds, args.warmup, tuple(args.pages), args.before)
    if args.save:
        stats.write(args.save, result)
    print(table(result))
    if args.before:
        print(cpu_table(result))
    for name, p in result["pages"].items():
        if "skipped" in p:
            continue
        if p["problems"] or p["open_errors"] or p["open_exceptions"]:
            print(f"! {name}: {p['open_exceptions'] + p['open_errors'] + p['problems']}")
    print(f"machine: {result['machine']}  load after: {result['loadavg_after']}")


if __name__ == "__main__":
    main()
