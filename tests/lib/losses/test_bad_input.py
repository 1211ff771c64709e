"""Bad input: one sentence, with torch's own message where torch has one; nothing non-finite."""

from __future__ import annotations

import pytest

from lib.common.errors import InputError
from lib.losses import bench, parse_numbers, sample, value


@pytest.mark.parametrize(
    ("name", "pred", "target", "key", "torch_says"),
    [
        ("BCELoss", [0.5], [1.5], "loss_torch", "target should be between 0 and 1"),
        ("CrossEntropyLoss", [[0.0, 0.0, 0.0]], [3], "loss_torch", "Target 3 is out of bounds"),
        ("MSELoss", [[1.0, 2.0]], [[1.0, 2.0, 3.0]], "loss_torch", "must match the size"),
        ("MSELoss", [[1.0], [2.0]], [1.0, 2.0], "loss_broadcast", "likely lead to incorrect"),
        ("MultiMarginLoss", [[0.0, 1.0]], [[0, 1]], "loss_torch", "target tensor should be 1-D"),
        ("PoissonNLLLoss", [0.5], [-1.0], "loss_domain", "does not check"),
        ("HingeEmbeddingLoss", [1.0], [0.5], "loss_domain", "does not check"),
        ("BCEWithLogitsLoss", [0.0], [1.5], "loss_domain", "does not check"),
        ("MSELoss", [float("nan")], [1.0], "loss_nonfinite_input", "nan"),
        ("NLLLoss", [[0.0, 0.0]], [0.5], "loss_not_integer", "whole numbers"),
        ("MSELoss", [[1.0, 2.0], [3.0]], [1.0], "loss_ragged", "expected sequence"),
        ("MarginRankingLoss", [1.0, 2.0, 3.0], [1.0], "loss_stacked", "first size 2"),
    ],
)
def test_bad_input_is_one_sentence_with_torchs_words(name, pred, target, key, torch_says):
    with pytest.raises(InputError) as err:
        value(name, pred, target)
    assert err.value.key == key
    assert torch_says in str(err.value)
    assert "\n" not in str(err.value)


def test_a_loss_that_overflows_is_refused_not_drawn():
    with pytest.raises(InputError) as err:
        value("PoissonNLLLoss", [1000.0], [1.0])
    assert err.value.key == "loss_nonfinite" and "inf" in str(err.value)


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"reduction": "batchmean"}, "loss_reduction"),
        ({"delta": 0.0}, "loss_option_range"),
        ({"delta": float("nan")}, "loss_option_range"),
        ({"beta": 1.0}, "loss_option_unknown"),
    ],
)
def test_options_are_checked_before_torch_runs(options, key):
    with pytest.raises(InputError) as err:
        value("HuberLoss", [1.0], [0.0], **options)
    assert err.value.key == key


def test_unknown_loss_and_typed_text():
    with pytest.raises(InputError):
        value("FocalLoss", [1.0], [0.0])
    assert parse_numbers("[[1, nan], [-inf, 2e3]]", "prediction")[1][1] == 2000.0
    for text in ["__import__('os')", "[1, 'a']", "{}", "[true]", "x" * 10_000, "[" * 50]:
        with pytest.raises(InputError):
            parse_numbers(text, "prediction")
    with pytest.raises(InputError) as err:
        value("MSELoss", [0.0] * 300, [0.0] * 300)
    assert err.value.key == "loss_too_big"


def test_the_bench_bounds_batch_and_seed():
    with pytest.raises(InputError):
        sample("MSELoss", 9, 0)
    with pytest.raises(InputError):
        sample("MSELoss", 2, -1)
    with pytest.raises(InputError):
        bench("KLDivLoss", [[0.0, 0.0]], [[-1.0, 2.0]], {})
