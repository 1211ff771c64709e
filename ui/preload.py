"""Load torch while the first visitor reads the home page, which does not need it.

`import torch` takes ~2.3 s here. The home page draws without it; this starts the import (through
`lib`, which also sets torch to one thread) beside the first script run, so the first concept page a
student opens finds torch loaded. A page opened before it finishes simply waits for the import.
The first optimizer a process builds imports torch._dynamo (another 5-10 s here, measured), so the
thread builds one too: the optimizers, training and data pages and the mistakes gallery then start
at once.
"""

from __future__ import annotations

import importlib
import threading

import streamlit as st


@st.cache_resource(show_spinner=False)
def preload_torch() -> threading.Thread:
    """Once per process: a background thread importing `lib` (and so torch)."""
    thread = threading.Thread(target=_load, name="preload-torch", daemon=True)
    thread.start()
    return thread


def _load() -> None:
    importlib.import_module("lib").warm_up()
