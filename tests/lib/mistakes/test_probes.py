"""Each mistake of the gallery does what torch really does: the shown code, run as written, says
and prints what the probe reports, and the silent wrong numbers match their closed forms."""

from __future__ import annotations

import ast
import math
import warnings

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from lib import mistakes as M

NAMESPACE = {"torch": torch, "nn": nn, "np": np, "DataLoader": DataLoader}
NAMESPACE["TensorDataset"] = TensorDataset


def run(code: str, scope: dict):
    """Run `code` like a REPL cell: the value of its last line, if that line is an expression."""
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
    exec(compile(body, "<mistake>", "exec"), scope)
    return eval(compile(ast.Expression(last.value), "<mistake>", "eval"), scope) if last else None


def cell(m: M.Mistake, part: str):
    """(value, warnings) of the mistake's setup then `part` ('wrong' or 'fix')."""
    scope = dict(NAMESPACE)
    run(m.setup, scope)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = run(getattr(m, part), scope)
    return value, [w.message for w in caught]


OUTCOMES = {m.key: m.probe() for m in M.CATALOGUE}
RANDOM = {"eval_forgotten"}  # dropout masks come from torch's global generator


@pytest.mark.parametrize("m", M.CATALOGUE, ids=lambda m: m.key)
def test_the_shown_mistake_says_what_the_probe_reports(m):
    o = OUTCOMES[m.key]
    if o.kind == "error":
        with pytest.raises((RuntimeError, ValueError, IndexError)) as err:
            cell(m, "wrong")
        name, words = o.said.split(": ", 1)
        assert type(err.value).__name__ == name
        assert " ".join(str(err.value).split()) == words
        return
    value, said = cell(m, "wrong")
    if o.kind == "warning":
        assert said and f"{type(said[0]).__name__}: {said[0]}" == o.said
    else:
        assert not said and o.said is None
    if m.key not in RANDOM:
        assert repr(value) == o.printed


@pytest.mark.parametrize("m", M.CATALOGUE, ids=lambda m: m.key)
def test_the_shown_fix_runs_and_prints_what_the_probe_reports(m):
    value, said = cell(m, "fix")
    assert not said
    assert repr(value) == OUTCOMES[m.key].fixed


def test_pred_minus_target_averages_every_pair():
    pred, target = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 2.0, 2.5, 4.0])
    every_pair = ((pred[None, :] - target[:, None]) ** 2).mean()
    o = OUTCOMES["pred_minus_target"]
    assert o.wrong == pytest.approx(every_pair, abs=1e-4)
    assert o.right == pytest.approx(((pred - target) ** 2).mean(), abs=1e-4)


def test_mean_without_keepdim_takes_row_means_off_columns():
    rows = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [4.0, 5.0, 6.0]]).mean(1)
    # row i of x − m (m on the columns) averages to m_i − mean(m)
    assert OUTCOMES["mean_without_keepdim"].wrong == pytest.approx(max(abs(rows - rows.mean())))
    assert OUTCOMES["mean_without_keepdim"].right == 0


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_softmax_twice_is_cross_entropy_of_the_probabilities():
    p = _softmax(np.array([4.0, 1.0, -2.0]))
    assert OUTCOMES["softmax_before_cross_entropy"].wrong == pytest.approx(
        -p[0] + np.log(np.exp(p).sum()), abs=1e-4
    )
    assert OUTCOMES["softmax_before_cross_entropy"].right == pytest.approx(-np.log(p[0]), abs=1e-4)


def test_nll_on_probabilities_is_minus_the_probability():
    p = _softmax(np.array([4.0, 1.0, -2.0]))
    assert OUTCOMES["nll_on_probabilities"].wrong == pytest.approx(-p[0], abs=1e-4)
    assert OUTCOMES["nll_on_probabilities"].wrong < 0


def test_log_of_softmax_underflows_where_float32_ends():
    lse = math.log(1 + math.exp(-20) + math.exp(-120))
    assert math.exp(-120 - lse) < np.finfo(np.float32).smallest_subnormal  # rounds to 0
    assert OUTCOMES["log_of_softmax"].wrong == -math.inf
    assert OUTCOMES["log_of_softmax"].right == pytest.approx(-120 - lse, abs=1e-3)


def test_a_forgotten_zero_grad_adds_the_gradients():
    w, x, y = 1.0, 3.0, 6.0
    once = 2 * x * (w * x - y)  # d/dw (wx − y)²
    assert OUTCOMES["zero_grad_forgotten"].wrong == 3 * once
    assert OUTCOMES["zero_grad_forgotten"].right == once


def test_uint8_wraps_modulo_256():
    assert OUTCOMES["uint8_wraps"].wrong == (250 + 10) % 256
    assert OUTCOMES["uint8_wraps"].right == 260


def test_sigmoid_then_bce_loses_the_gradient():
    assert np.float32(1 / (1 + math.exp(-100))) == 1.0  # float32 rounds sigmoid(100) to 1
    assert OUTCOMES["sigmoid_then_bce"].wrong == 0
    assert OUTCOMES["sigmoid_then_bce"].right == pytest.approx(1.0)  # sigmoid(z) − y


def test_mse_on_two_shapes_averages_every_pair():
    y = np.array([1.0, 2.0, 3.0])
    assert OUTCOMES["mse_shapes"].wrong == pytest.approx(((y[:, None] - y) ** 2).mean(), abs=1e-4)
    assert OUTCOMES["mse_shapes"].right == 0
    assert "(torch.Size([3]))" in OUTCOMES["mse_shapes"].said


def test_the_notes_loop_takes_one_summed_step_per_epoch():
    x = np.arange(8) / 8
    # per batch of 2 at w: d/dw mean((w x − 2x)²) = 2 (w − 2) mean(x²); lr = 1
    notes = -sum(2 * (0 - 2) * (x[i : i + 2] ** 2).mean() for i in range(0, 8, 2))
    w = 0.0
    for i in range(0, 8, 2):
        w -= 2 * (w - 2) * (x[i : i + 2] ** 2).mean()
    assert OUTCOMES["notes_minibatch_loop"].wrong == pytest.approx(notes, abs=1e-4)
    assert OUTCOMES["notes_minibatch_loop"].right == pytest.approx(w, abs=1e-4)
    assert abs(w - 2) < abs(notes - 2)  # the per-batch loop ends nearer the true slope 2


def test_dropout_left_on_answers_a_random_even_number():
    o = M.BY_KEY["eval_forgotten"].probe()
    train, kept = ast.literal_eval(o.printed), ast.literal_eval(o.fixed)
    assert kept == [64.0, 64.0, 64.0]  # eval(): 64 ones times weight 1
    assert all(v % 2 == 0 and 0 <= v <= 128 for v in train)  # 2 × (inputs dropout kept)
