"""Every chart's colours stay apart for readers with a colour-vision deficiency.

Each palette is seen through Machado, Oliveira & Fernandes (2009)'s simulation matrices at full
severity (protanopia, deuteranopia, tritanopia; applied in linear RGB, as in DaltonLens and
colorspacious), converted to CIE Lab (D65), and every two colours of one chart must stay at least
MIN_DE apart in CIEDE2000. Okabe–Ito, the palette made for this, keeps its eight colours 10.9
apart at worst (orange and reddish purple, tritanopia): MIN_DE = 10 lets it through and catches
the pale conv-fills that came within 2.2. tests/pages/test_described_charts.py applies the same
check to the colour scales of every chart the pages draw.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from charts import activations, autograd, broadcasting, convolution, data, dtypes, softmax, theme

MIN_DE = 10.0
VISIONS = (None, "protanopia", "deuteranopia", "tritanopia")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def srgb(hex_):
    h = hex_.lstrip("#")
    return np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def linear(c):
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(lin):
    m = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_: str, vision: str | None = None) -> np.ndarray:
    """The CIE Lab colour a reader with `vision` (None: typical) sees for `hex_`."""
    lin = linear(srgb(hex_))
    if vision:
        lin = np.clip(np.array(MACHADO[vision]) @ lin, 0, 1)
    return lab(lin)


def de2000(a, b):
    L1, a1, b1 = a
    L2, a2, b2 = b
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    Cm = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(Cm**7 / (Cm**7 + 25**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    if C1p * C2p == 0:
        dh = 0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lm, Cmp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(hm - 30))
        + 0.24 * np.cos(np.radians(2 * hm))
        + 0.32 * np.cos(np.radians(3 * hm + 6))
        - 0.20 * np.cos(np.radians(4 * hm - 63))
    )
    dTh = 30 * np.exp(-(((hm - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cmp**7 / (Cmp**7 + 25**7))
    Sl = 1 + 0.015 * (Lm - 50) ** 2 / np.sqrt(20 + (Lm - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cmp, 1 + 0.015 * Cmp * T
    Rt = -np.sin(np.radians(2 * dTh)) * Rc
    return float(
        np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))
    )


def closest(colours: list[str]) -> tuple[float, str, str, str]:
    """The smallest CIEDE2000 distance between two of `colours` for any vision, and where."""
    distinct = dict.fromkeys(c.upper() for c in colours)
    return min(
        (
            (de2000(seen(a, v), seen(b, v)), a, b, v or "typical")
            for v in VISIONS
            for a, b in itertools.combinations(distinct, 2)
        ),
        default=(float("inf"), "", "", ""),
    )


OK = theme.OKABE_ITO
PALETTES = {
    "Okabe–Ito (the category default)": OK,
    "training classes": theme.CLASSES,
    "training splits": theme.SPLITS,
    "augmentation models": [c for pair in theme.MODELS.values() for c in pair],
    "augmentation inputs": theme.INPUTS,
    "storage strip": [theme.READ, theme.UNREAD, theme.PICKED],
    "new storage strip": [theme.NEW_STORAGE, theme.UNREAD, theme.PICKED],
    "activation strip": [*OK[:3], activations.SHADE],
    "activation shares": [OK[1], OK[3]],
    "dtype parts": list(dtypes.PART_COLOURS),
    "dtype lines": list(dtypes.DTYPE_COLOURS.values()),
    "dtype categories": list(dtypes.CATEGORY_COLOURS),
    "convolution fills": convolution.FILLS,
    "convolution strokes": convolution.STROKES,
    "broadcasting panels": broadcasting.PANEL_COLOURS,
    "softmax invariance": [softmax.TORCH, OK[5], OK[1]],
    "softmax naive vs torch": [softmax.BROKEN, softmax.TORCH],
    "autograd kinds": list(autograd.COLOURS),
    "data loops": list(data.LOOP_COLOURS.values()),
    "embedding rows": [OK[2], data.DROPPED],
}


def test_ciede2000_matches_sharma_wu_dalal_reference_pairs():
    """Pairs 1, 7 and 17 of Sharma, Wu & Dalal (2005)'s CIEDE2000 test data."""
    assert de2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert de2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert de2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_white_is_white_and_the_simulation_keeps_greys():
    assert seen("#FFFFFF") == pytest.approx([100, 0, 0], abs=0.01)
    for vision in VISIONS[1:]:
        assert de2000(seen("#777777"), seen("#777777", vision)) < 1


def test_the_check_catches_what_red_green_readers_cannot_tell_apart():
    """D3's category10 red and green: 72 apart for typical vision, 4.6 for deuteranopia. The old
    convolution fills (light blue, light grey, light green) came within 3."""
    assert de2000(seen("#D62728"), seen("#2CA02C")) > 70
    distance, *_, vision = closest(["#D62728", "#2CA02C"])
    assert distance < 5 and vision == "deuteranopia"
    assert closest(["#CFE8F7", "#E3E3E3", "#CDEBDD", "#E69F00"])[0] < 3


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_palette_stays_apart_for_every_colour_vision(name):
    colours = PALETTES[name]
    assert all(HEX.match(c) for c in colours), colours
    distance, a, b, vision = closest(colours)
    assert distance >= MIN_DE, f"{name}: {a} and {b} are {distance:.1f} apart for {vision}"
