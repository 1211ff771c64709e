"""A class on one server: N concurrent sessions on 127.0.0.1, bounded in time, stopping by itself.

Every session is a websocket client speaking Streamlit's protocol (benchmarks.stclient), so 30
"students" cost the 2-core machine far less than 30 browsers would. The mix:

- `trainers` sessions open the live-training page with their own config, press Play (the client
  ticks the fragment's `run_every` timer as a browser does) for `play_seconds`, then Pause and read
  the loss curves off the chart data. Afterwards each curve is compared with the same config
  trained alone in this process (lib.training.engine.Trainer): any difference is cross-session
  interference (shared generator, shared state, ...).
- the other sessions walk through pages in en / zh-TW / zh-CN, moving widgets with think time.

Pass criteria reported: every session completes its script; zero exception elements; p95
interaction latency; peak server RSS (VmHWM and sampled VmRSS); training histories identical to a
lone run; and the server's CPU after everybody left (a run that keeps computing shows up there).

    python -m benchmarks.load [--sessions 30 --trainers 10 --seconds 90]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from streamlit.testing.v1.element_tree import Slider

from benchmarks import server, stats
from benchmarks.scenarios import scenarios, sweep
from benchmarks.stclient import ProtocolError, Session

LANGS = ("en", "zh-TW", "zh-CN")
SIDEBAR_KEYS = {"lang", "present"}
RSS_TARGET_MB = 800
TRAINING_PAGE = "live-training"
# Seconds between one student's widget moves: a stress mix (every mover busy all the time), and a
# class reading what each move shows (--think 3 8).
STRESS = (0.5, 2.0)
CALM = (3.0, 8.0)


@dataclass
class Outcome:
    name: str
    completed: bool = False
    interactions: int = 0
    latencies: list[float] = field(default_factory=list)
    what: list[str] = field(default_factory=list)  # per latency: "<page> <open|goto|move|step>"
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str = ""
    step: str = "start"  # what the session is waiting on, for a stuck session's report
    trace: Sequence[str] = ()  # its last requests and runs (stclient.Session.trace)
    training: dict | None = None  # config, epochs reached, curve rows


def training_configs(n: int) -> list[dict]:
    """Different students, different runs (TrainConfig fields; the rest stay the page defaults)."""
    from lib.training.data import DATASETS

    optimizers = ("sgd", "adam", "sgd_momentum", "rmsprop")
    rates = (0.03, 0.01, 0.1, 0.003)
    batches = ("mini", "full", "mini", "single")
    return [
        {
            "dataset": DATASETS[i % len(DATASETS)],
            "seed": 1000 + i,
            "optimizer": optimizers[i % len(optimizers)],
            "lr": rates[i % len(rates)],
            "batch": batches[i % len(batches)],
            "hidden": (6, 4) if i % 2 else (4, 2),
            "max_epochs": 2000,
        }
        for i in range(n)
    ]


# TrainConfig field -> (the training page's widget key, the value as the URL writes it). Widget
# keys are the page's public API (shared links); TrainConfig.from_form is the page's own mapping.
URL_OF = {
    "dataset": ("tr_dataset", str),
    "seed": ("tr_seed", str),
    "optimizer": ("tr_optimizer", str),
    "lr": ("tr_lr", "{:g}".format),
    "batch": ("tr_batch_mode", str),
    "hidden": ("tr_layers", lambda h: ", ".join(map(str, h))),
    "max_epochs": ("tr_budget", str),
}


def _query(cfg: dict, lang: str) -> dict[str, str]:
    """The training page's URL for a config."""
    return {"lang": lang} | {URL_OF[k][0]: URL_OF[k][1](v) for k, v in cfg.items()}


def _record(out: Outcome, run, what: str = "") -> None:
    out.interactions += 1
    out.latencies.append(run.seconds)
    out.what.append(what)
    out.exceptions += run.exceptions
    out.errors += run.errors


async def trainer(
    url: str,
    i: int,
    cfg: dict,
    play_seconds: float,
    t_end: float,
    out: Outcome,
    tab: Callable[..., Session] = Session,
) -> Outcome:
    lang = LANGS[i % 2]  # en and zh-TW
    try:
        async with tab(url, timeout=max(10.0, t_end - time.monotonic())) as s:
            out.trace = s.trace
            query = _query(cfg, lang)
            _record(out, await s.open(TRAINING_PAGE, **query))
            missing = set(query) - {"lang"} - {w.key for w in s.widgets()}
            if missing:  # the page renamed a key: the run would not be the config compared
                raise KeyError(f"the training page has no widget {sorted(missing)}")
            out.step = "step"
            _record(out, await s.click("tr_step"))  # one epoch by hand first
            out.step = "play"
            _record(out, await s.set("tr_play", True))
            played = time.monotonic()
            await asyncio.sleep(max(1.0, min(play_seconds, t_end - time.monotonic() - 15)))
            played = time.monotonic() - played
            ticks = s.fragment_runs
            out.step = "pause"
            _record(out, await s.set("tr_play", False))
            out.step = "read the curves"
            # A tick already in flight can land after Pause and preempt that run: read the
            # curves off one more quiet rerun, as the student's page shows them once settled.
            await asyncio.sleep(1)
            _record(out, await s.rerun())
            charts = s.chart_data()
            wide = next((c["wide"] for c in charts if c.get("wide")), [])
            out.training = {"config": cfg, "ticks": ticks, "played_s": played, "rows": wide}
            out.completed = bool(wide)
            if not wide:
                out.failure = "no loss curve on the page after Pause: " + str(
                    [{k: len(v) for k, v in c.items()} for c in charts]
                )
    except (ProtocolError, KeyError, OSError, TimeoutError) as err:
        out.failure = f"{type(err).__name__}: {err}"
    return out


async def mover(
    url: str,
    i: int,
    pages_each: int,
    moves: int,
    think: tuple[float, float],
    t_end: float,
    out: Outcome,
    tab: Callable[..., Session] = Session,
) -> Outcome:
    """A student clicking through pages, moving the page's main widget with think time (s).
    `tab` makes the session (benchmarks.sticky_client's, behind a balancer)."""
    rng = random.Random(i)
    lang = LANGS[i % len(LANGS)]
    order = scenarios()
    order = order[i % len(order) :] + order[: i % len(order)]
    try:
        async with tab(url, timeout=max(10.0, t_end - time.monotonic())) as s:
            out.trace = s.trace
            for n, sc in enumerate(order[:pages_each]):
                page = sc.concept
                if n == 0:
                    _record(out, await s.open(sc.url_path, lang=lang, **sc.query), f"{page} open")
                else:
                    _record(out, await s.goto(sc.url_path, lang=lang, **sc.query), f"{page} goto")
                keys = [w.key for w in s.widgets()]
                key = (
                    sc.key
                    if sc.key in keys
                    else next(
                        w.key
                        for w in s.widgets()
                        if isinstance(w, Slider) and w.key not in SIDEBAR_KEYS
                    )
                )
                for _ in range(moves):
                    if time.monotonic() > t_end:
                        raise TimeoutError("the load test's time is up")
                    await asyncio.sleep(rng.uniform(*think))
                    if sc.concept == "training" and rng.random() < 0.3:
                        _record(out, await s.click("tr_step"), f"{page} step")
                    else:
                        value = rng.choice(sweep(s.widget(key)))
                        _record(out, await s.set(key, value), f"{page} move")
            out.completed = True
    except (ProtocolError, KeyError, StopIteration, OSError, TimeoutError) as err:
        out.failure = f"{type(err).__name__}: {err}"
    return out


async def sample_memory(pid: int, peak: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            rss = server.memory_mb(pid)["VmRSS"]
        except OSError:
            return
        peak["rss_max_mb"] = max(peak.get("rss_max_mb", 0.0), rss)
        await asyncio.sleep(0.5)


async def abandoned_play(url: str, pid: int, window: float = 4) -> dict:
    """A student presses Play and closes the tab: the server must stop training at once. The
    server's CPU while playing shows the measure would see a run that kept going."""
    async with Session(url) as s:
        await s.open(TRAINING_PAGE, lang="en", tr_budget="2000")
        await s.set("tr_play", True)
        await asyncio.sleep(1)
        before = server.cpu_seconds(pid)
        await asyncio.sleep(window)
        playing = (server.cpu_seconds(pid) - before) / window
        ticks_before_leaving = s.fragment_runs
    await asyncio.sleep(1)  # the tick in flight, if any
    before = server.cpu_seconds(pid)
    await asyncio.sleep(window)
    left = (server.cpu_seconds(pid) - before) / window
    return {
        "ticks_while_open": ticks_before_leaving,
        "server_cpu_while_playing": round(playing, 3),
        "server_cpu_after_leaving": round(left, 3),
    }


async def bounded(work, out: Outcome, limit: float) -> Outcome:
    """One session's script, cut off after `limit` s: a stuck session is a reported failure
    (with the step it was waiting on), not a lost run."""
    try:
        return await asyncio.wait_for(work, limit)
    except TimeoutError:
        out.failure = f"no answer within {limit:.0f} s, waiting on: {out.step}"
        return out


async def load(
    url: str,
    pid: int,
    n: int,
    trainers: int,
    seconds: float,
    play_seconds: float,
    pages_each: int,
    moves: int,
    think: tuple[float, float],
) -> dict:
    # The process's first session registers the pages (st.navigation); a student after a cold
    # start would get "page not found" on a deep link otherwise.
    async with Session(url) as warm:
        await warm.open("", lang="en")
    peak: dict = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, peak, stop))
    t_end = time.monotonic() + seconds
    configs = training_configs(trainers)
    limit = seconds + 45
    tasks = []
    for i, cfg in enumerate(configs):
        out = Outcome(f"trainer-{i}")
        tasks.append(bounded(trainer(url, i, cfg, play_seconds, t_end, out), out, limit))
    for i in range(n - trainers):
        out = Outcome(f"mover-{i}")
        tasks.append(bounded(mover(url, i, pages_each, moves, think, t_end, out), out, limit))
    started, client_cpu = time.monotonic(), time.process_time()
    server_cpu = server.cpu_seconds(pid)
    try:
        outcomes = await asyncio.gather(*tasks)
    finally:
        stop.set()
        await sampler
    wall = time.monotonic() - started
    client_cpu = time.process_time() - client_cpu
    server_cpu = server.cpu_seconds(pid) - server_cpu
    hwm = server.memory_mb(pid)
    await asyncio.sleep(2)  # sessions closed: give the server a moment, then watch its CPU
    before = server.cpu_seconds(pid)
    await asyncio.sleep(3)
    idle_cpu = (server.cpu_seconds(pid) - before) / 3
    leaving = await abandoned_play(url, pid, window=2 if seconds < 60 else 4)
    return {
        "outcomes": outcomes,
        "wall_s": round(wall, 1),
        # the 2 cores were shared by the server, these 30 clients and whatever else ran
        "server_cpu_cores": round(server_cpu / wall, 2),
        "client_cpu_cores": round(client_cpu / wall, 2),
        "rss_max_sampled_mb": round(peak.get("rss_max_mb", math.nan), 1),
        "vmhwm_mb": round(hwm["VmHWM"], 1),
        "rss_end_mb": round(hwm["VmRSS"], 1),
        "server_cpu_after_all_left": round(idle_cpu, 3),
        "abandoned_play": leaving,
    }


def lone_history(cfg: dict, epochs: int):
    """The same config trained alone, one torch thread as the app uses."""
    import torch

    from lib.training.config import TrainConfig
    from lib.training.engine import Trainer

    torch.set_num_threads(1)
    trainer = Trainer(TrainConfig(**cfg))
    return [trainer.start, *trainer.run_epochs(epochs)]


def compare_training(outcome: Outcome) -> dict:
    rows = outcome.training["rows"] if outcome.training else []
    if not rows:
        return {"session": outcome.name, "epochs": 0, "identical": False}
    last = max(r["epoch"] for r in rows)
    alone = {r.epoch: r for r in lone_history(outcome.training["config"], last)}
    worst, mismatched = 0.0, []
    for row in rows:
        ref = alone.get(row["epoch"])
        if ref is None:
            mismatched.append(row["epoch"])
            continue
        for name in ("train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr"):
            a, b = row[name], getattr(ref, name)
            if a != b:
                mismatched.append(row["epoch"])
                if a is not None and b is not None:
                    worst = max(worst, abs(a - b))
    return {
        "session": outcome.name,
        "epochs": last,
        "ticks": outcome.training["ticks"],
        "redraws_per_s": round(outcome.training["ticks"] / outcome.training["played_s"], 2),
        "rows_compared": len(rows),
        "identical": not mismatched,
        "mismatched_epochs": sorted(set(mismatched))[:10],
        "max_abs_diff": worst,
    }


def mover_latencies(outcomes: list[Outcome]) -> tuple[list[float], dict[str, list[float]]]:
    """The movers' widget changes (moves and steps), and every latency by kind: per page and
    move/step, and all page switches together (a first open is a cold start, not counted)."""
    movers = [o for o in outcomes if o.name.startswith("mover")]
    done = [(what, x) for o in movers for what, x in zip(o.what, o.latencies, strict=True)]
    latencies = [x for what, x in done if what.endswith((" move", " step"))]  # widget changes
    by_kind: dict[str, list[float]] = {}
    for what, x in done:
        kind = what if what.endswith((" move", " step")) else "page switch (goto)"
        if not what.endswith(" open"):
            by_kind.setdefault(kind, []).append(x)
    return latencies, by_kind


def run(
    n: int = 30,
    trainers: int = 10,
    seconds: float = 120,
    play_seconds: float = 60,
    pages_each: int = 3,
    moves: int = 4,
    think: tuple[float, float] = STRESS,
    name: str = "load",
) -> dict:
    if n < trainers:
        raise ValueError("more trainers than sessions")
    started = time.time()
    machine = server.machine()
    with server.running() as (proc, url):
        res = asyncio.run(
            load(url, proc.pid, n, trainers, seconds, play_seconds, pages_each, moves, think)
        )
    outcomes: list[Outcome] = res.pop("outcomes")
    for o in outcomes:  # a failed session's last messages; nobody needs a good one's
        o.trace = list(o.trace) if not o.completed else []
    latencies, by_kind = mover_latencies(outcomes)
    training = [compare_training(o) for o in outcomes if o.name.startswith("trainer")]
    result = {
        "benchmark": name,
        "sessions": n,
        "trainers": trainers,
        "bound_s": seconds,
        "think_s": list(think),
        "seconds": round(time.time() - started, 1),
        "machine": machine,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        **res,
        "completed": sum(o.completed for o in outcomes),
        "failures": {o.name: o.failure for o in outcomes if not o.completed},
        "exceptions": sorted({e for o in outcomes for e in o.exceptions}),
        "errors_shown": sorted({e for o in outcomes for e in o.errors})[:10],
        "interactions": sum(o.interactions for o in outcomes),
        "mover_latency": stats.summary_ms(latencies),
        "mover_latency_by_kind": {k: stats.summary_ms(v) for k, v in sorted(by_kind.items())},
        "training": training,
        "training_identical": sum(t["identical"] for t in training),
        "rss_target_mb": RSS_TARGET_MB,
        "rss_met": res["vmhwm_mb"] <= RSS_TARGET_MB,
        "sessions_detail": [
            {k: v for k, v in asdict(o).items() if k not in ("latencies", "what", "training")}
            | stats.summary_ms(o.latencies)
            for o in outcomes
        ],
    }
    stats.write(name, result)
    return result


def report(result: dict) -> str:
    lat = result["mover_latency"]
    lines = [
        f"sessions: {result['sessions']} ({result['trainers']} training), "
        f"completed {result['completed']}/{result['sessions']} in {result['wall_s']} s",
        f"interactions: {result['interactions']}; widget moves p50 {lat['p50_ms']} ms, "
        f"p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms (n={lat['n']})",
        "  by kind (p50 / p95 ms, n): "
        + "; ".join(
            f"{k} {v['p50_ms']} / {v['p95_ms']} ({v['n']})"
            for k, v in result.get("mover_latency_by_kind", {}).items()
        ),
        f"exception elements: {len(result['exceptions'])} {result['exceptions'][:3]}",
        f"server memory: VmHWM {result['vmhwm_mb']} MB, sampled RSS max "
        f"{result['rss_max_sampled_mb']} MB, at the end {result['rss_end_mb']} MB "
        f"(target <= {RSS_TARGET_MB})",
        f"training histories identical to a lone run: {result['training_identical']}/"
        f"{len(result['training'])}; epochs reached: "
        f"{[t['epochs'] for t in result['training']]}; live redraws/s while playing: "
        f"{[t.get('redraws_per_s') for t in result['training']]} (the page asks for 5 a second, "
        "5/k when k runs train at once; waiting in the queue counts as playing)",
        f"CPU during the run: server {result['server_cpu_cores']} cores, load client "
        f"{result['client_cpu_cores']} cores",
        f"server CPU after all left: {result['server_cpu_after_all_left']:.0%} of a core; "
        f"Play then tab closed: {result['abandoned_play']}",
    ]
    if result["failures"]:
        reasons = Counter(
            f.split(":")[0] + ": " + f.split(":", 1)[-1][:60] for f in result["failures"].values()
        )
        lines.append("failures: " + "; ".join(f"{n} x {r}" for r, n in reasons.items()))
        for detail in result["sessions_detail"]:
            if detail["trace"]:
                lines.append(f"  {detail['name']}, last messages: " + " | ".join(detail["trace"]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--trainers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120, help="hard bound on the session mix")
    parser.add_argument("--play", type=float, default=60, help="seconds each trainer plays")
    parser.add_argument("--pages", type=int, default=3, help="pages each mover visits")
    parser.add_argument("--moves", type=int, default=4, help="widget moves per page")
    parser.add_argument(
        "--think", type=float, nargs=2, default=STRESS, help="seconds between moves: low high"
    )
    parser.add_argument("--name", default="load", help="results go to benchmarks/out/<name>.json")
    a = parser.parse_args()
    think = tuple(a.think)
    result = run(a.sessions, a.trainers, a.seconds, a.play, a.pages, a.moves, think, a.name)
    print(report(result))
    print(f"machine: {result['machine']}  load after: {result['loadavg_after']}")


if __name__ == "__main__":
    main()
