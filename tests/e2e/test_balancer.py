"""Two replicas behind HAProxy, as a self-hosted class runs them (deploy/replicas.py).

Through the balancer: every page loads, browsers are spread over both replicas and each stays on
its own (an upload and a live run need the replica that holds their session), and when a replica
dies its students land on the other one with their view restored from the URL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS, LOOPBACK
from tests.e2e.conftest import _need_browser, wait_idle
from tests.e2e.test_augmentation import GRID_CAPTION
from tests.e2e.test_training import play_toggle
from ui.concepts import CONCEPTS


@pytest.fixture(scope="module")
def balanced():
    _need_browser()
    from deploy.replicas import HAPROXY, cluster

    if not Path(HAPROXY).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("the balancer test needs haproxy; .ci/run installs it")
        pytest.skip("balancer test skipped: apt-get install -y haproxy to run it")
    with cluster(2) as c:
        yield c


@pytest.fixture(scope="module")
def chromium(balanced):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def student(chromium):
    """A new browser (its own cookies), allowed to talk to loopback only."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.route(
        re.compile(r".*"),
        lambda route: route.continue_() if LOOPBACK.match(route.request.url) else route.abort(),
    )
    return context, context.new_page()


def replica_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "SERVERID")


def test_pages_load_and_students_are_spread_over_both_replicas(balanced, chromium):
    seen = []
    for concept in [None, *CONCEPTS[:3]]:
        context, tab = student(chromium)
        tab.goto(f"{balanced.url}/{concept.url_path if concept else ''}?lang=en")
        wait_idle(tab, timeout=60_000)
        assert tab.locator('[data-testid="stException"]').count() == 0
        seen.append(replica_of(context))
        context.close()
    assert set(seen) == {"r1", "r2"}, seen  # round robin: new browsers alternate


def test_an_upload_and_a_live_run_work_through_the_balancer(balanced, chromium, tmp_path):
    context, tab = student(chromium)
    picture = tmp_path / "student.png"
    Image.new("RGB", (320, 240), (30, 120, 220)).save(picture)
    tab.goto(f"{balanced.url}/augment?lang=en&aug_image=upload&aug_steps=hflip")
    wait_idle(tab, timeout=60_000)
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(picture))
    tab.locator(GRID_CAPTION).nth(3).wait_for(timeout=30_000)  # served by the same replica
    assert tab.locator('[data-testid="stImage"] img').count() >= 5
    tab.goto(f"{balanced.url}/live-training?lang=en")
    wait_idle(tab, timeout=60_000)
    play_toggle(tab).click()
    tab.wait_for_function(  # several ticks of the live run, each over the same websocket
        "() => parseInt(document.querySelector('[data-testid=stMetricValue]').innerText) >= 6",
        timeout=40_000,
    )
    play_toggle(tab).click()
    context.close()


def test_when_a_replica_dies_its_students_reconnect_to_the_other_with_their_view(
    balanced, chromium
):
    context, tab = student(chromium)
    view = f"{balanced.url}/broadcast?lang=en&bc_a=5%2C+1&bc_b=1%2C+3"
    tab.goto(view)
    wait_idle(tab, timeout=60_000)
    dead = replica_of(context)
    balanced.kill(dead)
    tab.wait_for_timeout(3000)  # two missed health checks, 1 s apart
    tab.goto(view)  # what a student does when the page says it lost the connection
    wait_idle(tab, timeout=60_000)
    assert replica_of(context) != dead  # redispatched, and pinned to the live one
    assert tab.locator(".st-key-bc_a input").input_value() == "5, 1"
    context.close()
