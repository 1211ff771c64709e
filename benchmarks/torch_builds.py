"""What a fresh deployment installs: torch's CUDA build from PyPI against the CPU build.

    python -m benchmarks.torch_builds wheels                    # what PyPI would send, in MB
    python -m benchmarks.torch_builds imports --python VENV/bin/python [--python ...]
    python -m benchmarks.torch_builds app --python VENV/bin/python [--python ...]

`wheels` asks pip what `pip install -r requirements.txt` would fetch from plain PyPI, with this
machine's pip configuration switched off (PIP_CONFIG_FILE=/dev/null, no find-links), in a throwaway
virtualenv, and sums the sizes PyPI lists for those exact files. It needs PyPI, nothing else.

`imports` measures one interpreter's site-packages on disk and `import torch` in a fresh process:
first cold (the site-packages files dropped from the page cache with posix_fadvise, so only those
files are evicted, nothing else on the machine), then warm, with the resident memory after the
import and after a first matrix product. Give it the python of a virtualenv with each build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPI = "https://pypi.org/simple"
GPU_PREFIXES = ("nvidia-", "cuda-", "triton")

PROBE = """
import json, time
def rss(field):
    for line in open('/proc/self/status'):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
start = rss('VmRSS:')
t = time.perf_counter()
import torch
seconds = time.perf_counter() - t
after_import = rss('VmRSS:')
torch.ones(256, 256) @ torch.ones(256, 256)
print(json.dumps({'version': torch.__version__, 'import_s': seconds, 'rss_start_mb': start,
                  'rss_import_mb': after_import, 'rss_first_op_mb': rss('VmRSS:')}))
"""


def _isolated_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # pip then reads no configuration file at all
    return env


def would_install(requirements: Path) -> list[dict]:
    """pip's own report of what plain PyPI would send for these requirements."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        report = Path(tmp) / "report.json"
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--dry-run", "--ignore-installed",
             "--index-url", PYPI, "--report", str(report), "-r", str(requirements)],
            check=True, env=_isolated_env(),
        )  # fmt: skip
        items = json.loads(report.read_text())["install"]
    return [
        {
            "name": i["metadata"]["name"].lower(),
            "version": i["metadata"]["version"],
            "file": i["download_info"]["url"].rsplit("/", 1)[1],
        }
        for i in items
    ]


def _pypi_size(item: dict) -> int:
    request = urllib.request.Request(
        f"{PYPI}/{item['name']}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        files = json.load(answer)["files"]
    return next(f["size"] for f in files if f["filename"] == urllib.request.unquote(item["file"]))


def wheels(requirements: Path) -> dict:
    items = would_install(requirements)
    with ThreadPoolExecutor(8) as pool:
        for item, size in zip(items, pool.map(_pypi_size, items)):
            item["bytes"] = size

    def group(i: dict) -> str:
        if i["name"] == "torch":
            return "torch"
        return "gpu" if i["name"].startswith(GPU_PREFIXES) else "rest"

    totals = {g: sum(i["bytes"] for i in items if group(i) == g) for g in ("torch", "gpu", "rest")}
    return {
        "packages": len(items),
        "gpu_packages": sorted(f"{i['name']}=={i['version']}" for i in items if group(i) == "gpu"),
        "mb": {g: round(b / 1e6, 1) for g, b in totals.items()}
        | {"total": round(sum(totals.values()) / 1e6, 1)},
        "largest": [
            (i["file"], round(i["bytes"] / 1e6, 1))
            for i in sorted(items, key=lambda i: -i["bytes"])[:8]
        ],
    }


def site_packages(python: str) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.check_output([python, "-c", code], text=True).strip())


def _disk_mb(path: Path) -> float:
    return sum(p.lstat().st_blocks * 512 for p in path.rglob("*") if not p.is_symlink()) / 1e6


def _evict(path: Path) -> None:
    os.sync()  # only clean pages can be dropped
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _probe(python: str) -> dict:
    env = os.environ | {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.check_output([python, "-c", PROBE], text=True, env=env)
    return json.loads(out.strip().splitlines()[-1])


def imports(pythons: list[str], warm_rounds: int) -> list[dict]:
    """Cold first for each, then warm rounds taking turns, so the machine's load hits all alike."""
    cold = {}
    for python in pythons:
        _evict(site_packages(python))
        cold[python] = _probe(python)
    warm = {python: [] for python in pythons}
    for _ in range(warm_rounds):
        for python in pythons:
            warm[python].append(_probe(python))
    out = []
    for python in pythons:
        packages, w = site_packages(python), warm[python]
        out.append(
            {
                "python": python,
                "torch": cold[python]["version"],
                "site_packages_mb": round(_disk_mb(packages)),
                "torch_dir_mb": round(_disk_mb(packages / "torch")),
                "import_cold_s": round(cold[python]["import_s"], 2),
                "import_warm_s": round(statistics.median(r["import_s"] for r in w), 2),
                "rss_after_import_mb": round(statistics.median(r["rss_import_mb"] for r in w)),
                "rss_after_first_op_mb": round(statistics.median(r["rss_first_op_mb"] for r in w)),
            }
        )
    return out


def app(pythons: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from benchmarks import browser, server
    from ui.concepts import CONCEPTS

    out = []
    with sync_playwright() as p:
        chromium = browser._browser(p)
        for python in pythons:
            _evict(site_packages(python))
            port = server.free_port()
            url = f"http://127.0.0.1:{port}"
            tab = browser._tab(chromium)
            started = time.perf_counter()
            proc = subprocess.Popen(
                [python, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                 f"--server.port={port}", "--server.address=127.0.0.1"],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                server.wait_healthy(url, proc, timeout=180)
                browser._goto(tab, url + "/?lang=en")
                home = time.perf_counter() - started
                home_mb = server.memory_mb(proc.pid)["VmRSS"]
                browser._goto(tab, f"{url}/{CONCEPTS[0].url_path}?lang=en")
                first_page = time.perf_counter() - started  # torch imported by now
                for c in CONCEPTS[1:]:
                    browser._goto(tab, f"{url}/{c.url_path}?lang=en")
                mem = server.memory_mb(proc.pid)
            finally:
                tab.context.close()
                server.stop(proc)
            out.append(
                {
                    "python": python,
                    "cold_start_to_home_drawn_s": round(home, 1),
                    "cold_start_to_first_torch_page_s": round(first_page, 1),
                    "rss_after_home_mb": round(home_mb),
                    "rss_after_every_page_mb": round(mem["VmRSS"]),
                    "peak_rss_mb": round(mem["VmHWM"]),
                }
            )
        chromium.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("wheels")
    w.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    i = sub.add_parser("imports")
    i.add_argument("--python", action="append", required=True)
    i.add_argument("--warm-rounds", type=int, default=5)
    a = sub.add_parser("app")
    a.add_argument("--python", action="append", required=True)
    args = parser.parse_args()
    if args.command == "wheels":
        print(json.dumps(wheels(args.requirements), indent=1))
    elif args.command == "imports":
        print(json.dumps(imports(args.python, args.warm_rounds), indent=1))
    else:
        print(json.dumps(app(args.python), indent=1))


if __name__ == "__main__":
    main()
