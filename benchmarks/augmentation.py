"""How long the augmentation page takes to redraw and to train, and what training costs the server.

    python benchmarks/augmentation.py            # in-process: redraws, uploads, cold training
    python benchmarks/augmentation.py --server   # also a real `streamlit run`: RSS while training

1. Explorer redraw, on one torch thread like the app: sampling the grid, encoding every picture
   as JPEG, both code panels and the drawn-parameter strip's rows (its spec is built once), for
   the default pipeline (3 steps, N = 8, 128 px), for all 16 transforms at N = 16, and for all 16
   on an upload-sized 256 px image.
2. Upload decoding: a 5 MB-class 4096 x 3072 JPEG and a 4096 x 4096 PNG, each shrunk to 256 px.
3. The experiment, in a fresh Python process (cold, as the first student of a server meets it):
   the one-off import that the first torch.optim optimizer triggers (torch._dynamo), then each of
   the four default runs, with the process's RSS sampled every 20 ms (VmRSS, VmHWM).
4. --server: a real server; one websocket session (benchmarks/stclient.py) opens the experiment
   tab cold, a second opens the same settings (shared cache), a third changes the MLP's hidden
   size (only the two MLPs retrain). The server's VmRSS is sampled every 50 ms throughout.
Results also go to benchmarks/out/augmentation.json.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

torch.set_num_threads(1)

from PIL import Image  # noqa: E402

from benchmarks import stats  # noqa: E402
from charts import augment as charts  # noqa: E402
from lib.augmentation import code as augment_code  # noqa: E402
from lib.augmentation import samples as sample_images  # noqa: E402
from lib.augmentation import table as augment_table  # noqa: E402
from lib.augmentation import upload as image_upload  # noqa: E402
from lib.augmentation.pipeline import sample_grid  # noqa: E402


def timed(fn, repeats: int) -> dict[str, float]:
    """benchmarks.stats.timed as a record: median and max wall ms, median CPU ms. On a shared
    machine the CPU time is the fairer number: wall time includes waiting."""
    median, worst, cpu = stats.timed(fn, repeats)
    return {
        "median_ms": round(median, 1),
        "max_ms": round(worst, 1),
        "median_cpu_ms": round(cpu, 1),
    }


def redraw(img: torch.Tensor, steps: list, n: int, image: str) -> None:
    grid = sample_grid(img, steps, n, seed=7)
    for picture in (img, *grid.images):
        image_upload.to_jpeg(picture)
    augment_code.torchvision_code(steps, *img.shape[1:])
    augment_code.torch_code(grid, image)
    # The page builds the strip's spec once (ui.chart.draw); each redraw only makes its rows.
    charts.strip_data(grid, fired="f", missed="m", chosen="c")


def explorer(repeats: int) -> dict:
    house = sample_images.sample_image("house")
    big = torch.nn.functional.interpolate(house[None], size=(256, 256), mode="bilinear")[0]
    every = [(t.name, {"p": 0.7}) for t in augment_table.TABLE]
    default = [("hflip", {}), ("rotate", {}), ("brightness", {})]
    return {
        "default: 3 steps, N=8, 128 px": timed(lambda: redraw(house, default, 8, "house"), repeats),
        "all 16 steps, N=16, 128 px": timed(lambda: redraw(house, every, 16, "house"), repeats),
        "all 16 steps, N=16, 256 px": timed(lambda: redraw(big, every, 16, "upload"), repeats),
    }


def uploads(repeats: int) -> dict:
    g = torch.Generator().manual_seed(0)
    noise = (torch.rand(3072, 4096, 3, generator=g) * 255).to(torch.uint8)
    photo = Image.frombytes("RGB", (4096, 3072), noise.numpy().tobytes()).resize((1024, 768))
    photo = photo.resize((4096, 3072), Image.BICUBIC)  # smooth enough to compress like a photo
    jpeg, png = io.BytesIO(), io.BytesIO()
    photo.save(jpeg, format="JPEG", quality=85)
    Image.new("RGB", (4096, 4096), (20, 90, 200)).save(png, format="PNG")
    out = {}
    for name, data in (("jpeg 4096x3072", jpeg.getvalue()), ("png 4096x4096", png.getvalue())):
        out[name] = {
            "mb": round(len(data) / 2**20, 2),
            **timed(lambda d=data: image_upload.decode_upload(d), repeats),
        }
    return out


COLD = """
import json, sys, threading, time
sys.path.insert(0, {root!r})
import torch
torch.set_num_threads(1)
from lib.augmentation import invariance

def rss():
    with open("/proc/self/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return {{k: int(fields[k].split()[0]) / 1000 for k in ("VmRSS", "VmHWM")}}

peak, stop = [0.0], threading.Event()
def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], rss()["VmRSS"]); time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
before = rss()
start = time.perf_counter()
import torch._dynamo  # what the first torch.optim optimizer imports
dynamo = time.perf_counter() - start
after_dynamo = rss()["VmRSS"]
runs, cpu = {{}}, {{}}
for kind, augment in [("mlp", False), ("mlp", True), ("cnn", False), ("cnn", True)]:
    start_cpu = time.process_time()
    r = invariance.train_run(invariance.Config(), kind, augment)
    name = f"{{kind}}{{' + shifts' if augment else ''}}"
    runs[name], cpu[name] = round(r.seconds, 2), round(time.process_time() - start_cpu, 2)
stop.set()
print(json.dumps({{"dynamo_import_s": round(dynamo, 2), "runs_wall_s": runs, "runs_cpu_s": cpu,
                   "train_total_wall_s": round(sum(runs.values()), 2),
                   "train_total_cpu_s": round(sum(cpu.values()), 2),
                   "rss_mb_before": round(before["VmRSS"], 1),
                   "rss_mb_after_dynamo_import": round(after_dynamo, 1),
                   "rss_mb_peak_sampled": round(peak[0], 1),
                   "rss_mb_after": round(rss()["VmRSS"], 1)}}))
"""


def cold_training() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", COLD.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def in_server() -> dict:
    from benchmarks import server
    from benchmarks.stclient import Session
    from ui.text import strings

    tab = strings("en")["augmentation.tab_experiment"]
    samples: list[tuple[float, float]] = []
    with server.running() as (proc, url):
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.perf_counter(), server.memory_mb(proc.pid)["VmRSS"]))
                time.sleep(0.05)

        async def visit(**query) -> tuple[float, float, float]:
            async with Session(url, timeout=600) as s:
                start = time.perf_counter()
                run = await s.open("augment", lang="en", aug_tab=tab, **query)
                assert run.status == "ok" and not run.exceptions, run
                return start, time.perf_counter(), run.seconds

        async def home() -> None:
            async with Session(url) as s:
                await s.open("", lang="en")

        asyncio.run(home())  # the process imports torch and registers the pages first
        idle = server.memory_mb(proc.pid)["VmRSS"]
        threading.Thread(target=sample, daemon=True).start()
        phases = {}
        for name, query in (
            ("cold: four models", {}),
            ("same settings: shared cache", {}),
            ("hidden=256: two MLPs retrain", {"aug_hidden": "256"}),
        ):
            start, end, seconds = asyncio.run(visit(**query))
            during = [mb for t, mb in samples if start <= t <= end] or [idle]
            phases[name] = {"script_s": round(seconds, 2), "rss_mb_peak": round(max(during), 1)}
        stop.set()
        after = server.memory_mb(proc.pid)
    return {
        "rss_mb_idle": round(idle, 1),
        "phases": phases,
        "rss_mb_after": round(after["VmRSS"], 1),
        "rss_mb_hwm": round(after["VmHWM"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", action="store_true", help="also measure a real server")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from benchmarks.server import machine

    results = {
        "machine": machine(),
        "explorer_redraw": explorer(args.repeats),
        "upload_decode": uploads(max(3, args.repeats // 3)),
        "experiment_cold_process": cold_training(),
    }
    if args.server:
        results["experiment_in_server"] = in_server()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "augmentation.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
