"""The optimizers page through app.py: the race, shared links, bad input, every tab's sentences
at the edges of its settings, the code panel and the check-yourself question."""

from __future__ import annotations

import contextlib
import io

import pytest

from lib.optimizers import trajectory
from tests.pages.conftest import assert_clean, chart_rows, open_page
from ui.text import strings

PAGE = "app_pages/optimizers.py"
EN = strings("en")


def notices(at) -> str:
    return " ".join(str(m.value) for m in at.markdown if str(m.value).startswith("- "))


def paths(at) -> dict[str, list[tuple[float, float]]]:
    """The points the surface chart draws, per run, in step order."""
    rows = [r for r in chart_rows(at.get("vega_lite_chart")[0]) if "run" in r and "loss" in r]
    out: dict[str, list] = {}
    for r in sorted(rows, key=lambda r: (r["run"], r["step"])):
        out.setdefault(r["run"], []).append((r["x"], r["y"]))
    return out


def test_the_race_draws_real_torch_runs_and_the_code_panel_reproduces_them():
    at = open_page(PAGE, "en")
    assert_clean(at)
    assert not at.error
    drawn = paths(at)
    assert list(drawn) == ["1 · SGD", "2 · SGD", "3 · RMSprop", "4 · Adam"]
    # The page's numbers are torch's: the same run made here directly.
    adam = trajectory("quadratic", "adam", (-2.5, 1.5), 100, kappa=10.0, lr=0.1)
    assert drawn["4 · Adam"] == adam.points
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(at.code[0].value, namespace)  # the code panel, in a fresh namespace
    assert namespace["paths"] == drawn
    assert len(at.table) == len(drawn)  # step k: one narrow table per run
    assert float(at.table[3].value.loc["p", "x"]) == pytest.approx(adam.points[0][0], rel=1e-3)
    text = notices(at)
    assert "ends closest to a minimum" in text and "At step 0" in text
    at.slider(key="opt_k").set_value(99).run()
    now = [r for r in chart_rows(at.get("vega_lite_chart")[0]) if "loss" not in r and "run" in r]
    assert {r["step"] for r in now} == {99}
    assert "At step 99" in notices(at)


def test_a_shared_link_restores_the_controls_and_a_diverging_run_gets_one_sentence():
    link = dict(
        opt_surface="rosenbrock", opt_x="-1.5", opt_y="2.0", opt_steps="60", opt_k="7",
        opt_o0="Adam", opt_lr0="0.05", opt_beta10="0.8", opt_o1="SGD", opt_lr1="0.01",
        opt_momentum1="0.0", opt_o2="none", opt_o3="none",
    )  # fmt: skip
    at = open_page(PAGE, "zh-TW", **link)
    assert_clean(at)
    assert at.selectbox(key="opt_surface").value == "rosenbrock"
    assert (at.slider(key="opt_x").value, at.slider(key="opt_y").value) == (-1.5, 2.0)
    assert at.slider(key="opt_steps").value == 60 and at.slider(key="opt_k").value == 7
    assert at.select_slider(key="opt_lr0").value == 0.05
    assert at.slider(key="opt_beta10").value == 0.8
    assert at.slider(key="opt_momentum1").value == 0.0
    drawn = paths(at)
    assert list(drawn) == ["1 · Adam", "2 · SGD"]
    sgd = trajectory("rosenbrock", "sgd", (-1.5, 2.0), 60, lr=0.01)
    assert sgd.diverged_at is not None and drawn["2 · SGD"] == sgd.points
    assert "發散" in strings("zh-TW")["optimizers.n_diverged"]
    assert notices(at).count("發散") == 1  # one sentence for the one diverged run
    adam = trajectory("rosenbrock", "adam", (-1.5, 2.0), 60, lr=0.05, betas=(0.8, 0.999))
    assert drawn["1 · Adam"] == adam.points


@pytest.mark.parametrize(
    "bad",
    [
        {"opt_surface": "rosenbrock", "opt_x": "4.5"},  # outside this surface's plot
        {"opt_steps": "100000", "opt_lr0": "7", "opt_o0": "LBFGS", "opt_surface": "sphere"},
        {"opt_x": "nan", "opt_k": "-4", "opt_tab": "nothing"},
    ],
)
def test_bad_links_give_at_most_one_sentence_and_never_a_traceback(bad):
    at = open_page(PAGE, "zh-CN", **bad)
    assert_clean(at)
    assert len(at.error) <= 1
    if "opt_x" in bad and bad["opt_x"] == "4.5":
        assert len(at.error) == 1 and "4.5" in at.error[0].value


def test_forgetting_zero_grad_makes_grad_the_running_sum():
    at = open_page(PAGE, "en", opt_tab="zero_grad()", opt_focus="1 · SGD")
    assert_clean(at)
    right = trajectory("quadratic", "sgd", (-2.5, 1.5), 100, lr=0.15)
    wrong = trajectory("quadratic", "sgd", (-2.5, 1.5), 100, zero_grad=False, lr=0.15)
    assert abs(complex(*wrong.grads[-1])) > abs(complex(*right.grads[-1]))
    assert "instead of" in notices(at)  # n_accumulates, chosen because the sum is larger
    assert set(paths(at)) == {EN["optimizers.with_zero"], EN["optimizers.without_zero"]}


@pytest.mark.parametrize(("wd", "key"), [("0.0", "n_decay_zero"), ("1.0", "n_decay")])
def test_weight_decay_sentence_at_both_ends_of_lambda(wd, key):
    at = open_page(PAGE, "en", opt_tab="weight_decay", opt_wd=wd)
    assert_clean(at)
    assert set(paths(at)) == {"SGD", "Adam", "AdamW"}
    same = paths(at)["Adam"] == paths(at)["AdamW"]
    assert same == (wd == "0.0")  # λ = 0: AdamW is Adam; λ > 0: they part
    assert EN[f"optimizers.{key}"].split("{")[0][:20] in notices(at)


def test_the_scheduler_tab_draws_lr_per_step_and_the_checkpoint_resumes_bit_for_bit():
    at = open_page(PAGE, "en", opt_tab="lr_scheduler", opt_sched="StepLR", opt_steps="40")
    assert_clean(at)
    lrs = [r for r in chart_rows(at.get("vega_lite_chart")[0]) if "value" in r]
    scheduled = sorted((r["step"], r["shown"]) for r in lrs if "StepLR" in r["run"])
    assert [v for _, v in scheduled] == [0.1 * 0.5 ** (k // 10) for k in range(40)]
    assert "With StepLR, lr goes from 0.1" in notices(at)
    at = open_page(PAGE, "en", opt_tab="state_dict", opt_at="20", opt_steps="40")
    assert_clean(at)
    text = notices(at)
    assert "identical bit for bit" in text and "drifts up to" in text  # Adam: state matters
    assert "missing_keys=['xy'], unexpected_keys=['module.xy']" in at.code[0].value


def test_check_yourself_is_answered_by_the_runs():
    at = open_page(PAGE, "en")
    radio = next(r for r in at.radio if "0.05" in str(r.label) or len(r.options) == 5)
    # From the default start, plain SGD (lr 0.15) is first within 0.05 of the minimum.
    sgd = trajectory("quadratic", "sgd", (-2.5, 1.5), 100, lr=0.15)
    first = next(k for k, p in enumerate(sgd.points) if (p[0] ** 2 + p[1] ** 2) ** 0.5 < 0.05)
    radio.set_value("1 · SGD").run()
    at.button[[b.label for b in at.button].index(EN["common.reveal"])].click().run()
    assert at.success and f"1 · SGD: {first}" in " ".join(str(m.value) for m in at.markdown)
