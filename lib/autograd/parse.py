"""Reading `loss = ((w * x + b) - y) ** 2` into a small tree of whitelisted torch ops.

Python's own `ast` module splits the text (mode 'eval': an expression, never a statement), and a
walk over a WHITELIST of node types builds the tree; nothing the student typed is ever evaluated
or compiled. Length, nesting and size are bounded before `ast.parse` sees the text.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass

from lib.common.errors import InputError

MAX_TEXT = 300  # characters of the expression
MAX_NODES = 60  # syntax-tree nodes (names, numbers, operators, calls)
MAX_DEPTH = 12  # brackets inside brackets
MAX_LEAVES = 8

# name -> (smallest, largest) number of tensor arguments; numbers are allowed as arguments too.
FUNCTIONS = {
    "exp": (1, 1),
    "log": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "tanh": (1, 1),
    "sigmoid": (1, 1),
    "relu": (1, 1),
    "abs": (1, 1),
    "sum": (1, 1),
    "mean": (1, 1),
    "detach": (1, 1),
    "pow": (2, 2),
    "maximum": (2, 2),
    "clamp": (1, 3),
}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
OPERATORS[ast.MatMult] = "@"
_TARGET = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)(.*)$", re.S)
_NAME = re.compile(r"^[A-Za-z_]\w{0,15}$")
_RESERVED = set(FUNCTIONS) | {"torch"}


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Leaf:
    name: str


@dataclass(frozen=True)
class Op:
    """`fn` is an operator symbol (`*`, `neg`) or a function name (`sigmoid`); `args` are
    sub-trees; `keywords` only for clamp's `min=` / `max=` (numbers)."""

    fn: str
    args: tuple
    keywords: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Expression:
    text: str  # the expression part, as typed (without `loss =`)
    target: str  # the name left of `=`, or "out"
    tree: object  # Num | Leaf | Op
    leaves: tuple[str, ...]  # in order of first appearance


def shown(text: str, limit: int = 40) -> str:
    """A piece of user text safe to put inside backticks in a sentence: short, no backticks."""
    text = " ".join(text.replace("`", "'").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(text: str) -> Expression:
    """The expression `text` as a tree; InputError (a ValueError) names what is outside the
    grammar. Never evaluates Python."""
    text = text or ""
    if len(text) > MAX_TEXT:
        raise InputError(
            "ag_too_long",
            "The expression has {n} characters; at most {limit}.",
            n=len(text),
            limit=MAX_TEXT,
        )
    match = _TARGET.match(text)
    target, body = (match.group(1), match.group(2)) if match else ("out", text)
    if not body.strip():
        raise InputError("ag_empty", "Type an expression, for example `w * x + b`.")
    _check_depth(body)
    try:
        tree = ast.parse(body.strip(), mode="eval")
    except SyntaxError as err:
        line = (err.text or body).strip()
        at = max(0, min((err.offset or 1) - 1, len(line) - 1))
        raise InputError(
            "ag_syntax",
            "The expression is not valid Python near `{token}` (character {at}).",
            token=shown(line[at : at + 12] or line),
            at=at + 1,
        ) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise InputError(
            "ag_too_big", "The expression has {n} parts; at most {limit}.", n=count, limit=MAX_NODES
        )
    leaves: list[str] = []
    built = _build(tree.body, body.strip(), leaves)
    if not leaves:
        raise InputError("ag_no_leaf", "The expression needs at least one named tensor, like `w`.")
    if len(leaves) > MAX_LEAVES:
        raise InputError(
            "ag_too_many_leaves",
            "The expression names {n} tensors; at most {limit}.",
            n=len(leaves),
            limit=MAX_LEAVES,
        )
    return Expression(body.strip(), target, built, tuple(leaves))


def _check_depth(text: str) -> None:
    depth = deepest = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise InputError(
            "ag_too_deep",
            "The expression nests {n} brackets deep; at most {limit}.",
            n=deepest,
            limit=MAX_DEPTH,
        )


def _build(node: ast.AST, source: str, leaves: list[str]):
    """One whitelisted syntax node -> Num | Leaf | Op (recursion depth is bounded by
    MAX_NODES, checked before)."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Num(_number(node.value))
    if isinstance(node, ast.Name):
        if node.id in _RESERVED or not _NAME.match(node.id):
            raise _unexpected(node, source, "ag_bad_name")
        if node.id not in leaves:
            leaves.append(node.id)
        return Leaf(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        args = (_build(node.left, source, leaves), _build(node.right, source, leaves))
        return Op(OPERATORS[type(node.op)], args)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _build(node.operand, source, leaves)
        if isinstance(node.op, ast.UAdd):
            return inner
        return Num(-inner.value) if isinstance(inner, Num) else Op("neg", (inner,))
    if isinstance(node, ast.Call):
        return _call(node, source, leaves)
    raise _unexpected(node, source, "ag_not_allowed")


def _call(node: ast.Call, source: str, leaves: list[str]) -> Op:
    """`f(x)`, `torch.f(x)` and the method form `x.f()`."""
    func, args = node.func, list(node.args)
    if isinstance(func, ast.Name):
        name = func.id
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        name = func.attr
        if func.value.id != "torch":
            args = [func.value, *args]
    elif isinstance(func, ast.Attribute):
        name, args = func.attr, [func.value, *args]
    else:
        raise _unexpected(node, source, "ag_not_allowed")
    if name not in FUNCTIONS:
        raise InputError(
            "ag_unknown_function",
            "`{name}` is not one of the functions this page knows: {known}.",
            name=shown(name),
            known=", ".join(sorted(FUNCTIONS)),
        )
    keywords = tuple(_keyword(k, name, source) for k in node.keywords)
    low, high = FUNCTIONS[name]
    if not low <= len(args) + len(keywords) <= high or any(
        isinstance(a, ast.Starred) for a in args
    ):
        raise InputError(
            "ag_arity",
            "`{name}` takes {low} to {high} arguments, not {n}.",
            name=name,
            low=low,
            high=high,
            n=len(args) + len(keywords),
        )
    built = tuple(_build(a, source, leaves) for a in args)
    if name == "clamp" and any(not isinstance(a, Num) for a in built[1:]):
        raise InputError("ag_clamp_bounds", "The bounds of `clamp` must be numbers.")
    return Op(name, built, keywords)


def _keyword(k: ast.keyword, name: str, source: str) -> tuple[str, float]:
    if name != "clamp" or k.arg not in ("min", "max"):
        raise _unexpected(k, source, "ag_not_allowed")
    value = k.value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        sign, value = -1.0, value.operand
    else:
        sign = 1.0
    if not (isinstance(value, ast.Constant) and type(value.value) in (int, float)):
        raise InputError("ag_clamp_bounds", "The bounds of `clamp` must be numbers.")
    return k.arg, sign * _number(value.value)


def _number(value: int | float) -> float:
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):  # 1e999 is Python's way of writing inf
        raise InputError("ag_huge_number", "A number in the expression is too large for a float.")
    return number


def _unexpected(node: ast.AST, source: str, key: str) -> InputError:
    token = ast.get_source_segment(source, node) or type(node).__name__
    return InputError(
        key, "`{token}` is not allowed in an expression on this page.", token=shown(token)
    )


def functions(tree) -> set[str]:
    """The operator and function names a tree uses."""
    if isinstance(tree, Op):
        return {tree.fn}.union(*(functions(a) for a in tree.args))
    return set()
