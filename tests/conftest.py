"""Shared test set-up: the repo on sys.path, one torch thread, a Hypothesis profile, and the
browser and load tests kept on one xdist worker."""

import sys
from pathlib import Path

import pytest
import torch
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
torch.set_num_threads(1)

# torch's first call on a shape can be slow; the machine is shared.
settings.register_profile("explorer", deadline=None, max_examples=60)
settings.load_profile("explorer")

# Real servers: the browser tests share one `streamlit run` and one Chromium per worker
# (tests/e2e/conftest.py), and the load and balancer tests start their own. One worker runs all of
# them, one after another, while the other workers run the AppTest and library tests: two browser
# servers at once would only compete for the same two cores.
SERVED = ("e2e", "load")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups off the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(item.path).relative_to(ROOT / "tests").parts[0] in SERVED:
            item.add_marker(pytest.mark.xdist_group("served"))
