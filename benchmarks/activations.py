"""How long the activations page's network view takes to redraw at its largest size.

    python benchmarks/activations.py

Measures, on one torch thread like the app: the lib computation (one forward and backward pass
of 20 x Linear(256, 256) on a batch of 128, plus the per-layer statistics), building and
serialising its four charts, and whole page reruns through AppTest (app.py included) with a new
seed every time (nothing cached) and with the same seed (the st.cache_data hit).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

torch.set_num_threads(1)

from benchmarks.stats import timed  # noqa: E402
from charts import activations_network as nets  # noqa: E402
from charts.named import with_data  # noqa: E402
from charts.theme import themed  # noqa: E402
from lib.activations.curves import curve  # noqa: E402
from lib.activations.network import MAX_DEPTH, MAX_WIDTH, NetworkConfig, probe  # noqa: E402

WORDS = {
    k: k
    for k in (
        "x y z f df dydx function saturated sensitive threshold region from to strip neuron plain "
        "layer share std saturated_share dead_share share_axis share_title grad_axis pre_grad "
        "grad_title shape_title hist_title"
    ).split()
}


def report(label: str, median: float, worst: float, cpu: float) -> None:
    print(
        f"  {label:42s} wall median {median:6.0f} ms  max {worst:6.0f} ms  cpu median {cpu:6.0f} ms"
    )


def main() -> None:
    seeds = iter(range(10_000))

    def compute():
        return probe(NetworkConfig("tanh", (), MAX_DEPTH, MAX_WIDTH, 1.0, 0.1, next(seeds)))

    def draw():
        """What the page's four network charts cost if built every time (ui.chart.draw caches
        the specs, so a rerun pays only for the rows)."""
        net = compute()
        shape = curve("tanh", -6.0, 6.0, 0.1)
        z = {"lo": -6.0, "hi": 6.0, "text": WORDS}
        for build, rows, opts in (
            (nets.shape_chart, nets.shape_rows(shape, WORDS), z),
            (nets.histogram_chart, nets.histogram_rows(net, shape), {**z, "layers": MAX_DEPTH}),
            (nets.share_chart, nets.share_rows(net, WORDS), {"layers": MAX_DEPTH, "text": WORDS}),
            (nets.gradient_chart, nets.gradient_rows(net), {"layers": MAX_DEPTH, "text": WORDS}),
        ):
            themed(with_data(build(**opts), rows)).to_json()

    print(f"network view at its largest size: {MAX_DEPTH} layers x {MAX_WIDTH} units, batch 128;")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    for label, fn, n in (
        ("lib probe (forward + backward + stats)", compute, 20),
        ("probe + 4 charts built and serialised", draw, 10),
    ):
        report(label, *timed(fn, n))

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    params = {
        "lang": "en",
        "act_view": "network",
        "act_fns": "tanh",
        "act_depth": str(MAX_DEPTH),
        "act_width": str(MAX_WIDTH),
    }
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/activations.py")
    at.run()
    assert not at.exception, at.exception

    def rerun_new_seed():
        at.number_input(key="act_seed").set_value(next(seeds)).run()

    def rerun_cached():
        at.run()

    for label, fn in (
        ("page rerun, new seed (uncached)", rerun_new_seed),
        ("page rerun, same settings (cache hit)", rerun_cached),
    ):
        report(label, *timed(fn, 10))


if __name__ == "__main__":
    main()
