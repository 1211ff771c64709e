"""Turns at the trainer: how many students' runs may train at the same moment in one process.

One Streamlit process runs every student's page on one Python interpreter, so ten students on
Play would each get a tenth of a core: every chart freezes and every other student's slider waits.
`Slots` lets `capacity` runs train at once and queues the rest in arrival order. A run holds its
slot by claiming it on every tick; a tab that closes stops claiming and its lease runs out. When
others are waiting, a run that has trained for `turn` seconds goes to the back of the queue, so a
whole class takes turns instead of the first three students keeping the machine.

Shared by every session (the page keeps one in `st.cache_resource`), so every method takes the lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

CAPACITY = 3  # runs training at once: one live run costs ~0.3-0.5 of a core on the 2-core box
# Seconds without a claim after which a run is taken to have left: longer than the slowest
# tick (CAPACITY runs sharing the pace tick every 3 x 0.2 s) and the queue's 1 s look.
LEASE = 2.0
TURN = 15.0  # seconds of training before a run yields its slot to a waiting one


@dataclass
class _Holder:
    since: float  # when the slot was granted
    seen: float  # the last claim


class Slots:
    def __init__(
        self,
        capacity: int = CAPACITY,
        lease: float = LEASE,
        turn: float = TURN,
        clock: Callable[[], float] = time.monotonic,  # tests pass a fake clock
    ) -> None:
        self.capacity, self.lease, self.turn, self._clock = capacity, lease, turn, clock
        self._lock = threading.Lock()
        self._holders: dict[str, _Holder] = {}
        self._queue: dict[str, float] = {}  # token -> last claim, in arrival order

    def claim(self, token: str) -> int:
        """0 when `token` may train this tick; otherwise its place in the queue (1 = next)."""
        with self._lock:
            now = self._clock()
            self._forget_gone(now)
            holder = self._holders.get(token)
            if holder is not None and self._queue and now - holder.since >= self.turn:
                del self._holders[token]  # turn over: to the back of the queue
                self._queue[token] = now
                holder = None
            if holder is not None:
                holder.seen = now
                return 0
            self._queue[token] = (
                now  # a new arrival joins at the back; a waiting one keeps its place
            )
            while self._queue and len(self._holders) < self.capacity:
                first = next(iter(self._queue))
                self._holders[first] = _Holder(since=now, seen=self._queue.pop(first))
            if token in self._holders:
                return 0
            return list(self._queue).index(token) + 1

    def release(self, token: str) -> None:
        """The run paused, finished or was reset: its slot goes to the next in the queue."""
        with self._lock:
            self._holders.pop(token, None)
            self._queue.pop(token, None)

    def busy(self) -> tuple[int, int]:
        """(runs training, runs waiting), for the page's message."""
        with self._lock:
            self._forget_gone(self._clock())
            return len(self._holders), len(self._queue)

    def _forget_gone(self, now: float) -> None:
        for token in [k for k, h in self._holders.items() if now - h.seen > self.lease]:
            del self._holders[token]
        for token in [k for k, seen in self._queue.items() if now - seen > self.lease]:
            del self._queue[token]
