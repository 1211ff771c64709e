"""One loss on a student's numbers: the module's value, and d(loss)/d(prediction) by autograd.

Torch is the judge of shapes and dtypes: whatever it raises (or warns, for a broadcast) comes back
as one sentence with torch's own message. A target outside the loss's domain that torch accepts
anyway (a negative Poisson count, a hinge label of 0.5) gets a sentence too, with the number torch
returned; nothing non-finite leaves this module.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping

import torch

from lib.common.errors import InputError
from lib.losses.catalogue import F64, Spec, check_name, module, settings

MAX_ELEMENTS = 256  # per tensor typed by a student
MAX_TEXT = 4000  # characters of one typed list
_SPECIAL = re.compile(r"(?i)(?<![\w.])([+-]?)(nan|inf|infinity)(?![\w.])")

DOMAINS = {
    "probability": "values in [0, 1]",
    "count": "counts ≥ 0",
    "index": "class indices 0 … C−1",
    "sign": "labels +1 or −1",
    "padded": "class indices 0 … C−1 padded with −1",
    "multihot": "values 0 or 1",
    "kl": "probabilities ≥ 0",
}


def parse_numbers(text: str, what: str) -> list | float:
    """A nested list a student typed (`[[0.2, 1], [3, nan]]`) read as JSON, never evaluated."""
    if len(text) > MAX_TEXT:
        raise InputError(
            "loss_text_long",
            "The {what} has {n} characters; at most {limit}.",
            what=what,
            n=len(text),
            limit=MAX_TEXT,
        )
    spelled = _SPECIAL.sub(lambda m: _json_special(m.group(1), m.group(2)), text.strip())
    try:
        data = json.loads(spelled)
    except ValueError:
        raise InputError(
            "loss_text_syntax",
            "The {what} is not a list of numbers such as [[0.5, 1], [2, -1]].",
            what=what,
        ) from None
    if not _numbers_only(data):
        raise InputError(
            "loss_text_syntax",
            "The {what} is not a list of numbers such as [[0.5, 1], [2, -1]].",
            what=what,
        )
    return data


def _json_special(sign: str, word: str) -> str:
    if word.lower() == "nan":
        return "NaN"
    return "-Infinity" if sign == "-" else "Infinity"


def _numbers_only(data: object, depth: int = 0) -> bool:
    if isinstance(data, bool):
        return False
    if isinstance(data, (int, float)):
        return True
    return isinstance(data, list) and depth < 4 and all(_numbers_only(v, depth + 1) for v in data)


def _tensor(data: object, dtype: torch.dtype, what: str) -> torch.Tensor:
    count = _count(data)
    if count > MAX_ELEMENTS:
        raise InputError(
            "loss_too_big",
            "The {what} has {n} numbers; this page takes at most {limit}.",
            what=what,
            n=count,
            limit=MAX_ELEMENTS,
        )
    try:
        t = torch.tensor(data, dtype=F64)
    except (TypeError, ValueError, RuntimeError) as err:
        raise InputError(
            "loss_ragged",
            "The {what} is not a rectangular array. torch: {torch}",
            what=what,
            torch=torch_message(err),
        ) from None
    if dtype == torch.int64:
        if not torch.isfinite(t).all() or (t != t.round()).any():
            raise InputError(
                "loss_not_integer", "The {what} must hold whole numbers (class indices).", what=what
            )
        t = t.to(torch.int64)
    return t


def _count(data: object) -> int:
    return sum(_count(v) for v in data) if isinstance(data, list) else 1


def torch_message(err: BaseException) -> str:
    """Torch's message, first line, shortened, without backticks (it is shown as code)."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text.replace("`", "'")[:300]


def refused(name: str, err: BaseException) -> InputError:
    """torch raised: one sentence naming the loss, then torch's own words."""
    return InputError(
        "loss_torch",
        "{name} rejects this input. torch: {torch}",
        name=name,
        torch=torch_message(err),
    )


def target_dtype(spec: Spec, prediction: torch.Tensor, target: object) -> torch.dtype:
    """CrossEntropyLoss reads a target of the input's shape as probabilities, else indices."""
    if spec.torch_name == "CrossEntropyLoss":
        depth = _depth(target)
        return F64 if depth == prediction.dim() else torch.int64
    return spec.target_dtype


def _depth(data: object) -> int:
    return 1 + _depth(data[0]) if isinstance(data, list) and data else int(isinstance(data, list))


def _arguments(spec: Spec, pred: torch.Tensor, tgt: torch.Tensor) -> list[torch.Tensor]:
    if spec.call == "pair":
        _stacked(spec, pred, "prediction")
        return [pred[0], pred[1], tgt]
    if spec.call == "triplet":
        _stacked(spec, tgt, "target")
        return [pred, tgt[0], tgt[1]]
    return [pred, tgt]


def _stacked(spec: Spec, t: torch.Tensor, what: str) -> None:
    if t.dim() == 0 or t.shape[0] != 2:
        raise InputError(
            "loss_stacked",
            "{name} needs the {what} as two stacked tensors (first size 2), not shape {shape}.",
            name=spec.torch_name,
            what=what,
            shape=tuple(t.shape),
        )


def evaluate(
    name: str, prediction: object, target: object, options: Mapping[str, object], grad: bool
) -> tuple[torch.Tensor, torch.Tensor | None, tuple[str, ...]]:
    """The module's output, the prediction's gradient of its sum (if `grad`) and the warnings
    torch gave (KLDivLoss's about 'mean'), checked throughout."""
    spec = check_name(name)
    kwargs = settings(name, options)
    pred = _tensor(prediction, F64, "prediction")
    tgt = _tensor(target, target_dtype(spec, pred, target), "target")
    pred.requires_grad_(grad)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = module(name, kwargs)(*_arguments(spec, pred, tgt))
        except (RuntimeError, ValueError, IndexError) as err:
            if isinstance(err, InputError):
                raise
            raise refused(name, err) from None
    loud = [w for w in caught if "broadcast" in str(w.message)]
    said = tuple(dict.fromkeys(torch_message(w.message) for w in caught))
    if loud:
        raise InputError(
            "loss_broadcast",
            "The shapes differ and torch would broadcast them. torch: {torch}",
            torch=torch_message(loud[0].message),
        )
    _check_finite(name, pred, tgt, out)
    check_domain(spec, kwargs, pred, tgt, out)
    if grad:
        (out if out.dim() == 0 else out.sum()).backward()
        return out.detach(), pred.grad, said
    return out, None, said


def _check_finite(name: str, pred: torch.Tensor, tgt: torch.Tensor, out: torch.Tensor) -> None:
    for what, t in (("prediction", pred), ("target", tgt)):
        if t.is_floating_point() and not torch.isfinite(t).all():
            raise InputError(
                "loss_nonfinite_input",
                "The {what} holds nan or inf; torch returns {result} for {name}.",
                what=what,
                name=name,
                result=_show(out),
            )
    if not torch.isfinite(out).all():
        raise InputError(
            "loss_nonfinite",
            "{name} gives {result} here, which cannot be drawn.",
            name=name,
            result=_show(out),
        )


def _show(out: torch.Tensor) -> str:
    values = out.detach().flatten()[:4].tolist()
    return ", ".join(f"{v:.4g}" for v in values) + (" …" if out.numel() > 4 else "")


def check_domain(spec, kwargs, pred, tgt, out) -> None:
    """Targets torch takes without complaint but that mean nothing for this loss."""
    d = spec.target_domain
    if d == "kl" and kwargs.get("log_target"):
        return
    bad = {
        "count": lambda: tgt < 0,
        "sign": lambda: (tgt != 1) & (tgt != -1),
        "multihot": lambda: (tgt != 0) & (tgt != 1),
        "kl": lambda: tgt < 0,
        "probability": lambda: (tgt < 0) | (tgt > 1),
        "padded": lambda: (tgt < -1) | (tgt >= pred.shape[-1]),
    }.get(d)
    if bad is None:
        return
    wrong = bad()
    if wrong.any():
        raise InputError(
            "loss_domain",
            "{name} expects targets with {domain}, but the target holds {value}; torch does not "
            "check this and returns {result}.",
            name=spec.torch_name,
            domain=DOMAINS[d],
            value=f"{tgt[wrong].flatten()[0].item():g}",
            result=_show(out),
        )


def value(name: str, prediction, target, **options) -> float | list:
    """`torch.nn.<name>(**options)(prediction, target)` as a float (a list for reduction='none')."""
    out, _, _ = evaluate(name, prediction, target, options, grad=False)
    return out.item() if out.dim() == 0 else out.tolist()


def gradient(name: str, prediction, target, **options) -> list[float]:
    """d(loss)/d(prediction) by autograd, flattened (of the sum of the losses for 'none')."""
    _, grad, _ = evaluate(name, prediction, target, options, grad=True)
    return grad.flatten().tolist()


def rounded(values: object, digits: int = 4) -> object:
    """Nested lists of torch's numbers, rounded for reading (the code panel prints them whole)."""
    if isinstance(values, list):
        return [rounded(v, digits) for v in values]
    return round(values, digits)
