"""N Streamlit replicas behind HAProxy on this machine, started and stopped together.

    python -m deploy.replicas --replicas 2 --port 8501     # Ctrl-C stops all of them

Every replica gets the same `server.cookieSecret` (from STREAMLIT_SERVER_COOKIE_SECRET, or a fresh
random one shared by this run) and its own loopback port; HAProxy (Debian's `haproxy`) listens on
`--port`, pins each browser to one replica by cookie, passes websockets and health-checks every
replica each second (deploy/haproxy.cfg.in). Tests and benchmarks use `cluster(n)`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


@dataclass
class Cluster:
    url: str  # the balancer, what students open
    replicas: dict[str, subprocess.Popen] = field(default_factory=dict)  # server name -> process
    ports: dict[str, int] = field(default_factory=dict)
    balancer: subprocess.Popen | None = None

    def kill(self, name: str) -> None:
        """A replica dies mid-class (SIGKILL: no goodbye to its browsers)."""
        self.replicas[name].kill()
        self.replicas[name].wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy within {timeout} s")


def render(bind: str, ports: dict[str, int]) -> str:
    """haproxy.cfg for these replicas: one `server` line each, its name also its cookie value."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} check cookie {name}" for name, port in ports.items()
    )
    return TEMPLATE.read_text().replace("{bind}", bind).replace("{servers}", servers)


def _replica(port: int, secret: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": secret}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def cluster(n: int = 2, port: int | None = None, logs: Path | None = None) -> Iterator[Cluster]:
    """Start `n` replicas and HAProxy in front of them, all on 127.0.0.1; stop all on exit."""
    if not Path(HAPROXY).exists():
        raise FileNotFoundError("haproxy is not installed (apt-get install -y haproxy)")
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    work = Path(tempfile.mkdtemp(prefix="replicas-"))
    logs = logs or work
    front = port or free_port()
    c = Cluster(url=f"http://127.0.0.1:{front}")
    try:
        for k in range(1, n + 1):
            name = f"r{k}"
            c.ports[name] = free_port()
            c.replicas[name] = _replica(c.ports[name], secret, logs / f"{name}.log")
        for p in c.ports.values():
            healthy(f"http://127.0.0.1:{p}")
        config = work / "haproxy.cfg"
        config.write_text(render(f"127.0.0.1:{front}", c.ports))
        c.balancer = subprocess.Popen(
            [HAPROXY, "-f", str(config), "-db"],  # -db: stay in the foreground, ours to stop
            stdout=(logs / "haproxy.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        healthy(c.url, timeout=30)
        yield c
    finally:
        for proc in [c.balancer, *c.replicas.values()]:
            if proc is not None:
                _stop(proc)
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
