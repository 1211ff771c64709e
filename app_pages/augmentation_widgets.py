"""The augmentation page's plumbing: its words, the sample grid and the training runs, each
computed once per setting for the whole class (st.cache_data)."""

from __future__ import annotations

import random

import streamlit as st

from lib.augmentation import invariance, pipeline, probe
from lib.augmentation import samples as sample_images
from lib.augmentation import upload as image_upload
from ui.streamlit_words import uploader_words
from ui.text import t

FORMATS = ["png", "jpg", "jpeg"]
BASE = invariance.Config()  # the defaults every training run starts from


def texts(*keys: str, **fmt) -> dict[str, str]:
    """Several texts under [augmentation], by key: charts take their labels under these names."""
    return {key: t(f"augmentation.{key}", **fmt) for key in keys}


def reseed() -> None:
    st.session_state["aug_seed"] = random.randrange(100_000)  # a new shareable seed, not hidden


def encoded(img, steps: list, n: int, seed: int, jpeg: bytes | None = None):
    """The grid; the original (`jpeg` if already made), then each sample, as the JPEG
    st.image makes of RGB anyway."""
    grid = pipeline.sample_grid(img, steps, n, seed)
    samples = (image_upload.to_jpeg(x) for x in grid.images)
    return grid, (jpeg or image_upload.to_jpeg(img), *samples)


@st.cache_data(max_entries=len(sample_images.IMAGES), show_spinner=False)
def original(name: str):
    """A built-in picture and its JPEG: the same whatever the seed and the pipeline."""
    img = sample_images.sample_image(name)
    return img, image_upload.to_jpeg(img)


@st.cache_data(max_entries=12, show_spinner=False)
def built_in(name: str, steps: list, n: int, seed: int):
    """Once per setting for the whole class: a shared link opens from here (~3 MB at N=16)."""
    img, jpeg = original(name)
    return encoded(img, steps, n, seed, jpeg)


def sampled(name: str, steps: list, n: int, seed: int):
    """(grid, JPEGs) of the chosen picture, or None while an upload is awaited."""
    if name != "upload":
        return built_in(name, steps, n, seed)
    # The browser says and enforces lib's 5 MB (the server's cap is 6: no HTTP 413 error).
    cap = image_upload.MAX_BYTES // 2**20
    uploader_words(cap, FORMATS)
    up = st.file_uploader(t("augmentation.upload"), FORMATS, key="aug_upload", max_upload_size=cap)
    return up and encoded(image_upload.decode_upload(up.getvalue()), steps, n, seed)


@st.cache_data(max_entries=24, show_spinner=False)
def trained(hidden: int, aug_shift: int, seed: int, kind: str, augment: bool):
    """One run per configuration for the whole class: a repeat is read, never retrained."""
    config = invariance.Config(hidden=hidden, aug_shift=aug_shift, seed=seed)
    return invariance.train_run(config, kind, augment)


def train_all(hidden: int, k: int, seed: int, names: dict) -> dict:
    bar, runs = st.progress(0.0), {}
    for i, (kind, aug) in enumerate(probe.RUNS):
        bar.progress(i / len(probe.RUNS), text=t("augmentation.training", run=names[kind, aug]))
        # The CNN ignores `hidden`, centred runs ignore `k`: they share cache entries.
        h, s = (hidden if kind == "mlp" else BASE.hidden), (k if aug else BASE.aug_shift)
        runs[kind, aug] = trained(h, s, seed, kind, aug)
    seconds = sum(r.seconds for r in runs.values())
    bar.progress(1.0, text=t("augmentation.trained", seconds=seconds))
    return runs
