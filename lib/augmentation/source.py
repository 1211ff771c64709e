"""The source of the functions a page ran, with everything they use, as one runnable text.

Code panels show the very code that produced the numbers on screen, not a look-alike: this
walks the names each function or class refers to, in its own module, and prints callees first.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types

from lib.common.errors import InputError

_INPUT_ERROR_STUB = """class InputError(ValueError):  # lib.common.errors.InputError, shortened
    def __init__(self, key, english, **params):
        super().__init__(english.format(**params))"""


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _used(obj: object) -> set[str]:
    if inspect.isfunction(obj):
        return _names(inspect.unwrap(obj).__code__)  # past decorators such as torch.no_grad
    names: set[str] = {b.__name__ for b in obj.__bases__}
    for member in vars(obj).values():
        member = getattr(member, "__func__", member)
        if inspect.isfunction(member):
            names |= _names(member.__code__)
    return names


def collect(module: types.ModuleType, names: list[str]) -> str:
    """`names` from `module` and every module-level function, class or constant they use."""
    return _collect(module.__name__, tuple(names))


@functools.cache  # source files do not change while the server runs
def _collect(module_name: str, names: tuple[str, ...]) -> str:
    module = sys.modules[module_name]
    out: list[str] = []
    seen: set[object] = set()

    def visit(home: types.ModuleType, name: str) -> None:
        obj = home.__dict__.get(name)
        # Functions are the same object under any name; equal constants (6 and 6) are not.
        key = id(obj) if callable(obj) else (home.__name__, name)
        if obj is None or key in seen or isinstance(obj, types.ModuleType):
            return
        seen.add(key)
        if obj is InputError:
            out.append(_INPUT_ERROR_STUB)
        elif (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__.startswith(
            "lib."
        ):
            own = sys.modules[obj.__module__]
            for dep in sorted(_used(obj)):
                visit(own, dep)
            out.append(inspect.getsource(obj).rstrip())
        elif isinstance(obj, (int, float, str, tuple, list, dict)) and name.isupper():
            out.append(f"{name} = {obj!r}")

    for name in names:
        visit(module, name)
    return "\n\n\n".join(out)
