"""One-hot by scatter_, the missing unsqueeze, nn.Embedding against one_hot @ W, memory."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.data import one_hot
from lib.data.encode import decide, embedding, encode_column, memory, missing_unsqueeze


@given(
    st.integers(1, 12).flatmap(
        lambda c: st.tuples(st.just(c), st.lists(st.integers(0, c - 1), min_size=1, max_size=30))
    )
)
def test_scatter_one_hot_equals_torchs_one_hot(case):
    classes, labels = case
    expected = F.one_hot(torch.tensor(labels), classes).float()
    assert torch.equal(one_hot(labels, classes), expected)


@pytest.mark.parametrize("labels,classes", [([0, 3], 3), ([-1], 3), ([], 3), ([0], 0), ([0], 65)])
def test_labels_outside_the_classes_are_one_input_error(labels, classes):
    with pytest.raises(InputError):
        one_hot(labels, classes)


def test_without_unsqueeze_torch_refuses_with_its_own_message():
    assert "same number of dimensions" in missing_unsqueeze([0, 2, 1], 3)


def test_embedding_rows_equal_one_hot_times_w_and_only_looked_up_rows_get_gradient():
    labels, classes, dim, seed = [0, 2, 2, 5], 8, 3, 4
    g = torch.Generator().manual_seed(seed)  # the same draws, checked with numpy
    w = torch.randn(classes, dim, generator=g, dtype=torch.float64).numpy()
    upstream = torch.randn(len(labels), dim, generator=g, dtype=torch.float64).numpy()
    e = embedding(labels, classes, dim, seed)
    np.testing.assert_allclose(e.lookup, w[labels])
    np.testing.assert_allclose(e.matmul, np.eye(classes)[labels] @ w)
    grad = np.zeros_like(w)
    np.add.at(grad, labels, upstream)
    np.testing.assert_allclose(e.grad_rows, np.linalg.norm(grad, axis=1))
    np.testing.assert_allclose(e.matmul_grad_rows, np.linalg.norm(grad, axis=1))
    assert e.touched == [0, 2, 5]


def test_memory_is_rows_times_vocabulary_for_one_hot_and_vocabulary_times_size_for_a_table():
    for v, hot, table in memory(64, 4):
        assert hot == 64 * v * 4 and table == v * 4 * 4 + 64 * 8


def test_the_decision_flow_follows_the_notes():
    assert decide("continuous", False)[-1] == "use the value"
    assert decide("ordinal", True)[-1] == "use the value"
    assert decide("ordinal", False)[-1] == "one-hot or embedding"
    assert decide("categorical", True)[-1] == "one-hot or embedding"
    assert encode_column("colour", False).shape == (6, 3)
    assert encode_column("quality", True).shape == (6, 1)
