"""A small class on one real server (loopback only, bounded, stops by itself): 6 students, 2 of
them training. The full 30-session run with its numbers is `python -m benchmarks.load`.

Correctness only, no timing: every session finishes its script, no exception is ever shown,
every training curve equals the same config trained alone (no cross-session interference), and a
student who presses Play and closes the tab leaves a server that stops computing.
"""

from concurrent.futures import ThreadPoolExecutor

from benchmarks.load import report, run


def test_six_students_share_one_server_without_errors_or_interference():
    # On a thread of its own: run() calls asyncio.run(), and the browser tests' session-scoped
    # Playwright keeps an event loop running on the main thread.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            run,
            n=6,
            trainers=2,
            seconds=35,
            play_seconds=5,
            pages_each=2,
            moves=2,
            name="load-smoke",
        ).result()
    summary = report(result)
    assert result["completed"] == 6, summary
    assert not result["exceptions"], summary
    assert all(t["epochs"] >= 1 for t in result["training"]), summary
    assert result["training_identical"] == len(result["training"]) == 2, summary
    # A tab closed while playing: the browser's timer is gone, so no fragment reruns remain.
    assert result["abandoned_play"]["server_cpu_after_leaving"] < 0.25, summary
