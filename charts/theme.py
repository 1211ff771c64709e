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


def themed(chart: alt.TopLevelMixin, *, large: bool = False) -> alt.TopLevelMixin:
    """The app's look; `large` is presenter mode, for a projector at the back of a room."""
    label, title = (18, 22) if large else (12, 13)
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=label, titleFontSize=title)
        .configure_legend(labelFontSize=label, titleFontSize=title)
        .configure_header(labelFontSize=label, titleFontSize=title)
        .configure_title(fontSize=title + 2)
        .configure_range(category=OKABE_ITO)
    )
