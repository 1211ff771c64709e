"""The class of benchmarks.load through HAProxy: one replica, then two, in the same run; or two with
one of them SIGKILLed mid-class.

    python -m benchmarks.replicas_load                  # both mixes, 1 then 2 replicas (~10 min)
    python -m benchmarks.replicas_load --mix calm       # one mix: a class reading each result
    python -m benchmarks.replicas_load --mix stress --kill-after 20 --name replicas-load-failover
    python -m benchmarks.replicas_load --table benchmarks/out/replicas-load*.json  # saved, again

Each configuration gets a fresh cluster (deploy.replicas: HAProxy, cookie affinity), so the replica
count is the only difference. The sessions are benchmarks.load's trainers and movers, each a
benchmarks.sticky_client tab: it carries HAProxy's SERVERID cookie, and reconnects and reopens its
page from its URL when its replica dies. Per replica: CPU seconds from /proc/<pid>/stat over the
mix (cores = CPU / wall time), RSS sampled every 0.5 s, and the sessions HAProxy pinned to it (the
cookie); HAProxy's own count of connections per replica is compared with the tabs' count. The
markdown table for benchmarks/RESULTS.md is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections import Counter
from pathlib import Path

from benchmarks import server, stats
from benchmarks.load import (
    CALM,
    STRESS,
    TRAINING_PAGE,
    Outcome,
    bounded,
    compare_training,
    mover,
    mover_latencies,
    trainer,
    training_configs,
)
from benchmarks.stclient import Session
from benchmarks.sticky_client import StickySession
from deploy.replicas import Cluster, cluster

MIXES = {"stress": STRESS, "calm": CALM}
VICTIM = "r1"


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _connections(c: Cluster) -> dict[str, int]:
    """HAProxy's count of connections it sent to each replica so far."""
    return {name: int(row["stot"]) for name, row in c.states().items()}


class Replicas:
    """CPU and memory of each replica, sampled while the class runs."""

    def __init__(self, c: Cluster) -> None:
        self.pids = {name: p.pid for name, p in c.replicas.items()}
        self.cpu0 = {name: server.cpu_seconds(pid) for name, pid in self.pids.items()}
        self.cpu = dict(self.cpu0)
        self.rss = dict.fromkeys(self.pids, 0.0)
        self.hwm = dict.fromkeys(self.pids, 0.0)
        self.alive_s: dict[str, float] = {}  # a killed replica: seconds it served the mix
        self.started = time.monotonic()

    def sample(self) -> None:
        for name, pid in self.pids.items():
            if name in self.alive_s:
                continue
            try:
                self.cpu[name] = server.cpu_seconds(pid)
                memory = server.memory_mb(pid)
            except OSError:
                continue
            self.rss[name] = max(self.rss[name], memory["VmRSS"])
            self.hwm[name] = memory["VmHWM"]

    async def watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            await asyncio.sleep(0.5)

    def killed(self, name: str) -> None:
        self.sample()
        self.alive_s[name] = time.monotonic() - self.started

    def table(self, wall: float) -> dict[str, dict]:
        self.sample()
        used = {name: self.cpu[name] - self.cpu0[name] for name in self.pids}
        return {
            name: {
                "cpu_s": round(used[name], 1),
                "cores": round(used[name] / self.alive_s.get(name, wall), 2),
                "rss_max_mb": round(self.rss[name], 1),
                "vmhwm_mb": round(self.hwm[name], 1),
                "killed_after_s": round(self.alive_s[name], 1) if name in self.alive_s else None,
            }
            for name in self.pids
        }


async def kill_later(c: Cluster, seconds: float, tabs: dict, watch: Replicas, found: dict) -> None:
    """SIGKILL the victim `seconds` into the mix; then poll HAProxy until it marks it DOWN."""
    await asyncio.sleep(seconds)
    found["sessions_on_victim"] = sorted(n for n, t in tabs.items() if t.replica == VICTIM)
    found["connections"] = await asyncio.to_thread(_connections, c)
    found["tab_requests"] = {n: dict(t.requests) for n, t in tabs.items()}
    watch.killed(VICTIM)
    found["killed_at"] = time.monotonic()
    c.kill(VICTIM)
    while time.monotonic() - found["killed_at"] < 60:
        status = (await asyncio.to_thread(c.states))[VICTIM]["status"]
        if status.startswith("DOWN"):
            found["down_after_s"] = round(time.monotonic() - found["killed_at"], 2)
            return
        await asyncio.sleep(0.1)


async def mix(
    c: Cluster,
    sessions: int,
    trainers: int,
    seconds: float,
    play: float,
    pages: int,
    moves: int,
    think: tuple[float, float],
    kill_after: float | None = None,
) -> dict:
    # A fresh process registers its pages on its first session and imports torch on the first
    # page that needs it: a class meets a server that is already up, so warm each replica first.
    for port in c.ports.values():
        async with Session(f"http://127.0.0.1:{port}", timeout=120) as warm:
            await warm.open("", lang="en")
            await warm.open(TRAINING_PAGE, lang="en")
    tabs: dict[str, StickySession] = {}

    def tab(name: str):
        def make(url: str, timeout: float) -> StickySession:
            tabs[name] = StickySession(url, timeout=timeout)
            return tabs[name]

        return make

    t_end = time.monotonic() + seconds
    limit = seconds + 45
    work = []
    for i, cfg in enumerate(training_configs(trainers)):
        out = Outcome(f"trainer-{i}")
        work.append(bounded(trainer(c.url, i, cfg, play, t_end, out, tab(out.name)), out, limit))
    for i in range(sessions - trainers):
        out = Outcome(f"mover-{i}")
        job = mover(c.url, i, pages, moves, think, t_end, out, tab(out.name))
        work.append(bounded(job, out, limit))
    connections0 = _connections(c)
    watch, stop, failover = Replicas(c), asyncio.Event(), {}
    sampler = asyncio.create_task(watch.watch(stop))
    killer = kill_later(c, kill_after, tabs, watch, failover) if kill_after else None
    killer = asyncio.create_task(killer) if killer else None
    started = time.monotonic()
    outcomes = await asyncio.gather(*work)
    wall = time.monotonic() - started
    stop.set()
    await sampler
    if killer:
        await killer
    else:  # everybody left: nothing more goes through the balancer
        failover["connections"] = _connections(c)
        failover["tab_requests"] = {n: dict(t.requests) for n, t in tabs.items()}
    return summarize(outcomes, tabs, watch.table(wall), wall, connections0, failover)


def summarize(outcomes, tabs, replicas, wall, connections0, failover) -> dict:
    latencies, by_kind = mover_latencies(outcomes)
    training = [compare_training(o) for o in outcomes if o.name.startswith("trainer")]
    first = Counter(t.assigned[0] for t in tabs.values() if t.assigned)
    for name in replicas:
        replicas[name]["sessions"] = first.get(name, 0)
    # HAProxy's connections per replica (up to the kill, or the end) against the tabs' requests
    # as their cookies say: equal when every request went where its cookie pinned it.
    asked = failover.pop("tab_requests")  # per tab, its requests per replica until then
    told = Counter()
    for counts in asked.values():
        told.update(counts)
    counted = {k: v - connections0[k] for k, v in failover.pop("connections").items()}
    result = {
        "replicas": len(replicas),
        "sessions": len(outcomes),
        "completed": sum(o.completed for o in outcomes),
        "wall_s": round(wall, 1),
        "interactions": sum(o.interactions for o in outcomes),
        "widget_move": stats.summary_ms(latencies),
        "page_switch": stats.summary_ms(by_kind.get("page switch (goto)", [])),
        "exceptions": sorted({e for o in outcomes for e in o.exceptions}),
        "failures": {o.name: o.failure for o in outcomes if not o.completed},
        "traces": {o.name: list(o.trace) for o in outcomes if not o.completed},
        "training_identical": f"{sum(t['identical'] for t in training)}/{len(training)}",
        "training": training,
        "per_replica": replicas,
        "assigned": {n: t.assigned for n, t in sorted(tabs.items())},
        "one_replica_each": sum(len(counts) == 1 for counts in asked.values()),
        "connections_haproxy_vs_tabs": {k: [counted[k], told.get(k, 0)] for k in counted},
        "failed_interactions": sum(t.failed for t in tabs.values()),
    }
    if "killed_at" in failover:
        result["failover"] = failover_figures(outcomes, tabs, failover)
    return result


def failover_figures(outcomes: list[Outcome], tabs: dict, found: dict) -> dict:
    killed = found["killed_at"]
    victims = found["sessions_on_victim"]
    reopens = [(n, r) for n, t in tabs.items() for r in t.reopens]
    done = {o.name: o.completed for o in outcomes}
    after = sorted(r.reopened_at - killed for _, r in reopens)
    return {
        "victim": VICTIM,
        "sessions_on_victim": len(victims),
        "down_after_s": found.get("down_after_s"),
        "first_reopened_s": round(after[0], 2) if after else None,
        "last_reopened_s": round(after[-1], 2) if after else None,
        "reopened_sessions": len({n for n, _ in reopens}),
        "reopened_on_live_replica": sum(r.after != VICTIM for _, r in reopens),
        "views_restored": sum(r.checked > 0 and not r.mismatches for _, r in reopens),
        "values_checked": sum(r.checked for _, r in reopens),
        "mismatches": [m for _, r in reopens for m in r.mismatches][:10],
        "failed_interactions": sum(tabs[n].failed for n in victims),
        "victims_completed": sum(done[n] for n in victims),
        "training_runs_lost": sum(bool(tabs[n].reopens) for n in victims if "trainer" in n),
    }


def measure(replicas: int, think: tuple[float, float], kill_after: float | None, **kw) -> dict:
    logs = stats.OUT / f"replicas-{replicas}"
    logs.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    with cluster(replicas, logs=logs) as c:
        result = asyncio.run(mix(c, think=think, kill_after=kill_after, **kw))
    return {"think_s": list(think), "loadavg_start": load_before, "loadavg_end": _load(), **result}


def run(
    mixes: tuple[str, ...] = ("stress",),
    counts: tuple[int, ...] = (1, 2),
    kill_after: float | None = None,
    sessions: int = 30,
    trainers: int = 10,
    seconds: float = 120,
    play: float = 60,
    pages: int = 3,
    moves: int = 4,
    name: str = "replicas-load",
) -> dict:
    kw = dict(sessions=sessions, trainers=trainers, seconds=seconds, play=play)
    kw |= dict(pages=pages, moves=moves)
    counts = (2,) if kill_after else counts
    started = time.time()
    result = {
        "machine": server.machine(),
        "settings": kw | {"kill_after": kill_after},
        "configs": [
            {"mix": m, "kill_after": kill_after} | measure(n, MIXES[m], kill_after, **kw)
            for m in mixes
            for n in counts
        ],
    }
    result["seconds"] = round(time.time() - started, 1)
    stats.write(name, result)
    return result


def _pair(summary: dict) -> str:
    return f"{summary['p50_ms']:.0f} / {summary['p95_ms']:.0f}"


def table(result: dict) -> str:
    lines = [
        "| mix | replicas | widget move p50 / p95 ms | page switch p50 / p95 ms | completed "
        "| exception elements | wall s | CPU s (cores) per replica | CPU s all replicas "
        "| RSS peak MB per replica | sessions per replica | load avg start → end |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | --- |",
    ]
    for r in result["configs"]:
        per = r["per_replica"].items()
        cpu = ", ".join(f"{k} {v['cpu_s']:.0f} ({v['cores']:.2f})" for k, v in per)
        rss = ", ".join(f"{k} {v['rss_max_mb']:.0f}" for k, v in per)
        spread = ", ".join(f"{k} {v['sessions']}" for k, v in per)
        total = sum(v["cpu_s"] for _, v in per)
        think = "–".join(f"{x:g}" for x in r["think_s"])
        killed = f", {VICTIM} killed {r['kill_after']:g} s in" if r.get("kill_after") else ""
        lines.append(
            f"| {r['mix']} ({think} s){killed} | {r['replicas']} | {_pair(r['widget_move'])} "
            f"| {_pair(r['page_switch'])} | {r['completed']}/{r['sessions']} "
            f"| {len(r['exceptions'])} | {r['wall_s']:.0f} | {cpu} | {total:.0f} | {rss} "
            f"| {spread} "
            f"| {r['loadavg_start'][0]} → {r['loadavg_end'][0]} |"
        )
    for r in result["configs"]:
        f = r.get("failover")
        if f:
            lines += [
                "",
                f"Failover ({r['mix']} mix, {f['victim']} SIGKILLed "
                f"{r['kill_after']:g} s in, {f['sessions_on_victim']} sessions on "
                f"it): HAProxy marked it DOWN after {f['down_after_s']} s; the first rerouted "
                f"session's page had finished {f['first_reopened_s']} s after the kill, the last "
                f"{f['last_reopened_s']} s; {f['reopened_sessions']} sessions reopened, "
                f"{f['reopened_on_live_replica']} on the live replica; views equal to their URL "
                f"{f['views_restored']}/{f['reopened_sessions']} ({f['values_checked']} values "
                f"checked); interactions sent and never answered: {f['failed_interactions']}; "
                f"the victim's sessions completed {f['victims_completed']}/"
                f"{f['sessions_on_victim']} (all sessions {r['completed']}/{r['sessions']}); "
                f"training runs lost: {f['training_runs_lost']}.",
            ]
    return "\n".join(lines)


def details(result: dict) -> str:
    lines = []
    for r in result["configs"]:
        lines.append(
            f"{r['mix']}, {r['replicas']} replica(s): sessions whose requests all went to one "
            f"replica (until the kill) {r['one_replica_each']}/{r['sessions']}; connections per "
            f"replica, HAProxy vs the tabs' cookies: {r['connections_haproxy_vs_tabs']}; training "
            f"histories identical to a lone run {r['training_identical']}; failures "
            f"{r['failures'] or 'none'}; exceptions {r['exceptions'][:3] or 'none'}"
        )
        if r.get("failover", {}).get("mismatches"):
            lines.append(f"  view mismatches after reopening: {r['failover']['mismatches']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", nargs="+", choices=sorted(MIXES), default=["stress", "calm"])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--kill-after", type=float, help="2 replicas; kill r1 after S seconds")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--trainers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120, help="hard bound on each mix")
    parser.add_argument("--play", type=float, default=60, help="seconds each trainer plays")
    parser.add_argument("--pages", type=int, default=3, help="pages each mover visits")
    parser.add_argument("--moves", type=int, default=4, help="widget moves per page")
    parser.add_argument("--name", default="replicas-load", help="benchmarks/out/<name>.json")
    parser.add_argument("--table", type=Path, nargs="+", help="print saved runs' table, exit")
    a = parser.parse_args()
    if a.table:  # several runs (the mixes, the failover) in one table
        runs = [json.loads(path.read_text()) for path in a.table]
        configs = [c for r in runs for c in r["configs"]]
        result = runs[0] | {"configs": sorted(configs, key=lambda c: bool(c.get("kill_after")))}
    else:
        result = run(
            tuple(a.mix),
            tuple(a.replicas),
            a.kill_after,
            a.sessions,
            a.trainers,
            a.seconds,
            a.play,
            a.pages,
            a.moves,
            a.name,
        )
    print(table(result))
    print()
    print(details(result))
    print(f"machine: {result['machine']}; {result.get('seconds')} s")


if __name__ == "__main__":
    main()
