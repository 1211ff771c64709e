"""Fonts, colours and sizes shared by every chart."""

from __future__ import annotations

import altair as alt

# CJK-capable first, so zh-TW / zh-CN titles never fall back to boxes.
FONT = (
    "'Noto Sans CJK TC', 'Noto Sans CJK SC', 'Noto Sans TC', 'Noto Sans SC', 'PingFang TC', "
    "'PingFang SC', 'Microsoft JhengHei', 'Microsoft YaHei', 'Source Han Sans', sans-serif"
)

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
READ, UNREAD, PICKED, NEW_STORAGE = "#56B4E9", "#EEEEEE", "#E69F00", "#009E73"

# A palette per role, so that on one page a colour means one thing: a class is never also a split,
# a model never also an input. All Okabe–Ito, or greys, which every colour vision tells apart.
CLASSES = [OKABE_ITO[i] for i in (1, 0, 2, 4, 3, 5)]  # Playground's orange/blue pair first
SPLITS = ["#999999", "#000000"]  # train grey, validation black: Playground's curves
# The two models of the augmentation experiment, each (centred, augmented): a family of hues.
MODELS = {"MLP": (OKABE_ITO[0], OKABE_ITO[5]), "CNN": (OKABE_ITO[3], OKABE_ITO[1])}
INPUTS = [OKABE_ITO[2], OKABE_ITO[4]]  # the centred and the shifted glyph fed to one model


def share_y(field: str, title: str) -> alt.Y:
    """A share (accuracy, fraction of units) on a fixed 0–100 % axis: auto-scaling would hide how
    far from perfect, or from none, it is."""
    return alt.Y(field, title=title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))


def themed(chart: alt.TopLevelMixin, *, large: bool = False) -> alt.TopLevelMixin:
    """The app's look; `large` is presenter mode, for a projector at the back of a room.

    Sets the config in place on the freshly built chart: each `.configure_*()` call would
    deep-copy the whole chart again, and that copying was most of a rerun's time.
    """
    label, title = (18, 22) if large else (12, 13)
    chart.config = alt.Config(
        font=FONT,
        axis=alt.AxisConfig(labelFontSize=label, titleFontSize=title),
        legend=alt.LegendConfig(labelFontSize=label, titleFontSize=title),
        header=alt.HeaderConfig(labelFontSize=label, titleFontSize=title),
        title=alt.TitleConfig(fontSize=title + 2),
        range=alt.RangeConfig(category=OKABE_ITO),
    )
    return chart
