"""The labs around the graph: recording switched off, the in-place trap, one SGD step, the code
panel — each checked against torch used directly, or a closed form."""

import contextlib
import io

import numpy as np
import pytest
import torch

from lib.autograd import gradients, parse
from lib.autograd.accumulate import second_call
from lib.autograd.code import snippet, torch_code
from lib.autograd.modes import inplace_trap, readbacks
from lib.autograd.presets import PRESETS
from lib.autograd.quiz import two_calls
from lib.autograd.update import loop, sgd_step
from lib.autograd.values import parse_values

NEURON = PRESETS["neuron"]


def neuron():
    return parse(NEURON.expression), parse_values(NEURON.values), NEURON.requires_grad


def test_no_grad_and_friends_record_nothing_and_backward_says_so():
    rows = {r.mode: r for r in readbacks(*neuron())}
    assert rows["grad"].grad_fn == "PowBackward0" and rows["grad"].backward_error is None
    w = torch.tensor(1.0, requires_grad=True)
    try:
        (w.detach() * 2).backward()
    except RuntimeError as err:
        torch_words = str(err)
    for mode in ("no_grad", "inference_mode", "detach", "requires_grad_false"):
        r = rows[mode]
        assert (r.requires_grad, r.grad_fn, r.is_leaf) == (False, None, True)
        assert r.backward_error == torch_words
    assert rows["inference_mode"].is_inference and not rows["no_grad"].is_inference


def test_changing_a_saved_tensor_in_place_breaks_backward_with_torch_s_words():
    trap = inplace_trap(*neuron())
    assert trap.made_by == "SigmoidBackward0"  # sigmoid saves its output
    assert "modified by an inplace operation" in trap.error


def test_a_graph_that_saved_nothing_survives_the_in_place_change():
    trap = inplace_trap(parse("w + b"), {"w": 1.0, "b": 2.0})
    assert trap.error is None


def test_a_second_backward_through_a_freed_graph_is_refused():
    call = second_call(*neuron())
    assert call.error.startswith("Trying to backward through the graph a second time")
    assert call.twice_retained["w"] == pytest.approx([2 * g for g in call.once["w"]])
    assert second_call(parse("w + b"), {"w": 1.0, "b": 2.0}).error is None


def test_one_sgd_step_is_w_minus_lr_times_grad():
    expr, values, wanted = neuron()
    lr = 0.3
    step = sgd_step(expr, values, lr, wanted)
    w, x, b, y = (np.array(values[n], dtype=float) for n in ("w", "x", "b", "y"))
    s = 1 / (1 + np.exp(-(w @ x + b)))
    dz = 2 * (s - y) * s * (1 - s)
    assert step.by_sgd["w"] == pytest.approx(tuple(w - lr * dz * x), rel=1e-12)
    assert step.by_sgd["b"] == pytest.approx((b - lr * dz,), rel=1e-12)
    assert step.add_same  # SGD's own update is add_(grad, alpha=-lr)
    assert step.loss_after < step.loss_before


def test_the_loop_zeroes_then_fills_then_steps():
    expr, values, wanted = neuron()
    moments = loop(expr, values, 0.1, wanted)
    assert [m.line for m in moments] == [0, 1, 2, 3] * 2
    assert moments[0].grads["w"] is None and moments[2].grads["w"] is not None
    assert moments[3].params["w"] != moments[2].params["w"]
    assert moments[4].grads["w"] is None  # zero_grad() sets .grad to None by default


def test_the_quiz_answer_is_twice_the_single_gradient():
    quiz = two_calls(*neuron())
    single = gradients(NEURON.expression, parse_values(NEURON.values), NEURON.requires_grad)
    j = int(quiz.index.strip("[]") or 0)
    assert quiz.answer == f"{2 * single[quiz.leaf][j]:.4g}"
    assert len(quiz.options) >= 3 and quiz.answer in quiz.options


def test_the_quiz_keeps_three_options_when_nothing_requires_grad():
    quiz = two_calls(parse("w * x"), {"w": 1.0, "x": 2.0}, [])
    assert quiz.answer == "None" and quiz.why == "check_why_none"
    assert len(quiz.options) == 3


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_code_panel_prints_the_page_s_gradients(name):
    p = PRESETS[name]
    expr, values = parse(p.expression), parse_values(p.values)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet(expr, values, p.requires_grad, 3), {})  # noqa: S102 (our own generated code)
    printed = {
        line.split()[0]: line.split(" ", 1)[1]
        for line in out.getvalue().splitlines()
        if line.split()[0].endswith(".grad")
    }
    for leaf, g in gradients(p.expression, values, p.requires_grad).items():
        shown = printed[f"{leaf}.grad"]
        assert np.ravel(eval(shown)).tolist() == pytest.approx(g)  # noqa: S307 (a printed list)


@pytest.mark.parametrize(
    "text", ["-w ** 2", "(-w) ** 2", "w - (x - b)", "w ** x ** b", "2 - 3 * w", "exp(2) * w"]
)
def test_torch_code_keeps_python_s_grouping(text):
    values = {"w": 0.7, "x": 1.3, "b": 0.4}
    used = {n: v for n, v in values.items() if n in parse(text).leaves}
    leaves = {n: torch.tensor(v, dtype=torch.float64) for n, v in used.items()}
    code = torch_code(parse(text).tree)
    mine = eval(code, {"torch": torch}, leaves)  # noqa: S307 (code written by torch_code)
    env = {"exp": np.exp}
    reference = eval(text, {"__builtins__": {}}, env | used)  # noqa: S307 (the test's own text)
    assert float(mine) == pytest.approx(reference)
