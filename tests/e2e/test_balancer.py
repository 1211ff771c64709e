"""Two replicas behind HAProxy, as a self-hosted class runs them (deploy/replicas.py).

Through the balancer: browsers are spread over both replicas and each stays on
its own (an upload needs the replica that holds its session), and when a replica
dies its students land on the other one with their view restored from the URL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from benchmarks.browser import LOOPBACK
from tests.e2e.conftest import _need_browser, wait_idle
from tests.e2e.test_augmentation import GRID_CAPTION, settled


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
def chromium(balanced, browser):
    """The suite's one Chromium: a second Playwright in the same thread would refuse to start
    ("Sync API inside the asyncio loop") while the first is running."""
    return browser


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


def test_students_are_spread_keep_their_replica_and_survive_its_death(balanced, chromium, tmp_path):
    """One test, one cluster start (~20 s of the suite's budget): spread, sticky, redispatch."""
    a, a_tab = student(chromium)
    view = f"{balanced.url}/broadcast?lang=en&bc_a=5%2C+1&bc_b=1%2C+3"
    a_tab.goto(view)
    wait_idle(a_tab, timeout=60_000)
    b, b_tab = student(chromium)
    b_tab.goto(f"{balanced.url}/augment?lang=en&aug_image=upload&aug_steps=hflip")
    wait_idle(b_tab, timeout=60_000)
    assert replica_of(a) != replica_of(b)  # round robin: new browsers alternate
    # An upload is an HTTP request that must reach the replica holding the session's websocket.
    picture = tmp_path / "student.png"
    Image.new("RGB", (320, 240), (30, 120, 220)).save(picture)
    b_tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(picture))
    b_tab.locator(GRID_CAPTION).nth(3).wait_for(timeout=60_000)
    # Every picture loaded (a /media/ request sent to the other replica would leave it broken);
    # a caption can be in the page a moment before its picture under a busy machine.
    settled(b_tab)
    assert b_tab.locator('[data-testid="stImage"] img').count() >= 5
    b.close()

    dead = replica_of(a)
    balanced.kill(dead)
    a_tab.wait_for_timeout(3000)  # two missed health checks, 1 s apart
    a_tab.goto(view)  # what a student does when the page says it lost the connection
    wait_idle(a_tab, timeout=60_000)
    assert replica_of(a) != dead  # redispatched, and pinned to the live one
    expect(a_tab.locator(".st-key-bc_a input")).to_have_value("5, 1")  # the view, from the URL
    assert a_tab.locator('[data-testid="stException"]').count() == 0
    a.close()
