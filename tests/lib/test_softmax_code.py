"""The code panel reproduces the page's numbers, and every sentence gets the numbers it names."""

from __future__ import annotations

import contextlib
import io
import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.softmax import facts
from lib.softmax import formulas as sm
from lib.softmax.code import snippet
from lib.softmax.losses import LossOptions, bench
from lib.softmax.parse import DTYPES
from ui.text import strings


def run(code: str) -> dict:
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, namespace)  # the panel's code, built by lib from parsed values only
    return namespace


def same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.dtype == b.dtype and bool(((a == b) | (a.isnan() & b.isnan())).all())


@settings(max_examples=12)
@given(
    z=st.lists(
        st.floats(-120, 120) | st.sampled_from([math.inf, -math.inf, math.nan]),
        min_size=2,
        max_size=6,
    ),
    T=st.sampled_from([0.05, 1.0, 3.0]),
    name=st.sampled_from(list(DTYPES)),
    data=st.data(),
)
def test_the_code_panel_reproduces_every_number_on_the_page(z, T, name, data):
    y = data.draw(st.integers(0, len(z) - 1))
    options = LossOptions(
        weight=data.draw(st.none() | st.just(tuple(float(i + 1) for i in range(len(z))))),
        ignore_index=data.draw(st.sampled_from([-100, 0])),
        label_smoothing=data.draw(st.sampled_from([0.0, 0.1])),
        reduction=data.draw(st.sampled_from(["mean", "sum", "none"])),
    )
    batch, seed, shift, factor = data.draw(st.integers(1, 8)), 3, 7.5, 0.5
    ns = run(
        snippet(z, T, name, y, batch=batch, seed=seed, options=options, shift=shift, factor=factor)
    )
    r = sm.compare(z, T, DTYPES[name])
    inv = sm.invariance(r, shift, factor)
    b = bench(r.scaled, y, batch, seed, options)
    g = sm.gradient(r, y, options.label_smoothing)
    pairs = [
        (ns["u"], r.scaled),
        (ns["naive"], r.naive_softmax),
        (ns["naive_log"], r.naive_log_softmax),
        (ns["p"], r.softmax),
        (ns["log_p"], r.log_softmax),
        (ns["lse"], r.logsumexp),
        (ns["shifted"], inv.shifted),
        (ns["scaled"], inv.scaled),
        (ns["ce_value"], b.cross_entropy),
        (ns["nll_value"], b.nll_of_log_softmax),
        (ns["double_softmax"], b.double_softmax),
        (ns["nll_on_probs"], b.nll_on_probabilities),
        (ns["v"].grad, g.autograd),
        (ns["q"], g.target),
        (ns["Z"], b.logits),
        (ns["Y"], b.targets),
    ]
    for got, expected in pairs:
        assert same(got, expected)
    assert same(ns["nll"], -r.log_softmax[y])


def test_the_check_asks_about_another_dtype_and_torch_decides_the_answer():
    outcome, (key, why) = facts.check((100.0, 99.0), 1.0, "float32")  # asks about float16
    assert key == "check_why" and why["dtype"] == "float16" and outcome == "overflow"
    assert torch.isinf(torch.exp(torch.tensor(100.0, dtype=torch.float16)))  # torch agrees
    outcome, (_, why) = facts.check((100.0, 99.0), 1.0, "float16")  # asks about float64
    assert why["dtype"] == "float64" and outcome == "finite"
    outcome, _ = facts.check((-120.0, -125.0), 1.0, "float32")  # float16: all exp are 0
    assert outcome == "underflow" and torch.exp(torch.tensor(-120.0, dtype=torch.float16)) == 0
    assert facts.check((math.nan, 1.0), 1.0, "float32")[0] == "nan_input"
    for dtype in DTYPES:
        assert facts.OTHER_DTYPE[dtype] != dtype


def test_every_fact_names_a_sentence_and_fills_its_numbers():
    english = strings("en")
    r = sm.compare([2.0, 1.0, 0.1, -math.inf], 0.5, torch.float16)
    read = sm.readout(r, 1)
    b = bench(r.scaled, 1, 4, 0, LossOptions(label_smoothing=0.1))
    broken = sm.compare([math.nan, 1.0, 0.0], 1.0, torch.float32)
    all_facts = [
        *facts.distribution(broken, sm.readout(broken, 0), 0, 1.0),
        *facts.distribution(r, read, 1, 0.5),
        facts.steps(r),
        *facts.stability(r),
        *facts.invariances(sm.invariance(r, 1.0, 2.0)),
        *facts.losses(b, "1.0"),
        *facts.gradient(sm.gradient(r, 1, 0.1), read, 1, 0.1),
        facts.check((1.0, 2.0), 1, "float32")[1],
    ]
    keys = {key for key, _ in all_facts}
    assert {"n_argmax_nan", "n_broken", "n_equal_smoothed", "n_naive"} <= keys
    for key, numbers in all_facts:
        english[f"softmax.{key}"].format(**numbers)  # every placeholder is supplied
