"""A real `streamlit run` on a free loopback port, and its memory as the kernel reports it."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from deploy import process
from deploy.process import free_port, stop, wait_healthy  # noqa: F401 (the benchmarks' names)

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"
# Extra `streamlit run` flags to try a setting without editing .streamlit/config.toml, e.g.
# BENCH_STREAMLIT_FLAGS="--runner.postScriptGC=false" python -m benchmarks.latency
FLAGS = os.environ.get("BENCH_STREAMLIT_FLAGS", "").split()


def start(app: Path = APP, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start the server (not yet healthy); stdout/stderr go to benchmarks/out/<app>-<port>.log."""
    port = port or free_port()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    flags = ("--server.fileWatcherType=none", *FLAGS)
    # Another checkout's app.py (latency --before) imports its own lib/, app_pages/ and ui/.
    where = app.parent if app.name == "app.py" else ROOT
    log = out / f"server-{app.stem}-{port}.log"
    proc = process.start(port, app=app, log=log, flags=flags, cwd=where)
    return proc, f"http://127.0.0.1:{port}"


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
