"""The step-through of the output positions and the cell a click picks, as plain functions:
AppTest never ticks a `run_every` fragment, so the walk itself is checked here."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.convolution.play import clicked, start, step


def walk(index: int, cells: int, ticks: int) -> list[int]:
    """Positions shown, tick after tick, while Play stays on (as the page's fragment does)."""
    shown, playing = [index], True
    for _ in range(ticks):
        if not playing:
            break
        index, playing = step(index, cells)
        shown.append(index)
    return shown


@given(st.integers(2, 400), st.data())
def test_play_visits_every_later_position_once_in_order_and_stops_on_the_last(cells, data):
    begin = data.draw(st.integers(0, cells - 1))
    shown = walk(start(begin, cells), cells, ticks=cells + 5)  # more ticks than positions
    first = 0 if begin == cells - 1 else begin
    assert shown == list(range(first, cells))


def test_play_from_the_last_position_starts_again_at_the_first():
    assert start(24, 25) == 0 and start(23, 25) == 23 and start(0, 25) == 0


@pytest.mark.parametrize(("index", "cells"), [(24, 25), (0, 1), (99, 25)])
def test_a_tick_at_or_past_the_end_stays_on_the_last_position_and_stops(index, cells):
    assert step(index, cells) == (cells - 1, False)


def test_the_tick_onto_the_last_position_is_the_one_that_stops_the_walk():
    assert step(22, 25) == (23, True)
    assert step(23, 25) == (24, False)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"pos": 7, "at": 0}], 7),
        ([{"pos": 7.0, "at": 3}], 7),  # the browser sends JSON numbers
        ([{"pos": -1, "at": 0}], None),  # an input or padding cell
        ([], None),  # a cleared selection
        ([{"pos": 25, "at": 0}], None),  # the output shrank since the click
        ([{"pos": 2.5}], None),
        ([{"pos": "3"}], None),
    ],
)
def test_a_click_picks_an_output_position_and_nothing_else(points, expected):
    assert clicked(points, 25) == expected
