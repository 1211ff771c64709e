"""The process-wide queue for Play: a few runs train at once, the rest wait their turn in order."""

import threading

from lib.training.queue import Slots


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def queue(capacity=2, lease=2.0, turn=15.0):
    clock = Clock()
    return Slots(capacity, lease, turn, clock), clock


def test_the_first_arrivals_train_and_the_rest_wait_in_arrival_order():
    slots, _ = queue(capacity=2)
    assert [slots.claim(k) for k in "abcd"] == [0, 0, 1, 2]
    assert slots.claim("d") == 2 and slots.claim("c") == 1  # asking again keeps one's place
    assert slots.busy() == (2, 2)


def test_a_pause_hands_the_slot_to_the_first_in_the_queue():
    slots, _ = queue(capacity=1)
    slots.claim("a"), slots.claim("b"), slots.claim("c")
    slots.release("a")
    assert slots.claim("c") == 1 and slots.claim("b") == 0


def test_a_closed_tab_stops_claiming_and_loses_its_slot_after_the_lease():
    slots, clock = queue(capacity=1, lease=2.0)
    slots.claim("gone"), slots.claim("b")
    clock.now = 1.5
    assert slots.claim("b") == 1  # "gone" is still within its lease
    clock.now = 2.5
    assert slots.claim("b") == 0
    assert slots.busy() == (1, 0)


def test_a_waiting_tab_that_closes_leaves_the_queue():
    slots, clock = queue(capacity=1)
    slots.claim("a"), slots.claim("gone"), slots.claim("c")
    for t in (1.0, 2.0, 3.0):
        clock.now = t
        slots.claim("a"), slots.claim("c")
    assert slots.claim("c") == 1


def test_after_its_turn_a_run_yields_to_a_waiting_one_but_not_to_nobody():
    slots, clock = queue(capacity=1, turn=10.0)

    def tick_until(t: float, *names: str) -> list[int]:
        while clock.now < t:
            clock.now += 0.5
            places = [slots.claim(name) for name in names]
        return places

    assert tick_until(11.0, "a") == [0]  # nobody waits: carry on past the turn
    assert slots.claim("b") == 1
    assert slots.claim("a") == 1  # its turn is over and b waits: to the back
    assert tick_until(20.5, "b", "a") == [0, 1]
    assert tick_until(21.5, "b", "a") == [1, 0]  # and round again


def test_threads_claiming_at_once_never_exceed_the_capacity():
    slots = Slots(capacity=3, lease=60.0)
    granted: list[str] = []
    lock = threading.Lock()

    def student(name: str) -> None:
        for _ in range(200):
            if slots.claim(name) == 0:
                with lock:
                    granted.append(name)
                    assert slots.busy()[0] <= 3

    threads = [threading.Thread(target=student, args=(f"s{i}",)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(granted)) == 3 and slots.busy() == (3, 7)
