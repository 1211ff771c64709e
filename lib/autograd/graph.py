"""The graph torch recorded: walked from the output along `grad_fn.next_functions`.

Nothing here decides what the graph looks like. Every node is a function object torch made while
the expression ran (`MulBackward0`, `AccumulateGrad`, …), named by its own class; every edge is an
entry of its `next_functions`; the gradient on an edge is what that node's backward really sends
along it, got by calling the node itself (`fn(grad)`), as the engine does during `backward()`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import torch

from lib.autograd.code import torch_code
from lib.autograd.forward import Run, backward, run
from lib.autograd.parse import Expression
from lib.autograd.values import Values

Numbers = tuple[float, ...]


@dataclass(frozen=True)
class Node:
    """One function in torch's backward graph."""

    name: str  # torch's class name: MulBackward0, AccumulateGrad, …
    children: tuple[int, ...]  # indices of its next_functions (None entries left out)
    leaf: str | None = None  # for AccumulateGrad: the leaf whose .grad it fills
    code: str = ""  # the torch code of the tensor this node's function made (or the leaf)
    value: Numbers = ()  # that tensor's forward value, flattened
    shape: tuple[int, ...] = ()
    grad: Numbers | None = None  # ∂out/∂(that tensor) after backward; None where torch kept none
    layer: int = 0  # longest path from the output: every edge points one layer down or more
    x: float = 0.5  # across its layer, in (0, 1)


@dataclass(frozen=True)
class Edge:
    """`nodes[parent].next_functions[slot]` is `nodes[child]`."""

    parent: int
    child: int
    slot: int
    value: Numbers  # the forward value travelling up this edge (the child's tensor)
    grad: Numbers  # what the parent's backward sends down it: its part of ∂out/∂child
    local: Numbers  # what the parent's backward sends down it when given ones: the local slope


@dataclass(frozen=True)
class Traced:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    output: Numbers
    shape: tuple[int, ...]
    recorded: bool  # False: the output has no grad_fn (nothing that requires grad reached it)
    untracked: tuple[str, ...]  # leaves with requires_grad=False: None in next_functions
    unreached: tuple[str, ...]  # leaves that require grad but got no .grad (e.g. detached)


def flat(t: torch.Tensor | None) -> Numbers | None:
    return None if t is None else tuple(t.detach().reshape(-1).tolist())


def trace(expr: Expression, values: Values, requires_grad: Collection[str] | None = None) -> Traced:
    """Run the expression, keep every intermediate's gradient (`retain_grad()`), backward once,
    and read the graph back from torch."""
    r = run(expr, values, requires_grad)
    untracked = tuple(n for n, t in r.leaves.items() if not t.requires_grad)
    if r.output.requires_grad:  # a leaf as the output: backward() starts at its AccumulateGrad
        root = torch.autograd.graph.get_gradient_edge(r.output).node
    else:
        root = None
    if root is None:
        wanted = tuple(n for n, t in r.leaves.items() if t.requires_grad)
        return Traced((), (), flat(r.output), tuple(r.output.shape), False, untracked, wanted)
    for t, _ in r.made:
        if t.grad_fn is not None:
            t.retain_grad()
    backward(r, retain_graph=True)  # the nodes are called again below, so keep what they saved
    fns, children = _walk(root)
    made = {id(t.grad_fn): (t, op) for t, op in r.made if t.grad_fn is not None}
    seeds = [torch.ones_like(r.output)] + [_seed(fn, made) for fn in fns[1:]]
    edges = _edges(fns, children, seeds, made, r)
    layers = _layers(children)
    xs = _across(children, layers)
    nodes = tuple(
        _node(fn, kids, seed, made, r, layer, x)
        for fn, kids, seed, layer, x in zip(fns, children, seeds, layers, xs, strict=True)
    )
    unreached = tuple(n for n, t in r.leaves.items() if t.requires_grad and t.grad is None)
    return Traced(nodes, edges, flat(r.output), tuple(r.output.shape), True, untracked, unreached)


def _walk(root) -> tuple[list, list[tuple[int, ...]]]:
    """Breadth first along next_functions; each function once, however many edges reach it."""
    fns, index, children = [root], {id(root): 0}, []
    i = 0
    while i < len(fns):
        kids = []
        for nxt, _ in fns[i].next_functions:
            if nxt is None:
                continue
            if id(nxt) not in index:
                index[id(nxt)] = len(fns)
                fns.append(nxt)
            kids.append(index[id(nxt)])
        children.append(tuple(kids))
        i += 1
    return fns, children


def _seed(fn, made: dict) -> torch.Tensor | None:
    """∂out/∂(the tensor fn made), below the output: the retained .grad, or the leaf's."""
    if type(fn).__name__ == "AccumulateGrad":
        return fn.variable.grad
    return made[id(fn)][0].grad if id(fn) in made else None


def _edges(fns, children, seeds, made, r: Run) -> tuple[Edge, ...]:
    edges = []
    for i, fn in enumerate(fns):
        if not children[i]:
            continue
        with torch.no_grad():
            sent = fn(seeds[i])  # the node's own backward, as the engine calls it
            local = fn(torch.ones_like(seeds[i]))
        sent = sent if isinstance(sent, tuple) else (sent,)
        local = local if isinstance(local, tuple) else (local,)
        slots = [s for s, (nxt, _) in enumerate(fn.next_functions) if nxt is not None]
        for slot, child in zip(slots, children[i], strict=True):
            value = _tensor_of(fns[child], made)
            # A node's own backward returns the broadcast shape; the engine then sums it down
            # to the input's shape (validate_outputs), and so do we, with torch's sum_to_size.
            down, slope = (g[slot].sum_to_size(value.shape) for g in (sent, local))
            edges.append(Edge(i, child, slot, flat(value), flat(down), flat(slope)))
    return tuple(edges)


def _tensor_of(fn, made: dict) -> torch.Tensor:
    if type(fn).__name__ == "AccumulateGrad":
        return fn.variable
    return made[id(fn)][0]


def _node(fn, kids, seed, made, r: Run, layer: int, x: float) -> Node:
    name = type(fn).__name__
    if name == "AccumulateGrad":
        leaf = next(n for n, t in r.leaves.items() if t is fn.variable)
        t, code = fn.variable, leaf
    else:
        leaf = None
        t, op = made[id(fn)]
        code = torch_code(op)
    return Node(name, kids, leaf, code, flat(t), tuple(t.shape), flat(seed), layer, x)


def _layers(children: list[tuple[int, ...]]) -> list[int]:
    """Longest path from the output (Kahn's order), so every edge points downwards."""
    waiting = [0] * len(children)
    for kids in children:
        for k in kids:
            waiting[k] += 1
    layer, ready = [0] * len(children), [0]
    while ready:
        v = ready.pop()
        for k in children[v]:
            layer[k] = max(layer[k], layer[v] + 1)
            waiting[k] -= 1
            if waiting[k] == 0:
                ready.append(k)
    return layer


def _across(children: list[tuple[int, ...]], layers: list[int]) -> list[float]:
    """Spread each layer over (0, 1), ordered under the mean place of its parents, so that few
    edges cross."""
    parents: dict[int, list[int]] = {}
    for p, kids in enumerate(children):
        for k in kids:
            parents.setdefault(k, []).append(p)
    x = [0.5] * len(children)
    for depth in range(max(layers) + 1):
        row = [i for i in range(len(children)) if layers[i] == depth]
        row.sort(
            key=lambda i: (
                sum(x[p] for p in parents.get(i, [])) / max(len(parents.get(i, [])), 1),
                i,
            )
        )
        for rank, i in enumerate(row):
            x[i] = (rank + 0.5) / len(row)
    return x


def arriving(t: Traced, i: int) -> Numbers | None:
    """What the lines into node `i` bring, added up as the engine adds them (None: no line)."""
    parts = [torch.tensor(e.grad, dtype=torch.float64) for e in t.edges if e.child == i]
    return flat(torch.stack(parts).sum(0)) if parts else None
