"""One `streamlit run app.py` on a loopback port: started, awaited, stopped.

Shared by the replicas behind the balancer (deploy/replicas.py), the benchmarks and the browser
tests, so that every one of them runs the app the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    port: int,
    *,
    app: Path = APP,
    log: Path | None = None,
    flags: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> subprocess.Popen:
    """The server on 127.0.0.1:`port`, not yet healthy; its output to `log` (or nowhere)."""
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            *flags,
        ],
        cwd=cwd,  # where Streamlit finds .streamlit/config.toml and the app its packages
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    proc._log = out  # type: ignore[attr-defined]  (closed by stop)
    return proc


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> float:
    """Seconds until `url`/_stcore/health answers 200; RuntimeError if the process exits first."""
    begin = time.perf_counter()
    while time.perf_counter() - begin < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - begin
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not healthy within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s; idempotent."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    log = getattr(proc, "_log", None)
    if log not in (None, subprocess.DEVNULL):
        log.close()
