"""The concept pages: one row each, read by app.py (navigation) and the home page (the list)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    key: str  # its table in ui/locales/*.toml
    file: str
    url_path: str  # differs from the file stem, so AppTest.switch_page runs it through app.py
    section: str  # a key under [app] in the locale files
    icon: str  # an emoji: a Material icon would be fetched from the web


CONCEPTS = [
    Concept("strides", "app_pages/strides.py", "stride-offset", "section_tensors", "🧱"),
    Concept("broadcasting", "app_pages/broadcasting.py", "broadcast", "section_tensors", "📡"),
    Concept("dtypes", "app_pages/dtypes.py", "dtypes-and-numpy", "section_tensors", "🔢"),
    Concept(
        "activations", "app_pages/activations.py", "activation-functions", "section_functions", "〰️"
    ),
    Concept("softmax", "app_pages/softmax.py", "softmax-and-losses", "section_functions", "🎯"),
    Concept("losses", "app_pages/losses.py", "loss-functions", "section_functions", "📉"),
    Concept(
        "convolution", "app_pages/convolution.py", "conv-and-pooling", "section_functions", "🔲"
    ),
    Concept("data", "app_pages/data.py", "data-to-batches", "section_training", "📦"),
    Concept("autograd", "app_pages/autograd.py", "autograd-graph", "section_training", "🔁"),
    Concept("optimizers", "app_pages/optimizers.py", "optimizer-steps", "section_training", "⛰️"),
    Concept("augmentation", "app_pages/augmentation.py", "augment", "section_training", "🖼️"),
    Concept("training", "app_pages/training.py", "live-training", "section_training", "🏋️"),
]

# Every URL key of a page (its widgets' keys and its tab parameter) starts with the page's prefix:
# the keys a lesson step may set on it (lib/lessons).
PREFIXES = {
    "strides": "s_",
    "broadcasting": "bc_",
    "dtypes": "dt_",
    "activations": "act_",
    "softmax": "sm_",
    "losses": "loss_",
    "convolution": "cv_",
    "data": "data_",
    "autograd": "ag_",
    "optimizers": "opt_",
    "augmentation": "aug_",
    "training": "tr_",
}
