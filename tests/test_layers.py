"""The four layers import only downwards, and every language has every text key."""

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from ui.text import LANGUAGES, strings

# What each layer may import from this project (pages and app may import everything below).
ALLOWED = {"lib": {"lib"}, "charts": {"charts", "lib"}, "ui": {"ui", "charts", "lib"}}
THIRD_PARTY_BANNED = {"lib": {"streamlit", "altair", "pandas"}, "charts": {"streamlit"}}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_down(layer):
    project = {"lib", "charts", "ui", "pages", "app"}
    for path in (ROOT / layer).rglob("*.py"):
        used = imports_of(path)
        assert not (used & project) - ALLOWED[layer], f"{path} reaches up: {used & project}"
        assert not used & THIRD_PARTY_BANNED.get(layer, set()), f"{path} imports {used}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_every_key(lang):
    english, other = set(strings("en")), set(strings(lang))
    errors = {k for k in english ^ other if not k.startswith("errors.")}
    assert not errors, f"{lang}: missing {sorted(english - other)}, extra {sorted(other - english)}"


def test_every_t_key_in_the_code_exists():
    code = [p for d in ("app.py", "pages", "ui") for p in (ROOT / d).rglob("*.py")] + [
        ROOT / "app.py"
    ]
    english = strings("en")
    for path in code:
        for key in re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")):
            assert key in english, f"{path.name}: t({key!r}) is not in ui/locales/en*"


def test_every_lib_error_is_translated():
    keys = set()
    for path in (ROOT / "lib").rglob("*.py"):
        keys |= set(re.findall(r"""InputError\(\s*["'](\w+)["']""", path.read_text()))
    for lang in ("zh-TW", "zh-CN"):
        missing = {k for k in keys if f"errors.{k}" not in strings(lang)}
        assert not missing, f"{lang} lacks errors.{sorted(missing)}"
