"""The replica benchmark's plumbing on a small class (benchmarks.replicas_load; loopback only,
bounded): 2 replicas behind HAProxy, 5 students (2 on live training), r1 SIGKILLed 4 s in. The
1-vs-2-replica table and the failover figures come from `python -m benchmarks.replicas_load`
(see benchmarks/RESULTS.md).

Counts, no timing: the students are spread over both replicas; every request of one student went
to one replica (HAProxy's own count of connections per replica equals the count the students'
cookies give); after the kill HAProxy marks r1 DOWN, every student r1 served reconnects to r2,
sees the view its URL holds and finishes its script; a live run on the replica that stays keeps
training across the fragment's ticks, epoch for epoch what a lone run gives.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deploy.replicas import HAPROXY


def test_students_are_spread_pinned_and_finish_on_the_live_replica_after_a_kill():
    if not Path(HAPROXY).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("the replica smoke test needs haproxy; .ci/run installs it")
        pytest.skip("replica smoke test skipped: apt-get install -y haproxy to run it")
    from benchmarks.replicas_load import details, run, table

    # On a thread of its own: run() calls asyncio.run(), and the browser tests' session-scoped
    # Playwright keeps an event loop running on the main thread.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            run,
            kill_after=4,
            sessions=5,
            trainers=2,
            seconds=90,  # a bound, not the length: the class ends when its moves are done
            play=5,
            pages=2,
            moves=3,
            name="replicas-smoke",
        ).result()
    summary = table(result) + "\n" + details(result)
    r = result["configs"][0]
    f = r["failover"]
    assert r["replicas"] == 2, summary
    # Spread: round robin alternates the replicas (the trainers connect first: one on each).
    assert {first for first, *_ in r["assigned"].values()} == {"r1", "r2"}, summary
    # Pinned: until the kill, each student's requests reached one replica, and HAProxy agrees.
    assert r["one_replica_each"] == 5, summary
    for replica, (haproxy, tabs) in r["connections_haproxy_vs_tabs"].items():
        assert haproxy == tabs > 0, (replica, summary)
    # The kill: r1 out, its students reopened on r2 with their view, and done.
    assert f["down_after_s"] is not None, summary
    victims = f["sessions_on_victim"]
    assert victims >= 1, summary
    assert f["reopened_sessions"] == f["reopened_on_live_replica"] == victims, summary
    assert all(assigned[-1] == "r2" for assigned in r["assigned"].values()), summary
    assert f["views_restored"] == victims and f["values_checked"] >= victims, summary
    assert f["victims_completed"] == victims and r["completed"] == 5, summary
    assert not r["exceptions"], summary
    # A live run through the balancer, on the replica that stayed: it kept training while playing
    # (more epochs than the one Step; the client counts only the ticks no later tick preempted, so
    # the epochs are the measure), every epoch equal to a lone run's.
    stayed = [t for t in r["training"] if r["assigned"][t["session"]] == ["r2"]]
    assert stayed, summary
    for trained in stayed:
        assert trained["epochs"] >= 3 and trained["identical"], (trained, summary)
