"""What the page says under each view: (sentence key, live numbers), chosen from torch's answers.

The keys name sentences in ui/locales/<lang>/autograd.toml. A sentence is picked by the sign and
size of the numbers, so no setting can make it false.
"""

from __future__ import annotations

from lib.autograd.accumulate import SecondCall
from lib.autograd.graph import Traced
from lib.autograd.modes import Readback, Trap
from lib.autograd.update import Step

Fact = tuple[str, dict[str, object]]
KINKS = {"ReluBackward0", "AbsBackward0"}


def numbers(values) -> str:
    """`0.5` or `[0.5, -0.3]`: four significant digits, the way the page prints every tensor."""
    if values is None:
        return "None"
    shown = [f"{v:.4g}" for v in values]
    return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"


def graph(t: Traced, detached: bool = False) -> list[Fact]:
    """`detached`: the expression calls detach()."""
    if not t.recorded:
        return [("n_nothing_recorded", {})]
    accumulators = [n.leaf for n in t.nodes if n.leaf]
    facts: list[Fact] = [
        ("n_nodes", dict(n=len(t.nodes), k=len(accumulators), leaves=", ".join(accumulators)))
    ]
    if t.untracked:
        facts.append(("n_untracked", dict(names=", ".join(t.untracked))))
    for name in t.unreached:
        facts.append(("n_unreached", dict(name=name)))
    facts.append(_shared(t))
    if detached:
        facts.append(("n_detach", {}))
    facts += _kinks(t)
    return facts


def _shared(t: Traced) -> Fact:
    """The node most edges reach: its gradient is the sum of what arrives along them."""
    arriving = {i: [e for e in t.edges if e.child == i] for i in range(len(t.nodes))}
    i, edges = max(arriving.items(), key=lambda kv: (len(kv[1]), -kv[0]))
    if len(edges) < 2:
        return ("n_single_paths", {})
    node = t.nodes[i]
    parts = " + ".join(numbers(e.grad) for e in edges)
    return (
        "n_shared",
        dict(name=node.leaf or node.name, k=len(edges), parts=parts, g=numbers(node.grad)),
    )


def _kinks(t: Traced) -> list[Fact]:
    found = []
    for e in t.edges:
        parent = t.nodes[e.parent]
        if parent.name in KINKS and 0.0 in e.value:
            at = e.value.index(0.0)
            slope = e.local[at]
            found.append(
                ("n_kink", dict(name=parent.name, code=t.nodes[e.child].code, slope=f"{slope:g}"))
            )
    return found[:2]


def accumulation(without: list[dict], with_zero: list[dict]) -> list[Fact]:
    """Read off the first leaf whose single gradient is not zero (else the first leaf)."""
    if not without or not without[0]:
        return [("n_nothing_recorded", {})]
    names = list(without[0])
    name = next((n for n in names if any(without[0][n] or [])), names[0])
    k = len(without)
    once, last = without[0][name], without[-1][name]
    facts: list[Fact] = []
    if once is None or not any(once):
        facts.append(("n_acc_zero", dict(name=name)))
    else:
        facts.append(("n_acc_grows", dict(name=name, k=k, last=numbers(last), once=numbers(once))))
    same = all(row[name] == with_zero[0][name] for row in with_zero)
    facts.append(
        (
            "n_acc_zeroed" if same else "n_acc_zeroed_differs",
            dict(name=name, once=numbers(with_zero[-1][name])),
        )
    )
    return facts


def second(call: SecondCall | None) -> Fact:
    if call is None:
        return ("n_nothing_recorded", {})
    return ("n_freed" if call.error else "n_not_freed", {})


def modes(rows: list[Readback]) -> list[Fact]:
    by = {r.mode: r for r in rows}
    no_grad = by["no_grad"]
    facts: list[Fact] = [
        ("n_no_grad", dict(rg=no_grad.requires_grad, gf=no_grad.grad_fn)),
    ]
    if by["grad"].grad_fn is None:
        facts.append(("n_grad_mode_nothing", {}))
    else:
        facts.append(("n_grad_mode", dict(gf=by["grad"].grad_fn)))
    facts.append(("n_inference", dict(inf=by["inference_mode"].is_inference)))
    return facts


def trap(found: Trap | None) -> Fact:
    if found is None:
        return ("n_nothing_recorded", {})
    if found.error is None:
        return ("n_trap_none", dict(code=found.tensor))
    return ("n_trap", dict(code=found.tensor, by=found.made_by or "AccumulateGrad"))


def update(step: Step) -> list[Fact]:
    if step.same:
        facts: list[Fact] = [("n_same", {})]
    else:
        facts = [("n_differs", dict(gap=f"{step.gap:.1e}"))]
    facts.append(("n_add_same" if step.add_same else "n_add_differs", {}))
    if step.loss_after < step.loss_before:
        facts.append(
            ("n_loss_down", dict(before=f"{step.loss_before:.4g}", after=f"{step.loss_after:.4g}"))
        )
    else:
        facts.append(
            (
                "n_loss_not_down",
                dict(before=f"{step.loss_before:.4g}", after=f"{step.loss_after:.4g}"),
            )
        )
    return facts
