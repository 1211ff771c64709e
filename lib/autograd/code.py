"""The parsed expression written back as plain torch code: for the code panel, and to name the
tensors a graph's edges carry."""

from __future__ import annotations

from lib.autograd.parse import Leaf, Num, Op

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "neg": 3, "**": 4}
_METHODS = {"sum", "mean", "detach"}  # written `x.sum()`, as students do


def torch_code(tree) -> str:
    """`Op('*', (Leaf('w'), Num(2.0)))` -> `w * 2.0`: what torch runs for this tree."""
    if isinstance(tree, Num):
        return repr(tree.value)
    if isinstance(tree, Leaf):
        return tree.name
    if tree.fn in _PRECEDENCE:
        return _operator(tree)
    if tree.fn in _METHODS:
        return f"{_wrapped(tree.args[0], 5)}.{tree.fn}()"
    args = [_tensor_code(a) for a in tree.args]
    if tree.fn == "pow" and not all(isinstance(a, Num) for a in tree.args):
        args = [torch_code(a) for a in tree.args]  # a Python number, as the page passes it
    if tree.fn == "clamp":
        bounds = dict(zip(("min", "max"), (a.value for a in tree.args[1:]), strict=False))
        bounds |= dict(tree.keywords)
        args = args[:1] + [f"{k}={v!r}" for k, v in bounds.items()]
    return f"torch.{tree.fn}({', '.join(args)})"


def _operator(tree: Op) -> str:
    p = _PRECEDENCE[tree.fn]
    if tree.fn == "neg":
        return f"-{_wrapped(tree.args[0], p)}"
    left, right = tree.args
    if all(isinstance(a, Num) for a in tree.args):  # torch needs a tensor on one side
        return f"{_tensor_code(left)} {tree.fn} {right.value!r}"
    # Python groups `a - b - c` from the left and `a ** b ** c` from the right.
    lp, rp = (p + 1, p) if tree.fn == "**" else (p, p + 1)
    if tree.fn == "@":
        return f"{_wrapped(left, lp)} @ {_wrapped(right, rp)}"
    return f"{_wrapped(left, lp)} {tree.fn} {_wrapped(right, rp)}"


def _wrapped(tree, needed: int) -> str:
    text = torch_code(tree)
    own = _PRECEDENCE.get(tree.fn, 9) if isinstance(tree, Op) else 9
    if isinstance(tree, Num) and tree.value < 0:
        own = 3
    return f"({text})" if own < needed else text


def _tensor_code(tree) -> str:
    """Functions such as torch.exp want tensors, not Python numbers."""
    if isinstance(tree, Num):
        return f"torch.tensor({tree.value!r}, dtype=torch.float64)"
    return torch_code(tree)


def snippet(expr, values, requires_grad, calls: int) -> str:
    """Runnable code for the page's view: the leaves, the expression, the graph walked along
    next_functions, the gradients, and `.grad` after `calls` backward calls without zero_grad."""
    wanted = set(expr.leaves if requires_grad is None else requires_grad)
    lines = ["import torch", ""]
    for name in expr.leaves:
        grad = ", requires_grad=True" if name in wanted else ""
        lines.append(f"{name} = torch.tensor({values[name]!r}, dtype=torch.float64{grad})")
    out = expr.target
    code = torch_code(expr.tree)
    seed = f"torch.ones_like({out})"  # a vector output: the gradient of its sum
    params = [n for n in expr.leaves if n in wanted]
    lines += [
        f"{out} = {code}",
        "",
        "",
        "def walk(fn, depth=0):  # the graph torch recorded, from the output down",
        "    if fn is None:",
        "        return",
        "    print('  ' * depth + type(fn).__name__)",
        "    for child, _ in fn.next_functions:",
        "        walk(child, depth + 1)",
        "",
        "",
        f"walk({out}.grad_fn)",
        f"if {out}.requires_grad:",
        f"    {out}.backward({seed})",
        *[
            f"    print('{n}.grad', {n}.grad.tolist() if {n}.grad is not None else None)"
            for n in params
        ],
        "",
        f"# .grad adds up: {calls} backward() calls in all, without zero_grad()",
        *[f"{n}.grad = None" for n in params],
        f"for call in range({calls}):",
        f"    {out} = {code}",
        f"    if {out}.requires_grad:",
        f"        {out}.backward({seed})",
        *[
            f"    print(call + 1, '{n}.grad', {n}.grad.tolist() if {n}.grad is not None else None)"
            for n in params
        ],
    ]
    return "\n".join(lines) + "\n"
