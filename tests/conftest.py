"""Shared test set-up: the repo on sys.path, one torch thread, a Hypothesis profile."""

import sys
from pathlib import Path

import torch
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
torch.set_num_threads(1)

# torch's first call on a shape can be slow; the machine is shared.
settings.register_profile("explorer", deadline=None, max_examples=60)
settings.load_profile("explorer")
