"""The loss page's helpers: the option widgets of one loss, and its sentences and errors."""

from __future__ import annotations

from lib import losses as L
from lib.losses import facts
from ui.controls import Controls
from ui.page import show_error
from ui.text import t


def say(points: list[facts.Fact]) -> list[str]:
    return [t(f"losses.{key}", **numbers) for key, numbers in points]


def option_controls(c: Controls, where, name: str, tag: str = "") -> dict:
    """One widget per option of `name`, keyed loss_<tag><name>_<option> (so, in the URL)."""
    values = {}
    for o in L.LOSSES[name].options:
        key, kw = f"{tag}{name}_{o.name}", {"label": f"{name} · {o.name}"}
        values[o.name] = (
            c(where.segmented_control, key, o.choices, default=o.default, required=True, **kw)
            if o.choices
            else c(where.slider, key, o.lo, o.hi, float(o.default), o.step, **kw)
        )
    return values


def errors_of(call, *args):  # call(*args), or None after one sentence on screen
    try:
        return call(*args)
    except ValueError as err:
        show_error(err)
