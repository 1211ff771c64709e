"""The step-through of every output position, and the output cell a click picks.

Pure bookkeeping over row-major positions 0 … cells−1, so tests need neither a timer nor a
browser (Streamlit's AppTest does not tick `run_every` fragments).
"""

from __future__ import annotations

TICK = 0.6  # seconds per position: slow enough to read a window, 49 positions in half a minute


def start(index: int, cells: int) -> int:
    """Where Play begins: at the position shown, or back at the first when that is the last."""
    return 0 if index >= cells - 1 else max(index, 0)


def step(index: int, cells: int) -> tuple[int, bool]:
    """The next position and whether to go on ticking: the walk stops on the last position
    and never passes it, however many ticks arrive."""
    last = max(cells - 1, 0)
    after = min(max(index, 0) + 1, last)
    return after, after < last


def clicked(points: list[dict], cells: int) -> int | None:
    """The output position of the cell a click selected; None for an input or padding cell
    (drawn with position −1), a cleared selection, or a position the output no longer has."""
    for point in points:
        pos = point.get("pos")
        if isinstance(pos, int | float) and 0 <= pos < cells and float(pos).is_integer():
            return int(pos)
    return None
