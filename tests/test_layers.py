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
    project = {"lib", "charts", "ui", "app_pages", "app"}
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
    code = [p for d in ("app.py", "app_pages", "ui") for p in (ROOT / d).rglob("*.py")] + [
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


def project_module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Project modules `path` names in its imports (module level or inside functions).
    `from lib.training import data` names the module lib.training.data, not the package."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (ROOT / Path(*sub.split("."))).with_suffix(".py").exists() or (
                    ROOT / Path(*sub.split(".")) / "__init__.py"
                ).exists()
                found.add(sub if is_module else node.module)
    return {m for m in found if m.split(".")[0] in {"lib", "charts", "ui", "app_pages"}}


def import_graph() -> dict[str, set[str]]:
    files = [p for d in ("lib", "charts", "ui", "app_pages") for p in (ROOT / d).rglob("*.py")]
    return {project_module(p): imported_modules(p) for p in files}


def test_no_import_circles():
    graph = import_graph()
    done, path = set(), []

    def visit(module: str) -> None:
        if module in path:
            cycle = path[path.index(module) :] + [module]
            raise AssertionError("import circle: " + " -> ".join(cycle))
        if module in done:
            return
        path.append(module)
        for target in graph.get(module, ()):
            visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_a_concept_uses_only_the_public_api_of_another():
    """lib/<a>/ may import lib.common.* and lib.<a>.*, but of lib/<b>/ only its __init__."""
    for module, targets in import_graph().items():
        parts = module.split(".")
        if parts[0] != "lib" or len(parts) < 2:
            continue
        for target in targets:
            other = target.split(".")
            if len(other) > 2 and other[1] not in {parts[1], "common"}:
                raise AssertionError(f"{module} reaches into {target}: import lib.{other[1]}")
