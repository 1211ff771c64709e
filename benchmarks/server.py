"""A real `streamlit run` on a free loopback port, and its memory as the kernel reports it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"
# Extra `streamlit run` flags to try a setting without editing .streamlit/config.toml, e.g.
# BENCH_STREAMLIT_FLAGS="--runner.postScriptGC=false" python -m benchmarks.latency
FLAGS = os.environ.get("BENCH_STREAMLIT_FLAGS", "").split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: Path = APP, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start the server (not yet healthy); stdout/stderr go to benchmarks/out/<app>-<port>.log."""
    port = port or free_port()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    log = open(out / f"server-{app.stem}-{port}.log", "wb")  # noqa: SIM115 - closed with proc
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
            "--server.fileWatcherType=none",
            *FLAGS,
        ],
        cwd=app.parent,  # another checkout's app imports its own lib/, pages/, ui/
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc._bench_log = log  # type: ignore[attr-defined]
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> float:
    """Seconds until /_stcore/health answers 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"streamlit not healthy within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    log = getattr(proc, "_bench_log", None)
    if log:
        log.close()


@contextmanager
def running(app: Path = APP):
    """`with running() as (proc, url):` a healthy server, stopped afterwards whatever happens."""
    proc, url = start(app)
    try:
        wait_healthy(url, proc)
        yield proc, url
    finally:
        stop(proc)


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak since start) of `pid`, in MB (10^6 bytes)."""
    values: dict[str, float] = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) * 1024 / 1e6
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU time `pid` has used so far (/proc/<pid>/stat, clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    import platform

    import streamlit
    import torch

    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "streamlit": streamlit.__version__,
        "loadavg_1_5_15": [round(x, 2) for x in load],
        "streamlit_flags": FLAGS,
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"
