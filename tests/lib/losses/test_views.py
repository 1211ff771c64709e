"""The page's views: curve, reductions bench, target formats, traps, code panel, quiz."""

from __future__ import annotations

import contextlib
import io
import math
import warnings

import numpy as np
import pytest
import torch

from lib.losses import (
    FORMAT_LOSSES,
    LOSSES,
    NAMES,
    bench,
    bench_snippet,
    broadcast_trap,
    curve,
    curve_snippet,
    formats,
    formats_snippet,
    growth,
    kl_trap,
    logits_sweep,
    logits_trap,
    point,
    quiz_answer,
    sample,
    sum_trap,
    trap_snippet,
)


def test_the_mse_curve_and_its_gradient_are_the_closed_forms():
    c = curve("MSELoss", 1.0, 1, {})
    x = np.array(c.x)
    np.testing.assert_allclose(c.loss, (x - 1) ** 2)
    np.testing.assert_allclose(c.grad, 2 * (x - 1))
    assert (min(c.x), max(c.x)) == LOSSES["MSELoss"].sweep


def test_the_huber_curve_is_linear_beyond_delta():
    c = curve("HuberLoss", 0.0, 1, {"delta": 0.5})
    far = [g for x, g in zip(c.x, c.grad, strict=True) if abs(x) > 0.5]
    assert set(np.round(np.abs(far), 12)) == {0.5}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("label", [1, -1])
def test_every_curve_is_finite_and_its_point_is_on_it(name, label):
    c = curve(name, 1.0, label, {})
    assert all(map(math.isfinite, c.loss + c.grad)) and len(c.x) == len(c.loss) > 100
    lo, hi = LOSSES[name].sweep
    x0 = c.x[len(c.x) // 3]
    p = point(name, x0, 1.0, label, {})
    assert p.loss == pytest.approx(c.loss[len(c.x) // 3]) and p.grad == pytest.approx(
        c.grad[len(c.x) // 3]
    )
    v_lo, v_hi = LOSSES[name].valid
    if v_hi < hi + 1:
        assert point(name, hi + 1, 1.0, label, {}).loss is None


def test_points_where_torch_gives_nan_are_dropped():
    c = curve("PoissonNLLLoss", 1.0, 1, {"log_input": False})  # log of a negative rate
    assert c.dropped > 0 and min(c.x) > -1e-9


def test_curve_snippet_prints_the_points_numbers():
    names = ("HuberLoss", "CrossEntropyLoss", "TripletMarginLoss")
    options = {"HuberLoss": {"delta": 2.0}, "TripletMarginLoss": {"p": 1.5}}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(curve_snippet(names, 0.7, -0.5, -1, options), {})
    printed = [line.split() for line in out.getvalue().splitlines()]
    for (name, loss, grad), expected in zip(printed, names, strict=True):
        p = point(expected, 0.7, -0.5, -1, options.get(expected, {}))
        assert name.strip("'") == expected
        assert float(loss) == pytest.approx(p.loss) and float(grad) == pytest.approx(p.grad)


@pytest.mark.parametrize("name", NAMES)
def test_bench_divisor_is_what_mean_divides_by(name):
    pred, target = sample(name, 3, seed=1)
    b = bench(name, pred, target, {})
    none = torch.tensor(b.per_element, dtype=torch.float64)
    assert b.reduced["sum"] == pytest.approx(none.sum().item())
    if b.reduced["mean"]:
        assert b.divisor == pytest.approx(none.numel())
    if name == "KLDivLoss":
        assert b.reduced["batchmean"] == pytest.approx(none.sum().item() / 3)
        assert any("batchmean" in w for w in b.warnings)  # torch's own warning about 'mean'
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(bench_snippet(name, pred, target, {}), {})
    if b.reduced["mean"]:
        assert f"sum / mean = {b.divisor}" in out.getvalue() or math.isclose(
            float(out.getvalue().rsplit("=", 1)[1]), b.divisor
        )


def test_target_formats_cross_entropy_reads_floats_as_probabilities():
    f = formats()
    ce = {fmt: f.cell("CrossEntropyLoss", fmt) for fmt in f.targets}
    assert ce["indices"].value == pytest.approx(ce["one_hot"].value)
    assert ce["probabilities"].value > ce["indices"].value
    assert "Long" in ce["padded"].error
    assert f.cell("MultiLabelMarginLoss", "padded").value is not None
    assert f.cell("NLLLoss", "one_hot").error and f.cell("NLLLoss", "indices").value


def test_bce_of_sigmoid_clamps_and_loses_its_gradient_at_large_logits():
    r = logits_trap(100.0, 0.0)
    assert r.bce == 100.0 and r.bce_grad == 0.0
    assert r.logits == pytest.approx(100.0) and r.logits_grad == pytest.approx(1.0)
    r = logits_trap(30.0, 0.0)
    assert r.bce == 100.0 and r.logits == pytest.approx(30.0, rel=1e-6)
    sweep = logits_sweep(0.0)
    assert max(sweep["bce"]) == 100.0 and max(sweep["logits"]) == pytest.approx(100.0)


def test_kl_with_probabilities_is_not_the_divergence():
    r = kl_trap(0.6)
    p, q = np.array(r.p), np.array(r.q)
    assert r.right == pytest.approx(np.sum(p * np.log(p / q)))
    assert r.wrong == pytest.approx(np.sum(p * (np.log(p) - q)))
    assert r.wrong < 0


def test_mse_broadcast_compares_every_prediction_with_every_target():
    r = broadcast_trap(5)
    assert r.shape == (5, 5) and "broadcasting" in r.warning
    assert r.same == pytest.approx(0.01) and r.broadcast > r.same


def test_sum_makes_the_gradient_grow_with_the_batch():
    r = sum_trap()
    for n, m, s in zip(r.sizes, r.mean, r.sum, strict=True):
        assert s == pytest.approx(n * m)


def test_quiz_is_decided_by_equal_increments():
    rows = {g.name: g for g in growth(1.0)}
    assert rows["HuberLoss"].losses == pytest.approx((9.5, 19.5, 29.5))
    assert rows["MSELoss"].losses == pytest.approx((100, 400, 900))
    assert not rows["PoissonNLLLoss"].linear
    assert quiz_answer(5.0) == "HuberLoss"


def _printed(code: str) -> list[list[str]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(code, {})
    return [line.split(" ", 2) for line in out.getvalue().splitlines()]


def test_formats_snippet_prints_the_table():
    f = formats()
    printed = _printed(formats_snippet(f.logits, f.targets, FORMAT_LOSSES))
    assert len(printed) == len(f.cells)
    for (loss, fmt, said), cell in zip(printed, f.cells, strict=True):
        assert (loss, fmt) == (cell.loss, cell.format)
        assert said == f"error: {cell.error}" if cell.error else float(said) == cell.value


def test_trap_snippets_print_the_traps_numbers():
    r = logits_trap(30.0, 0.0)
    bce, exact = _printed(trap_snippet(0, z=30.0, label=0.0))
    assert float(bce[1]) == r.bce and float(exact[1]) == r.logits
    assert float(bce[2].split()[1]) == r.bce_grad and float(exact[2].split()[1]) == r.logits_grad
    kl = kl_trap(0.3)
    right, wrong, ref = _printed(trap_snippet(1, share=0.3))
    assert float(right[1]) == kl.right and float(wrong[1]) == kl.wrong
    bc = broadcast_trap(6)
    broad, same = _printed(trap_snippet(2, n=6))
    assert float(broad[1]) == bc.broadcast and float(same[2]) == bc.same
    s = sum_trap()
    rows = _printed(trap_snippet(3))
    assert [float(g) for _, red, g in rows if red == "sum"] == list(s.sum)
