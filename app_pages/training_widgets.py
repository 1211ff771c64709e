"""The live-training page's controls, laid out like TensorFlow Playground: data and model in
narrow columns beside the pictures, run buttons above them, everything else in one expander."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib.training import config as tc
from lib.training.config import TrainConfig
from lib.training.data import DATASETS, MAX_POINTS, MAX_SEED, MIN_POINTS, next_seed
from lib.training.engine import EpochRecord
from lib.training.eval_mode import ForgottenEval
from lib.training.live import LiveRun
from lib.training.model import ACTIVATIONS, FEATURES, OPTIMIZERS
from ui.controls import Controls
from ui.text import t

D, ss = TrainConfig(), st.session_state
NUMBER = "{:g}".format  # the same in every language, so links stay valid (Streamlit #14224)


def data_settings(bound: Controls) -> None:
    """The data set and how it is sampled and split."""
    dataset = bound(st.selectbox, "dataset", DATASETS)
    bound(st.slider, "classes", 3, 6, D.classes, disabled=dataset != "blobs")
    bound(st.slider, "points", MIN_POINTS, MAX_POINTS, D.points, 20)
    bound(st.slider, "noise", 0, 50, round(D.noise * 100), 5, format="%d%%")
    bound(st.slider, "val", 10, 90, round(D.val_fraction * 100), 5, format="%d%%")
    seed_col, dice_col = st.columns([3, 2], vertical_alignment="bottom")
    bound(seed_col.number_input, "seed", 0, MAX_SEED, D.seed, label=t("common.seed"))
    reseed = lambda: ss.update(tr_seed=next_seed(ss["tr_seed"]))  # noqa: E731
    dice_col.button("🎲", key="tr_seed_new", help=t("common.reseed"), on_click=reseed)


def model_settings(bound: Controls) -> None:
    """Inputs, network, and the optimizer that trains it."""
    features = list(FEATURES)
    bound(st.pills, "features", features, selection_mode="multi", default=D.features, wrap=True)
    bound(st.text_input, "layers", ", ".join(map(str, D.hidden)))
    bound(st.selectbox, "activation", list(ACTIVATIONS))
    bound(st.selectbox, "optimizer", list(OPTIMIZERS))
    bound(st.select_slider, "lr", tc.LEARNING_RATES, D.lr, format_func=NUMBER)


def more_settings(bound: Controls) -> tuple[int, bool, bool, bool, bool]:
    """Batches, regularisation, the epoch budget and how the pictures look, folded away:
    (epochs per redraw, discretize, log-scale loss, overlay earlier runs, show hidden units)."""
    with st.expander(t("common.more_settings"), icon="⚙️"):
        batches, penalties, budget, looks = st.columns(4)
        batch = bound(batches.radio, "batch_mode", tc.BATCH_MODES, index=1, horizontal=True)
        off = batch != "mini"
        bound(batches.slider, "batch_size", 1, tc.MAX_BATCH, D.batch_size, disabled=off)
        bound(penalties.select_slider, "l2", tc.PENALTIES, D.weight_decay, format_func=NUMBER)
        bound(penalties.select_slider, "l1", tc.PENALTIES, D.l1, format_func=NUMBER)
        bound(penalties.slider, "dropout", 0.0, 0.5, D.dropout, 0.05)
        bound(penalties.toggle, "eval_forgotten", D.eval_forgotten)
        bound(budget.slider, "budget", 10, tc.MAX_EPOCHS, D.max_epochs, 10)
        early = bound(budget.toggle, "early_stop", D.early_stop)
        bound(budget.slider, "patience", 5, 100, D.patience, 5, disabled=not early)
        bound(budget.toggle, "restore", D.restore_best, disabled=not early)
        speed = bound(looks.select_slider, "speed", (1, 2, 5, 10, 20, 50), 5)
        discrete, log = bound(looks.toggle, "discrete"), bound(looks.toggle, "log")
        overlay, inside = bound(looks.toggle, "overlay", True), bound(looks.toggle, "neurons")
    return speed, discrete, log, overlay, inside


def run_buttons(run: LiveRun) -> bool:
    """Play, Step, Reset, Forget earlier runs; whether Play is on."""
    play_col, step_col, reset_col, forget_col = st.columns(4, vertical_alignment="center")
    done = run.trainer.done
    playing = play_col.toggle(
        t("training.play"), key="tr_play", disabled=done, help=t("training.play_help")
    )
    _button(step_col, "step", "⏭️", run.step, off=done)
    _button(reset_col, "reset", "🔄", run.restart)
    _button(forget_col, "forget", "🧹", run.clear_past, off=not run.past, pause=False)
    return playing


def _button(col, name: str, icon: str, action: Callable, off=False, pause=True) -> None:
    """A run button `tr_<name>`; Step and Reset pause first, as a student would expect."""
    click = (lambda: (ss.update(tr_play=False), action())) if pause else action
    label, tip = t(f"training.{name}"), t(f"training.{name}_help")
    col.button(label, key=f"tr_{name}", on_click=click, icon=icon, disabled=off, help=tip)


def forgotten_eval(run: LiveRun, shown: EpochRecord, classify: bool) -> str:
    """Validation measured without model.eval() (dropout on), under the right numbers with the
    gap as the metrics' delta; returns the sentence that says what the gap is."""
    check = run.forgotten_eval()
    cols = st.columns(4)
    cols[1].caption(t("training.forgot_caption"))
    gap = check.val_loss - shown.val_loss
    vs = {"delta_description": t("training.forgot_vs")}
    loss = f"{check.val_loss:.4f}"  # a higher loss is worse: red
    cols[2].metric(t("training.forgot_loss"), loss, f"{gap:+.4f}", "inverse", **vs)
    if classify:
        hit = check.val_accuracy - shown.val_accuracy
        accuracy = f"{check.val_accuracy:.1%}"
        cols[3].metric(t("training.forgot_accuracy"), accuracy, f"{hit:+.1%}", **vs)
    return forgotten_sentence(check, shown, run.trainer.config.dropout, classify)


def forgotten_sentence(check: ForgottenEval, shown: EpochRecord, p: float, classify: bool) -> str:
    """The words follow the numbers: no dropout layer, or train mode higher, lower or equal."""
    right, forgot = shown.val_loss, check.val_loss
    if not check.layers:
        return t("training.forgot_p0" if p == 0 else "training.forgot_no_layer", right=right)
    acc = ""
    if classify:
        acc = t("training.forgot_acc", forgot=check.val_accuracy, right=shown.val_accuracy)
    same = f"{forgot:.4f}" == f"{right:.4f}"
    kind = "same" if same else "higher" if forgot > right else "lower"
    return t(f"training.forgot_{kind}", forgot=forgot, right=right, acc=acc, p=p, keep=1 / (1 - p))
