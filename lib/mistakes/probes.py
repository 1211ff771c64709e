"""One small function per mistake: it runs the mistake and its fix with torch, on a few fixed
numbers, and reports what torch said or printed. The catalogue shows the same lines as code."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from lib.mistakes.outcome import Outcome, refused, warned


def _f(x: float) -> float:
    return round(float(x), 4) + 0.0  # + 0.0: no "-0.0"


def view_noncontiguous() -> Outcome:
    x = torch.arange(12).reshape(3, 4)
    y = x.t()
    return refused(lambda: y.view(-1), repr(y.reshape(-1)))


def _pred_target() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([[1.5], [2.0], [2.5], [4.0]])


def pred_minus_target() -> Outcome:
    pred, target = _pred_target()
    wrong = ((pred - target) ** 2).mean()  # (4,) - (4, 1) is (4, 4)
    right = ((pred - target.squeeze(1)) ** 2).mean()
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def _rows() -> torch.Tensor:
    return torch.tensor([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [4.0, 5.0, 6.0]])


def mean_without_keepdim() -> Outcome:
    x = _rows()
    wrong = (x - x.mean(1)).mean(1)  # row i's mean is taken off column i
    right = (x - x.mean(1, keepdim=True)).mean(1)
    return Outcome(None, repr(wrong), repr(right), _f(wrong.abs().max()), _f(right.abs().max()))


def inplace_broadcast() -> Outcome:
    a, b = torch.zeros(3, 1), torch.ones(4)
    return refused(lambda: a.add_(b), repr((a + b).shape))


def _logits() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.tensor([[4.0, 1.0, -2.0]]), torch.tensor([0])


def softmax_before_cross_entropy() -> Outcome:
    logits, y = _logits()
    wrong = nn.CrossEntropyLoss()(logits.softmax(dim=1), y)
    right = nn.CrossEntropyLoss()(logits, y)
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def nll_on_probabilities() -> Outcome:
    logits, y = _logits()
    wrong = nn.NLLLoss()(logits.softmax(dim=1), y)  # −p[y]: a negative "loss"
    right = nn.NLLLoss()(logits.log_softmax(dim=1), y)
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def log_of_softmax() -> Outcome:
    z = torch.tensor([0.0, -20.0, -120.0])
    wrong = torch.log(torch.softmax(z, dim=0))  # e^-120 rounds to 0 in float32: log gives -inf
    right = torch.log_softmax(z, dim=0)
    return Outcome(None, repr(wrong), repr(right), float(wrong[-1]), _f(right[-1]))


def _grad_after(calls: int, zero_grad: bool) -> torch.Tensor:
    model = nn.Linear(1, 1, bias=False)
    nn.init.ones_(model.weight)
    x, y = torch.tensor([[3.0]]), torch.tensor([[6.0]])
    for _ in range(calls):
        if zero_grad:
            model.zero_grad()
        ((model(x) - y) ** 2).sum().backward()
    return model.weight.grad


def zero_grad_forgotten() -> Outcome:
    wrong, right = _grad_after(3, False), _grad_after(3, True)
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def backward_twice() -> Outcome:
    w = torch.tensor(2.0, requires_grad=True)
    loss = w**3
    loss.backward()
    kept = torch.tensor(2.0, requires_grad=True)
    again = kept**3
    again.backward(retain_graph=True)
    again.backward()
    return refused(loss.backward, repr(kept.grad))


def inplace_before_backward() -> Outcome:
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = w.sigmoid()  # sigmoid saves its output for backward
    y.add_(1)
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    z = v.sigmoid() + 1
    z.sum().backward()
    return refused(lambda: y.sum().backward(), repr(v.grad))


def backward_under_no_grad() -> Outcome:
    w = torch.tensor(2.0, requires_grad=True)
    with torch.no_grad():
        loss = w * 3
    kept = torch.tensor(2.0, requires_grad=True)
    (kept * 3).backward()
    return refused(loss.backward, repr(kept.grad))


def float64_from_numpy() -> Outcome:
    layer = nn.Linear(3, 1)
    x = np.array([[1.0, 2.0, 3.0]])
    fixed = layer(torch.from_numpy(x).float()).dtype
    return refused(lambda: layer(torch.from_numpy(x)), repr(fixed))


def uint8_wraps() -> Outcome:
    pixels = torch.tensor([250, 100], dtype=torch.uint8)
    wrong, right = pixels + 10, pixels.int() + 10
    return Outcome(None, repr(wrong), repr(right), float(wrong[0]), float(right[0]))


def bce_on_logits() -> Outcome:
    logits, y = torch.tensor([2.5, -1.2]), torch.tensor([1.0, 0.0])
    fixed = nn.BCEWithLogitsLoss()(logits, y)
    return refused(lambda: nn.BCELoss()(logits, y), repr(fixed))


def _bce_grad(logits: bool) -> torch.Tensor:
    z, y = torch.tensor([100.0], requires_grad=True), torch.tensor([0.0])
    loss = nn.BCEWithLogitsLoss()(z, y) if logits else nn.BCELoss()(torch.sigmoid(z), y)
    loss.backward()
    return z.grad


def sigmoid_then_bce() -> Outcome:
    wrong, right = _bce_grad(False), _bce_grad(True)  # sigmoid(100) is 1.0 in float32
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def mse_shapes() -> Outcome:
    out, y = torch.tensor([[1.0], [2.0], [3.0]]), torch.tensor([1.0, 2.0, 3.0])
    said, wrong = warned(lambda: nn.MSELoss()(out, y))
    right = nn.MSELoss()(out.squeeze(1), y)
    return Outcome(said, repr(wrong), repr(right), _f(wrong), _f(right))


def nll_one_hot_target() -> Outcome:
    log_p = torch.tensor([[0.5, 1.0, -1.0], [2.0, 0.0, 0.1]]).log_softmax(1)
    y = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    fixed = nn.NLLLoss()(log_p, y.argmax(dim=1))
    return refused(lambda: nn.NLLLoss()(log_p, y), repr(fixed))


def kernel_larger_than_input() -> Outcome:
    image = torch.zeros(1, 1, 3, 3)
    fixed = nn.Conv2d(1, 1, kernel_size=5, padding=1)(image).shape
    return refused(lambda: nn.Conv2d(1, 1, kernel_size=5)(image), repr(fixed))


def _epoch(notes: bool) -> float:
    """One epoch of y = 2x on 8 points in batches of 2, from w = 0: one step, or one per batch."""
    x = torch.arange(8.0).unsqueeze(1) / 8
    loader = DataLoader(TensorDataset(x, 2 * x), batch_size=2)
    model, loss_fn = nn.Linear(1, 1, bias=False), nn.MSELoss()
    nn.init.zeros_(model.weight)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    for xb, yb in loader:
        if not notes:
            opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        if not notes:
            opt.step()
    if notes:
        opt.step()
    return model.weight.item()


def notes_minibatch_loop() -> Outcome:
    wrong, right = _epoch(True), _epoch(False)
    return Outcome(None, repr(wrong), repr(right), _f(wrong), _f(right))


def scatter_one_hot() -> Outcome:
    labels = torch.tensor([0, 2, 1])
    fixed = torch.zeros(3, 4).scatter_(1, labels.unsqueeze(1), 1.0)
    return refused(lambda: torch.zeros(3, 4).scatter_(1, labels, 1.0), repr(fixed))


def _dropout_model() -> nn.Module:
    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(64, 1))
    nn.init.ones_(model[1].weight)
    nn.init.zeros_(model[1].bias)
    return model


def eval_forgotten() -> Outcome:
    """Dropout keeps each of 64 ones with probability 1/2 and doubles it: every call answers a
    different even number; after eval() always 64."""
    model, x = _dropout_model(), torch.ones(1, 64)
    with torch.no_grad():
        wrong = [model(x).item() for _ in range(3)]
        model.eval()
        right = [model(x).item() for _ in range(3)]
    return Outcome(None, repr(wrong), repr(right), wrong[0], right[0])
