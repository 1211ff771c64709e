"""Normal use at the MAXIMUM settings, many at once, on one server (issue 13's last "done when").

    python -m benchmarks.stress_max --sessions 20          # the measurement (a quiet machine)
    python -m benchmarks.stress_max --sessions 3 --seconds 40   # a quick look

One real `streamlit run app.py` on 127.0.0.1 (benchmarks.server), N websocket sessions
(benchmarks.stclient) taking turns over the heavy pages, each opened by a link at the bounds its
lib/<page>/ constants allow (max_settings() below reads those constants, so a changed bound is
followed; tests/load/test_stress_max_settings.py checks every page applies its link). Session i
opens page i mod 7 (training, augmentation, strides, optimizers, data, convolution, activations;
`--only data convolution` picks some), then makes a few moves: a trainer Steps once, Plays for
`--play` s and Pauses; the others move the page's main widget (benchmarks.scenarios) through new
values. Meanwhile a thread GETs /_stcore/health every 0.25 s (no answer within 2 s is a failure)
and samples the server's VmRSS every 0.5 s. After the sessions close, RSS gets up to 30 s to settle.

Target (issue 13): the server stays up, health p95 < 0.5 s, RSS after the sessions < 800 MB.
Everything is bounded by --seconds (default 120) plus the settle time; loopback only. Results go to
benchmarks/out/stress-max.json.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import threading
import time
import urllib.request
from dataclasses import asdict

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1.element_tree import Slider

from benchmarks import server, stats
from benchmarks.load import LANGS, RSS_TARGET_MB, Outcome, _record, bounded
from benchmarks.scenarios import HEAVY, sweep
from benchmarks.stclient import ProtocolError, Session

HEALTH_TARGET_S = 0.5
HEALTH_EVERY = 0.25
HEALTH_TIMEOUT = 2.0  # a health answer slower than this is a failure (and counts as this long)
RSS_EVERY = 0.5
SETTLE_S = 30.0
# An 8-op chain (lib.strides.ops.MAX_STEPS) on the largest storage, through a 4-D expand and a
# 5-D unfold; 125 of the 300 characters a chain may have.
STRIDES_CHAIN = (
    ".permute(2, 0, 1).unsqueeze(0).expand(4, 4, 4, 4).flip(1)[:, ::2, 1:, None]"
    ".transpose(0, 3).unfold(4, 2, 1).diagonal(0, 1, 2)"
)


def max_settings() -> list[tuple[str, str, dict[str, str | list[str]]]]:
    """(concept, url path, query) per heavy page, each value at the bound its lib constant sets."""
    from lib.activations import network
    from lib.augmentation import pipeline, table
    from lib.convolution import setting as cv
    from lib.data import loader
    from lib.optimizers import run as opt
    from lib.strides import ops, storage
    from lib.training import config as tc
    from lib.training import data as td
    from lib.training import model as tm

    # One Step is one epoch, capped at MAX_UPDATES optimizer steps: the most training points (the
    # least held out) in the smallest batch that cap allows (1000 points, 10 % held out: 5 a batch).
    val = 10
    batch = -(-td.train_size(td.MAX_POINTS, val / 100) // tc.MAX_UPDATES)
    side = round(storage.MAX_STORAGE ** (1 / 3))  # 4, 4, 4: the largest storage in 3 dims
    assert len(ops.parse_chain(STRIDES_CHAIN)) == ops.MAX_STEPS
    steps = [t.name for t in table.TABLE][: pipeline.MAX_STEPS]
    return [
        (
            "training",
            "live-training",
            {
                "tr_points": str(td.MAX_POINTS),
                "tr_layers": ", ".join([str(tm.MAX_WIDTH)] * tm.MAX_LAYERS),
                "tr_features": list(tm.FEATURES),
                "tr_val": str(val),
                "tr_batch_mode": "mini" if batch > 1 else "single",
                "tr_batch_size": str(batch),
                "tr_budget": str(tc.MAX_EPOCHS),
                "tr_speed": "50",  # the fastest redraw pace the page offers
                "tr_neurons": "true",  # every hidden unit's map drawn too
            },
        ),
        (
            "augmentation",
            "augment",
            {"aug_n": str(pipeline.MAX_SAMPLES), "aug_steps": steps}
            | {f"aug_{s}_p": "1.0" for s in steps}  # every transform applied to every sample
            | {"aug_blur_kernel_size": "15"},  # the widest blur table.py offers
        ),
        (
            "strides",
            "stride-offset",
            {"s_shape": ", ".join([str(side)] * 3), "s_ops": STRIDES_CHAIN},
        ),
        (
            "optimizers",
            "optimizer-steps",
            {"opt_surface": "himmelblau", "opt_steps": str(opt.MAX_STEPS)}
            | {f"opt_o{i}": kind for i, kind in enumerate(("SGD", "Adam", "RMSprop", "Adagrad"))},
        ),
        (
            "data",
            "data-to-batches",
            {
                "data_n": str(loader.MAX_ITEMS),
                "data_epochs": str(loader.MAX_EPOCHS),
                "data_batch": "1",  # the smallest batch: the most batches drawn
                "data_sampler": "shuffle",
            },
        ),
        (
            "convolution",
            "conv-and-pooling",
            {
                "cv_h": str(cv.MAX_SIZE),
                "cv_w": str(cv.MAX_SIZE),
                "cv_kh": str(cv.MAX_KERNEL),
                "cv_kw": str(cv.MAX_KERNEL),
                "cv_padding": str(cv.MAX_PADDING),
                "cv_dilation": "2",  # MAX_DILATION would leave no output at 7x7 on 16x16
                "cv_in_ch": str(cv.MAX_CHANNELS),
                "cv_out_ch": str(cv.MAX_CHANNELS),
            },
        ),
        (
            "activations",
            "activation-functions",
            {
                "act_view": "network",
                "act_depth": str(network.MAX_DEPTH),
                "act_width": str(network.MAX_WIDTH),
            },
        ),
    ]


class Watch:
    """A thread (not the clients' event loop, which parsing 20 sessions' deltas keeps busy) that
    GETs /_stcore/health and reads VmRSS: (elapsed s, ok, phase) and (t, MB, phase) samples."""

    def __init__(self, url: str, pid: int) -> None:
        self.url, self.pid = url, pid
        self.phase = "sessions"
        self.health: list[tuple[float, bool, str]] = []
        self.rss: list[tuple[float, float, str]] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._poll, daemon=True),
            threading.Thread(target=self._sample, daemon=True),
        ]

    def __enter__(self) -> Watch:
        self.t0 = time.monotonic()
        for th in self._threads:
            th.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for th in self._threads:
            th.join(HEALTH_TIMEOUT + 1)

    def _poll(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(
                    f"{self.url}/_stcore/health", timeout=HEALTH_TIMEOUT
                ) as r:
                    ok = r.status == 200
                    r.read()
            except OSError:
                ok = False
            took = time.perf_counter() - start
            self.health.append((min(took, HEALTH_TIMEOUT) if not ok else took, ok, self.phase))
            self._stop.wait(max(0.0, HEALTH_EVERY - took))

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                mb = server.memory_mb(self.pid)["VmRSS"]
            except (OSError, KeyError):
                return  # the process is gone
            self.rss.append((time.monotonic() - self.t0, mb, self.phase))
            self._stop.wait(RSS_EVERY)

    def settle(self, limit: float = SETTLE_S, quiet_mb: float = 5.0, window: float = 5.0) -> float:
        """Seconds until RSS stops falling (moves < `quiet_mb` over `window` s), or `limit`."""
        self.phase = "settle"
        start = time.monotonic()
        while time.monotonic() - start < limit:
            time.sleep(RSS_EVERY)
            now = time.monotonic() - self.t0
            recent = [mb for t, mb, phase in self.rss if phase == "settle" and t >= now - window]
            waited = time.monotonic() - start >= window
            if waited and recent and max(recent) - min(recent) < quiet_mb:
                break
        return time.monotonic() - start


class CountingSession(Session):
    """A Session that also counts runs that ended early for a newer rerun. While Playing at the
    largest settings most ticks end so: the next tick arrives as the redraw finishes. Their
    pictures were already sent (the live page's code reaches its last line on every tick, and
    Chromium shows the epoch advancing every ~1.5 s), so this counts work the server raced, not
    pictures lost."""

    preempted = 0

    def _handle(self, msg: ForwardMsg) -> None:
        super()._handle(msg)
        if msg.WhichOneof("type") == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.preempted += 1


async def student(
    url: str,
    i: int,
    page: tuple[str, str, dict],
    moves: int,
    play: float,
    t_end: float,
    out: Outcome,
    seen: dict,
) -> Outcome:
    concept, path, query = page
    rng = random.Random(i)
    lang = LANGS[i % len(LANGS)]
    try:
        async with CountingSession(url, timeout=max(10.0, t_end - time.monotonic())) as s:
            out.trace = s.trace
            out.step = "open"
            _record(out, await s.open(path, lang=lang, **query), f"{concept} open")
            keys = {w.key for w in s.widgets()}
            # Link keys the page drew no widget for (a tab's parameter, or a renamed key). The
            # values themselves a client cannot read back: it holds no session state.
            seen.setdefault(concept, sorted(set(query) - keys))
            if concept == "training":
                out.step = "step"
                _record(out, await s.click("tr_step"), f"{concept} step")
                out.step = "play"
                _record(out, await s.set("tr_play", True), f"{concept} play")
                played = time.monotonic()
                await asyncio.sleep(max(1.0, min(play, t_end - time.monotonic() - 10)))
                played = time.monotonic() - played
                redraws, preempted = s.fragment_runs, s.preempted
                out.step = "pause"
                _record(out, await s.set("tr_play", False), f"{concept} pause")
                out.training = {
                    "played_s": round(played, 1),
                    "redraws_shown": redraws,
                    "redraws_preempted": preempted,
                }
            else:
                key = HEAVY[concept].key
                if key not in keys:  # e.g. strides: a length-1 dim draws no index slider
                    key = next(w.key for w in s.widgets() if isinstance(w, Slider))
                values = sweep(s.widget(key))
                for n in range(moves):
                    if time.monotonic() > t_end:
                        raise TimeoutError("the stress run's time is up")
                    await asyncio.sleep(rng.uniform(0.5, 1.5))
                    out.step = f"move {n + 1}"
                    value = values[(i * 7 + n * 11 + 1) % len(values)]
                    _record(out, await s.set(key, value), f"{concept} move")
            out.completed = True
    except (ProtocolError, KeyError, ValueError, StopIteration, OSError, TimeoutError) as err:
        out.failure = f"{type(err).__name__}: {err}"
    return out


async def sessions(
    url: str, n: int, moves: int, play: float, seconds: float, only: tuple[str, ...] = ()
) -> dict:
    async with Session(url) as warm:  # the first session registers the pages (st.navigation)
        await warm.open("", lang="en")
    pages = [p for p in max_settings() if not only or p[0] in only]
    t_end = time.monotonic() + seconds
    seen: dict = {}
    tasks, outcomes = [], []
    for i in range(n):
        page = pages[i % len(pages)]
        out = Outcome(f"{page[0]}-{i}")
        outcomes.append(out)
        work = student(url, i, page, moves, play, t_end, out, seen)
        tasks.append(bounded(work, out, seconds + 30))
    await asyncio.gather(*tasks)
    return {"outcomes": outcomes, "seen": seen}


def run(
    n: int = 20,
    seconds: float = 120,
    moves: int = 3,
    play: float = 20,
    name: str = "stress-max",
    only: tuple[str, ...] = (),
) -> dict:
    started = time.time()
    machine = server.machine()
    with server.running() as (proc, url), Watch(url, proc.pid) as watch:
        res = asyncio.run(sessions(url, n, moves, play, seconds, only))
        wall = time.time() - started
        settle_s = watch.settle()
        alive = proc.poll() is None
        try:
            server.wait_healthy(url, proc, timeout=5)
            answers = True
        except RuntimeError:
            answers = False
        vm = server.memory_mb(proc.pid) if alive else {}
    outcomes: list[Outcome] = res["outcomes"]
    during = [(s, ok) for s, ok, phase in watch.health if phase == "sessions"]
    rss_during = [mb for _, mb, phase in watch.rss if phase == "sessions"]
    rss_after = vm.get("VmRSS", math.nan)
    health = stats.summary_ms([s for s, _ in during])
    result = {
        "benchmark": name,
        "sessions": n,
        "bound_s": seconds,
        "play_s": play,
        "moves": moves,
        "seconds": round(time.time() - started, 1),
        "sessions_wall_s": round(wall, 1),
        "machine": machine,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "pages": {c: q for c, _, q in max_settings()},
        "link_keys_without_widget": res["seen"],
        "completed": sum(o.completed for o in outcomes),
        "failed": sum(not o.completed for o in outcomes),
        "failures": {o.name: o.failure for o in outcomes if not o.completed},
        "exceptions": sorted({e for o in outcomes for e in o.exceptions}),
        "errors_shown": sorted({e for o in outcomes for e in o.errors})[:10],
        "interaction_latency": stats.summary_ms([x for o in outcomes for x in o.latencies]),
        "training_play": [o.training for o in outcomes if o.training],
        "health": health,
        "health_failures": sum(not ok for _, ok in during),
        "health_settle": stats.summary_ms([s for s, _, p in watch.health if p == "settle"]),
        "health_target_ms": HEALTH_TARGET_S * 1000,
        "rss_peak_mb": round(max(rss_during, default=math.nan), 1),
        "vmhwm_mb": round(vm.get("VmHWM", math.nan), 1),
        "rss_after_mb": round(rss_after, 1),
        "settle_s": round(settle_s, 1),
        "rss_target_mb": RSS_TARGET_MB,
        "alive": alive and answers,
        "met": {
            "alive": alive and answers,
            "health_p95": health["p95_ms"] < HEALTH_TARGET_S * 1000,
            "rss_after": rss_after < RSS_TARGET_MB,
        },
        "rss_series": [(round(t, 1), round(mb, 1), p) for t, mb, p in watch.rss],
        "sessions_detail": [
            {k: v for k, v in asdict(o).items() if k not in ("latencies", "what")}
            | {"trace": list(o.trace) if not o.completed else []}
            | stats.summary_ms(o.latencies)
            for o in outcomes
        ],
    }
    stats.write(name, result)
    return result


def report(r: dict) -> str:
    h, lat = r["health"], r["interaction_latency"]
    lines = [
        f"sessions: {r['completed']}/{r['sessions']} completed, {r['failed']} failed "
        f"(sessions took {r['sessions_wall_s']} s, bound {r['bound_s']} s)",
        f"exception elements: {len(r['exceptions'])} {r['exceptions'][:3]}; "
        f"errors shown: {len(r['errors_shown'])} {[e[:80] for e in r['errors_shown'][:3]]}",
        f"interactions p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms "
        f"(n={lat['n']})",
        "training while playing (s played, ticks ended normally, ticks ended early for the next): "
        + str([tuple(t.values()) for t in r["training_play"]]),
        f"health during the sessions: p50 {h['p50_ms']} ms, p95 {h['p95_ms']} ms, "
        f"max {h['max_ms']} ms, {r['health_failures']} failures of {h['n']} "
        f"(target p95 < {r['health_target_ms']:.0f} ms)",
        f"RSS: peak {r['rss_peak_mb']} MB (VmHWM {r['vmhwm_mb']}), after {r['rss_after_mb']} MB "
        f"({r['settle_s']} s to settle; target < {r['rss_target_mb']} MB)",
        f"server alive and healthy at the end: {r['alive']}; met: {r['met']}",
    ]
    for name, why in r["failures"].items():
        lines.append(f"  {name}: {why[:160]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120, help="hard bound on the sessions")
    parser.add_argument("--moves", type=int, default=3, help="widget moves per session")
    parser.add_argument("--play", type=float, default=20, help="seconds the trainers play")
    parser.add_argument("--only", nargs="*", default=(), help="these pages only, e.g. data")
    parser.add_argument("--name", default="stress-max", help="benchmarks/out/<name>.json")
    a = parser.parse_args()
    result = run(a.sessions, a.seconds, a.moves, a.play, a.name, tuple(a.only))
    print(report(result))
    print(f"machine: {result['machine']['nproc']} cores, load after: {result['loadavg_after']}")


if __name__ == "__main__":
    main()
