"""lib.losses.value against closed forms written independently in numpy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.losses import LOSSES, value

FEW = settings(max_examples=15)
real = st.floats(-6, 6, allow_nan=False, width=32)
prob = st.floats(0.01, 0.99)
sign = st.sampled_from([-1.0, 1.0])


def rows(elem, n=3, k=2):
    return st.lists(st.lists(elem, min_size=k, max_size=k), min_size=1, max_size=n)


def same_shape(elem_a, elem_b, k=2):
    """Two (N, k) lists with the same N."""
    return st.integers(1, 3).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(elem_a, min_size=k, max_size=k), min_size=n, max_size=n),
            st.lists(st.lists(elem_b, min_size=k, max_size=k), min_size=n, max_size=n),
        )
    )


def close(a, b):
    assert a == pytest.approx(float(b), rel=1e-9, abs=1e-9)


def softplus(x):  # log(1 + exp(x)) written with log1p / exp, stable for x > 0 too
    return np.where(x > 0, x + np.log1p(np.exp(-np.abs(x))), np.log1p(np.exp(x)))


def test_the_catalogue_covers_every_loss_the_issue_lists():
    listed = """MSELoss L1Loss SmoothL1Loss HuberLoss BCELoss BCEWithLogitsLoss CrossEntropyLoss
    NLLLoss PoissonNLLLoss KLDivLoss MarginRankingLoss HingeEmbeddingLoss MultiMarginLoss
    MultiLabelMarginLoss TripletMarginLoss CosineEmbeddingLoss SoftMarginLoss
    MultiLabelSoftMarginLoss""".split()
    assert sorted(LOSSES) == sorted(listed)
    for name, spec in LOSSES.items():
        assert spec.use_for.startswith("use_") and spec.input_shape and spec.target_shape
        for o in spec.options:  # every option is a real keyword of the torch module
            assert o.name in spec.module.__init__.__code__.co_varnames, (name, o.name)


@FEW
@given(same_shape(real, real))
def test_mse_and_l1_are_the_mean_squared_and_absolute_error(xy):
    x, y = map(np.array, xy)
    close(value("MSELoss", xy[0], xy[1]), np.mean((x - y) ** 2))
    close(value("L1Loss", xy[0], xy[1]), np.mean(np.abs(x - y)))
    close(value("MSELoss", xy[0], xy[1], reduction="sum"), np.sum((x - y) ** 2))


@FEW
@given(same_shape(real, real), st.floats(0.1, 5))
def test_smooth_l1_and_huber_are_quadratic_inside_and_linear_outside(xy, k):
    x, y = map(np.array, xy)
    d = np.abs(x - y)
    smooth = np.where(d < k, 0.5 * d**2 / k, d - 0.5 * k)
    huber = np.where(d <= k, 0.5 * d**2, k * (d - 0.5 * k))
    close(value("SmoothL1Loss", xy[0], xy[1], beta=k), smooth.mean())
    close(value("HuberLoss", xy[0], xy[1], delta=k), huber.mean())
    # beta = 0 is L1, and Huber = beta * SmoothL1 for the same threshold
    close(value("SmoothL1Loss", xy[0], xy[1], beta=0.0), d.mean())


@FEW
@given(same_shape(prob, st.sampled_from([0.0, 1.0])), st.floats(0.1, 10))
def test_bce_and_bce_with_logits(xy, pw):
    p, y = map(np.array, xy)
    close(value("BCELoss", xy[0], xy[1]), np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    z = np.log(p / (1 - p))
    manual = pw * y * softplus(-z) + (1 - y) * softplus(z)
    close(value("BCEWithLogitsLoss", z.tolist(), xy[1], pos_weight=pw), manual.mean())


def test_bce_clamps_its_log_at_minus_100():
    assert value("BCELoss", [0.0], [1.0]) == 100.0


@FEW
@given(same_shape(real, st.integers(0, 6)), st.booleans())
def test_poisson_nll_with_log_input_and_the_stirling_term(xy, full):
    x, y = np.array(xy[0]), np.array(xy[1], dtype=float)
    loss = np.exp(x) - y * x
    if full:
        safe = np.where(y > 1, y, 1.0)
        loss = loss + np.where(
            y > 1, safe * np.log(safe) - safe + 0.5 * np.log(2 * np.pi * safe), 0
        )
    close(value("PoissonNLLLoss", xy[0], xy[1], full=full), loss.mean())


def test_poisson_nll_with_rates():
    x, y = np.array([0.5, 2.0]), np.array([1.0, 3.0])
    close(
        value("PoissonNLLLoss", x.tolist(), y.tolist(), log_input=False),
        np.mean(x - y * np.log(x + 1e-8)),
    )


@FEW
@given(
    st.lists(st.floats(-3, 3), min_size=3, max_size=3),
    st.lists(st.floats(-3, 3), min_size=3, max_size=3),
)
def test_kl_div_batchmean_is_the_kl_divergence(a, b):
    logq = np.array(a) - np.log(np.exp(a).sum())
    p = np.exp(b) / np.exp(b).sum()
    kl = np.sum(p * (np.log(p) - logq))
    close(value("KLDivLoss", [logq.tolist()], [p.tolist()], reduction="batchmean"), kl)
    close(value("KLDivLoss", [logq.tolist()], [p.tolist()], reduction="mean"), kl / 3)
    logp = np.log(p)
    close(
        value("KLDivLoss", [logq.tolist()], [logp.tolist()], reduction="sum", log_target=True), kl
    )


@FEW
@given(st.lists(st.tuples(real, real, sign), min_size=1, max_size=4), st.floats(0, 5))
def test_margin_ranking(rows_, m):
    x1, x2, t = map(np.array, zip(*rows_, strict=True))
    manual = np.maximum(0, -t * (x1 - x2) + m)
    close(
        value("MarginRankingLoss", [x1.tolist(), x2.tolist()], t.tolist(), margin=m), manual.mean()
    )


@FEW
@given(same_shape(st.floats(0, 6), sign), st.floats(0, 5))
def test_hinge_embedding(xy, m):
    x, t = map(np.array, xy)
    manual = np.where(t == 1, x, np.maximum(0, m - x))
    close(value("HingeEmbeddingLoss", xy[0], xy[1], margin=m), manual.mean())


@FEW
@given(same_shape(real, sign))
def test_soft_margin_is_log_one_plus_exp(xy):
    x, t = map(np.array, xy)
    close(value("SoftMarginLoss", xy[0], xy[1]), np.mean(np.log1p(np.exp(-t * x))))


@FEW
@given(
    st.lists(st.tuples(real, real, real, real, sign), min_size=1, max_size=4),
    st.floats(-1, 1),
)
def test_cosine_embedding(rows_, m):
    a = np.array([r[:2] for r in rows_])
    b = np.array([r[2:4] for r in rows_])
    t = np.array([r[4] for r in rows_])
    if (np.linalg.norm(a, axis=1) < 1e-3).any() or (np.linalg.norm(b, axis=1) < 1e-3).any():
        return  # torch clamps tiny norms with its own eps; not what this test is about
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    manual = np.where(t == 1, 1 - cos, np.maximum(0, cos - m))
    got = value("CosineEmbeddingLoss", [a.tolist(), b.tolist()], t.tolist(), margin=m)
    assert got == pytest.approx(manual.mean(), rel=1e-6, abs=1e-6)


@FEW
@given(
    st.lists(st.lists(real, min_size=6, max_size=6), min_size=1, max_size=3),
    st.sampled_from([1.0, 1.5, 2.0, 3.0]),
    st.floats(0.1, 5),
    st.booleans(),
)
def test_triplet_with_p_norms_and_swap(rows_, p, m, swap):
    r = np.array(rows_)
    a, pos, neg = r[:, 0:2], r[:, 2:4], r[:, 4:6]

    def dist(u, v):  # torch's pairwise_distance adds eps = 1e-6 to the difference
        return np.sum(np.abs(u - v + 1e-6) ** p, axis=1) ** (1 / p)

    d_an = np.minimum(dist(a, neg), dist(pos, neg)) if swap else dist(a, neg)
    manual = np.maximum(dist(a, pos) - d_an + m, 0)
    got = value(
        "TripletMarginLoss", a.tolist(), [pos.tolist(), neg.tolist()], margin=m, p=p, swap=swap
    )
    assert got == pytest.approx(manual.mean(), rel=1e-7, abs=1e-7)


@FEW
@given(
    st.lists(
        st.tuples(st.lists(real, min_size=3, max_size=3), st.integers(0, 2)), min_size=1, max_size=4
    ),
    st.sampled_from([1, 2]),
    st.floats(0, 5),
)
def test_multi_margin(rows_, p, m):
    losses = []
    for x, y in rows_:
        x = np.array(x)
        terms = [max(0.0, m - x[y] + x[i]) ** p for i in range(3) if i != y]
        losses.append(sum(terms) / 3)
    got = value("MultiMarginLoss", [r[0] for r in rows_], [r[1] for r in rows_], p=p, margin=m)
    close(got, np.mean(losses))


@FEW
@given(
    st.lists(
        st.tuples(
            st.lists(real, min_size=3, max_size=3), st.permutations([0, 1, 2]), st.integers(1, 3)
        ),
        min_size=1,
        max_size=3,
    )
)
def test_multilabel_margin_reads_labels_up_to_the_first_minus_one(rows_):
    losses, targets = [], []
    for x, order, k in rows_:
        x, labels = np.array(x), list(order[:k])
        others = [i for i in range(3) if i not in labels]
        losses.append(sum(max(0.0, 1 - (x[j] - x[i])) for j in labels for i in others) / 3)
        targets.append(labels + [-1] * (3 - k))
    close(value("MultiLabelMarginLoss", [r[0] for r in rows_], targets), np.mean(losses))


@FEW
@given(same_shape(real, st.sampled_from([0.0, 1.0]), k=3))
def test_multilabel_soft_margin(xy):
    x, y = map(np.array, xy)
    per = np.mean(y * softplus(-x) + (1 - y) * softplus(x), axis=1)
    close(value("MultiLabelSoftMarginLoss", xy[0], xy[1]), per.mean())


@FEW
@given(
    st.lists(
        st.tuples(st.lists(real, min_size=3, max_size=3), st.integers(0, 2)), min_size=1, max_size=4
    ),
    st.floats(0, 1),
)
def test_cross_entropy_and_nll_with_label_smoothing(rows_, eps):
    z = np.array([r[0] for r in rows_])
    y = np.array([r[1] for r in rows_])
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    nll = -logp[np.arange(len(y)), y]
    smooth = (1 - eps) * nll + eps * (-logp.mean(1))
    close(value("CrossEntropyLoss", z.tolist(), y.tolist(), label_smoothing=eps), smooth.mean())
    close(value("NLLLoss", logp.tolist(), y.tolist()), nll.mean())
    probs = np.eye(3)[y]  # a float (N, C) target is read as probabilities
    close(value("CrossEntropyLoss", z.tolist(), probs.tolist()), nll.mean())


def test_reduction_none_returns_torch_shaped_lists():
    assert value("L1Loss", [[1.0, 2.0]], [[0.0, 0.0]], reduction="none") == [[1.0, 2.0]]
