"""N Streamlit replicas behind HAProxy on this machine, started and stopped together.

    python -m deploy.replicas --replicas 2 --port 8501     # Ctrl-C stops all of them

Every replica gets the same `server.cookieSecret` (from STREAMLIT_SERVER_COOKIE_SECRET, or a fresh
random one shared by this run) and its own loopback port; HAProxy (Debian's `haproxy`) listens on
`--port`, pins each browser to one replica by cookie, passes websockets and health-checks every
replica each second (deploy/haproxy.cfg.in); its stats page (status and connections per replica,
`<stats_url>/;csv`) listens on another loopback port. Tests and benchmarks use `cluster(n)`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deploy.process import free_port, start, stop, wait_healthy

TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


@dataclass
class Cluster:
    url: str  # the balancer, what students open
    replicas: dict[str, subprocess.Popen] = field(default_factory=dict)  # server name -> process
    ports: dict[str, int] = field(default_factory=dict)
    balancer: subprocess.Popen | None = None
    stats_url: str = ""  # HAProxy's own view of the replicas (CSV), on loopback

    def states(self) -> dict[str, dict[str, str]]:
        """Per replica, HAProxy's stats row: `status` (UP, DOWN, ...), `stot` (connections sent)."""
        with urllib.request.urlopen(f"{self.stats_url}/;csv", timeout=5) as r:
            header, *rows = r.read().decode().lstrip("# ").splitlines()
        names = header.split(",")
        rows = [dict(zip(names, row.split(","), strict=False)) for row in rows]
        ours = [r for r in rows if r["pxname"] == "replicas"]
        return {r["svname"]: r for r in ours if r["svname"] in self.ports}

    def kill(self, name: str) -> None:
        """A replica dies mid-class (SIGKILL: no goodbye to its browsers)."""
        self.replicas[name].kill()
        self.replicas[name].wait(timeout=10)


def render(bind: str, ports: dict[str, int], stats: str = "") -> str:
    """haproxy.cfg for these replicas: one `server` line each, its name also its cookie value;
    with `stats` (a loopback address), HAProxy's stats page there for benchmarks to poll."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} check cookie {name}" for name, port in ports.items()
    )
    config = TEMPLATE.read_text().replace("{bind}", bind).replace("{servers}", servers)
    if stats:
        config += f"\nlisten stats\n    bind {stats}\n    stats enable\n    stats uri /\n"
    return config


@contextmanager
def cluster(n: int = 2, port: int | None = None, logs: Path | None = None) -> Iterator[Cluster]:
    """Start `n` replicas and HAProxy in front of them, all on 127.0.0.1; stop all on exit."""
    if not Path(HAPROXY).exists():
        raise FileNotFoundError("haproxy is not installed (apt-get install -y haproxy)")
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    work = Path(tempfile.mkdtemp(prefix="replicas-"))
    logs = logs or work
    c = Cluster(url="")
    try:
        for k in range(1, n + 1):
            name = f"r{k}"
            c.ports[name] = free_port()
            cookie = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
            c.replicas[name] = start(c.ports[name], log=logs / f"{name}.log", env=cookie)
        for name, p in c.ports.items():
            wait_healthy(f"http://127.0.0.1:{p}", c.replicas[name], timeout=90)
        # The balancer's ports are taken only now, not before the replicas' start (up to a minute
        # on a busy machine), so that another server cannot take a port chosen free meanwhile.
        front, stats = port or free_port(), free_port()
        c.url, c.stats_url = f"http://127.0.0.1:{front}", f"http://127.0.0.1:{stats}"
        config = work / "haproxy.cfg"
        config.write_text(render(f"127.0.0.1:{front}", c.ports, f"127.0.0.1:{stats}"))
        c.balancer = subprocess.Popen(
            [HAPROXY, "-f", str(config), "-db"],  # -db: stay in the foreground, ours to stop
            stdout=(logs / "haproxy.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_healthy(c.url, c.balancer, timeout=30)
        yield c
    finally:
        for proc in [c.balancer, *c.replicas.values()]:
            if proc is not None:
                stop(proc)
        if logs is not work:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args()
    with cluster(args.replicas, args.port) as c:
        print(f"{args.replicas} replicas {c.ports} behind {c.url}; Ctrl-C stops them", flush=True)
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        try:
            while not stop and all(p.poll() is None for p in c.replicas.values()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
