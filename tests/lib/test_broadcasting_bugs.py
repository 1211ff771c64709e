"""The silent-bug gallery and the quiz: every number re-derived by running the shown code."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.broadcasting.bugs import MAX_N, MIN_N, gallery, loss_broadcast, wrong_axis
from lib.broadcasting.quiz import ERROR, question
from lib.common.errors import InputError


def run_shown_code(setup: str, code: str) -> dict:
    scope: dict = {}
    exec("import torch\nimport torch.nn.functional as F\n" + setup + "\n" + code, scope)  # noqa: S102
    return scope


@pytest.mark.parametrize("n", [MIN_N, 4, MAX_N])
def test_every_bug_runs_silently_and_only_the_right_line_has_the_intended_shape(n):
    for bug in gallery(n, seed=3):
        assert bug.wrong.shape != bug.right.shape
        assert bug.wrong.numbers != bug.right.numbers
        if bug.key != "wrong_axis":
            assert bug.wrong.shape == (n, n) and bug.right.shape == (n,)


@pytest.mark.filterwarnings("ignore:Using a target size")  # the warning the page shows
@pytest.mark.parametrize("seed", [0, 7])
def test_the_numbers_shown_are_what_the_shown_code_prints(seed):
    for bug in gallery(5, seed):
        for outcome in (bug.wrong, bug.right):
            scope = run_shown_code(bug.setup, outcome.code.replace("print(", "shown = ("))
            value = scope.get("loss", scope.get("shown"))
            assert torch.allclose(value, torch.tensor(outcome.numbers), atol=1e-4)


def test_pred_minus_target_compares_every_prediction_with_every_target():
    bug = gallery(4, 0)[0]
    diff = bug.wrong.tensor
    assert torch.allclose(torch.diagonal(diff), bug.right.tensor)  # the diagonal was meant


def test_centring_rows_without_keepdim_leaves_the_rows_uncentred():
    bug = wrong_axis(6, 1)
    assert max(abs(v) for v in bug.right.numbers) < 1e-4
    assert max(abs(v) for v in bug.wrong.numbers) > 0.1
    assert bug.wrong.shape == (6,) and bug.right.shape == (6, 1)
    assert "must match the size" in bug.loud  # a non-square x fails loudly


def test_mse_loss_only_warns_about_the_broadcast():
    bug = loss_broadcast(4, 0)
    assert "broadcasting" in bug.wrong.warning and bug.right.warning is None
    assert bug.wrong.numbers == gallery(4, 0)[0].wrong.numbers  # the same bug as pred - target


def test_rows_outside_the_range_are_a_sentence():
    with pytest.raises(InputError, match="rows"):
        gallery(MAX_N + 1)


@settings(max_examples=50)
@given(st.integers(0, 10**6))
def test_every_question_has_four_options_and_torchs_answer_among_them(number):
    q = question(number)
    assert len(set(q.options)) == 4 and q.answer in q.options
    try:
        expected = str(tuple(torch.broadcast_shapes(*q.shapes)))
    except RuntimeError:
        expected = ERROR
    assert q.answer == expected
    assert q == question(number)  # the same number always asks the same question


def test_some_questions_cannot_be_broadcast():
    answers = [question(k).answer for k in range(60)]
    errors = answers.count(ERROR)
    assert 0.1 < errors / len(answers) < 0.6
    assert math.prod(len(question(k).shapes) for k in range(5)) == 2**5
