"""A pasted message finds its mistake first, whatever the student's own numbers and shapes; any
text at all gives a ranking or nothing, never an exception."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from lib import mistakes as M

INDEX = M.Index({m.key: M.document(m, m.probe()) for m in M.CATALOGUE})


def said(call) -> str:
    """torch's own words for the student's variant of a mistake, as Python prints them."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
        except (RuntimeError, ValueError, IndexError) as err:
            return f"Traceback (most recent call last):\n  ...\n{type(err).__name__}: {err}"
    return f"UserWarning: {caught[0].message}"


def _inplace_relu():
    y = torch.randn(128, 10, requires_grad=True).relu()
    y += 1
    y.sum().backward()


def _twice():
    w = torch.ones(7, requires_grad=True)
    loss = (w.exp() * w).sum()
    loss.backward()
    loss.backward()


def _no_grad():
    w = torch.ones(5, requires_grad=True)
    with torch.no_grad():
        out = (w * 2).sum()
    out.backward()


# Each mistake made on the student's own tensors: other shapes, other numbers.
PASTED = {
    "view_noncontiguous": lambda: said(lambda: torch.zeros(2, 5, 7).permute(2, 0, 1).view(70)),
    "inplace_broadcast": lambda: said(lambda: torch.zeros(64, 1).add_(torch.ones(10))),
    "backward_twice": lambda: said(_twice),
    "inplace_before_backward": lambda: said(_inplace_relu),
    "backward_under_no_grad": lambda: said(_no_grad),
    "float64_from_numpy": lambda: said(lambda: nn.Linear(5, 2)(torch.from_numpy(np.ones((8, 5))))),
    "bce_on_logits": lambda: said(lambda: nn.BCELoss()(torch.randn(16) * 5, torch.ones(16))),
    "mse_shapes": lambda: said(lambda: nn.MSELoss()(torch.zeros(32, 1), torch.zeros(32))),
    "nll_one_hot_target": lambda: said(
        lambda: nn.NLLLoss()(torch.zeros(8, 10), torch.zeros(8, 10))
    ),
    "kernel_larger_than_input": lambda: said(lambda: nn.Conv2d(3, 8, 7)(torch.zeros(1, 3, 4, 4))),
    "scatter_one_hot": lambda: said(
        lambda: torch.zeros(5, 10).scatter_(1, torch.tensor([1, 2, 3, 4, 5]), 1)
    ),
    # Silent mistakes print no message: the student describes the symptom.
    "pred_minus_target": lambda: "my diff has shape (64, 64) but pred is (64,) and target (64, 1)",
    "mean_without_keepdim": lambda: "x - x.mean(dim=1) normalises along the wrong axis, keepdim?",
    "softmax_before_cross_entropy": lambda: "softmax then CrossEntropyLoss, loss stuck at 0.9",
    "nll_on_probabilities": lambda: "NLLLoss returns a negative loss of -0.73",
    "log_of_softmax": lambda: "torch.log(F.softmax(out, 1)) gives -inf, then nan",
    "zero_grad_forgotten": lambda: "gradients keep growing, I never call zero_grad",
    "uint8_wraps": lambda: "uint8 image: 200 + 100 gives 44, overflow?",
    "sigmoid_then_bce": lambda: "BCELoss of sigmoid output stuck at 100, gradient zero",
    "notes_minibatch_loop": lambda: "my mini-batch loop calls step() once per epoch",
    "eval_forgotten": lambda: "predictions differ every time I run the model, it has dropout",
}


def test_every_mistake_has_a_pasted_message():
    assert set(PASTED) == set(M.BY_KEY)


@pytest.mark.parametrize("key", sorted(PASTED))
def test_a_pasted_message_finds_its_mistake_first(key):
    text = PASTED[key]()
    assert INDEX.rank(text)[0][0] == key, (text, INDEX.rank(text)[:3])


def test_numbers_and_shapes_do_not_matter():
    assert M.normalise("torch.Size([64, 1])") == M.normalise("(3 x 3)") == " shape "
    a = "output with shape [3, 1] doesn't match the broadcast shape [3, 4]"
    b = "output with shape [128, 1, 5] doesn't match the broadcast shape [128, 9, 5]"
    assert M.normalise(a) == M.normalise(b)


HOSTILE = [
    "",
    "   \n\t ",
    "x" * 10_000,
    "nan " * 2_000,
    "NaN inf -inf 1e999 " * 50,
    "# Title\n**bold** [link](http://example.com) ![img](http://example.com/a.png) `code`",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "$\\frac{1}{0}$ :red[alert] \x00\x01\u202e",
    "的" * 5_000,
    "[[[[((((" * 500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_text_gives_a_ranking_or_nothing(text):
    found = INDEX.rank(text)
    assert len(found) <= len(M.CATALOGUE)
    assert all(key in M.BY_KEY and math.isfinite(s) and 0 < s <= 1 + 1e-9 for key, s in found)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_plain_words_match_nothing():
    assert INDEX.rank("the weather is nice today") == []
