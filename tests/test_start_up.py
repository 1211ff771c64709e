"""Start-up: torch gets one thread before anything computes, and the home page does not wait for it.

Each check runs in a fresh interpreter, since this one imported torch long ago (tests/conftest.py).
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_importing_any_torch_routine_gives_torch_one_thread():
    assert fresh_python("import lib.strides.storage, torch; print(torch.get_num_threads())") == "1"


def test_the_router_and_home_page_import_no_torch():
    """app.py and app_pages/home.py import only these; torch arrives in the background."""
    code = (
        "import sys, ui.concepts, ui.preload, ui.settings, ui.text; print('torch' in sys.modules)"
    )
    assert fresh_python(code) == "False"


def test_the_background_import_loads_torch_with_one_thread():
    code = (
        "import sys, ui.preload; ui.preload.preload_torch().join(60); import torch; "
        "print('lib' in sys.modules, torch.get_num_threads())"
    )
    assert fresh_python(code) == "True 1"


def test_no_pages_directory_sits_beside_app_py():
    """A folder named pages/ next to the main script switches Streamlit (1.67) into its old
    multipage mode for the process's FIRST script run: a student opening a deep link right after
    a (cold) start gets "Page not found" over the right page (streamlit#8860), and a path that
    matched a file name there would run that file without app.py. Our pages live in app_pages/."""
    assert not (ROOT / "pages").exists()
    assert (ROOT / "app_pages" / "home.py").is_file()
