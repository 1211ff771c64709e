"""Live training: a real torch loop (zero_grad, backward, step) that students play and steer."""

import streamlit as st

from app_pages.training_widgets import (
    data_settings,
    forgotten_eval,
    model_settings,
    more_settings,
    run_buttons,
)
from charts import training as charts
from lib.training import export_script, history_csv
from lib.training.config import TrainConfig
from lib.training.engine import NEURON_CELLS
from lib.training.export import file_name
from lib.training.live import LiveRun, question
from ui import turns
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting, scaled
from ui.text import t

TICK = 0.2  # seconds between redraws while one run plays: five a second
LIVE_NEURON_CELLS = 8  # per axis of a hidden unit's map while playing (12 when still)
ss = st.session_state


header("training")
bound = Controls("training", "tr_")
# Playground's layout: data and model in narrow columns, the boundary and curves beside them
# (on a phone, where columns stack, the picture comes first).
data_col, model_col, picture = picture_last_columns("training", [1, 1, 4], gap="small")
with data_col:
    data_settings(bound)
with model_col:
    model_settings(bound)
speed, discrete, log, overlay, inside = more_settings(bound)

try:
    config = TrainConfig.from_form(
        {key[3:]: value for key, value in ss.items() if key.startswith("tr_")}
    )
except ValueError as err:
    show_error(err)  # the last good run stays on screen below
    config = None
if "tr_run" not in ss:
    if config is None:
        st.stop()
    ss["tr_run"] = LiveRun(config)
run: LiveRun = ss["tr_run"]
if (config is not None and run.sync(config)) or run.trainer.done:
    ss["tr_play"] = False  # new data or model, or a finished run: nothing plays until asked


with picture:
    playing = run_buttons(run)


def names() -> dict[str, str]:
    return {k: t(f"training.chart_{k}") for k in charts.NAMES}  # the charts' words, translated


def live(run: LiveRun, pace: int) -> None:
    """One redraw: a few epochs of real training (while it is our turn), then every picture.
    `pace` is the number of runs sharing the trainer when the fragment started ticking (0: not
    ticking); when our turn ends or that number changes, the whole page reruns at the new pace."""
    tr = run.trainer
    if pace and not turns.still_playing():
        pace = 0  # a tick the browser sent before the Pause run reached it: draw, do not train
    if pace:
        if not turns.unchanged(pace):
            st.rerun()  # the whole page: our turn is over, or more or fewer runs share the pace
        run.tick(speed)
        if tr.done:
            st.rerun()  # the whole page: Play switches off and the ticking stops
    # First, as it waits for a tick still running in the rerun before (Pause): the epoch, the
    # numbers, the pictures and the CSV then all describe the same weights.
    units_shown = inside and tr.config.hidden
    # Playing, each unit's map is 8x8, not 12x12: at 6x16 units that redraw is 0.6 MB, 5 a second.
    unit_cells = (LIVE_NEURON_CELLS if pace else NEURON_CELLS) if units_shown else 0
    grid, units = run.pictures(unit_cells)
    last, classify = tr.shown, tr.data.task != "regression"  # the weights the model holds
    ticking = pace > 0  # no tooltips or hover read-outs on pictures replaced five times a second
    cols = st.columns(4)
    cols[0].metric(t("training.epoch"), f"{tr.epoch} / {tr.config.max_epochs}")
    cols[1].metric(t("training.train_loss"), f"{last.train_loss:.4f}")
    cols[2].metric(t("training.val_loss"), f"{last.val_loss:.4f}")
    if classify:
        cols[3].metric(t("training.val_accuracy"), f"{last.val_accuracy:.1%}")
    # The mistake of issue 24's gallery: the same weights measured without model.eval().
    forgot = [forgotten_eval(run, last, classify)] if tr.config.eval_forgotten else []
    if pace > 1:
        st.caption(t("training.shared", runs=pace, every=f"{TICK * pace:g}"))
    if tr.error():
        show_error(tr.error())
    elif tr.status:
        status = "restored" if tr.restored else tr.status
        st.info(t(f"training.status_{status}", epoch=tr.best.epoch, last=tr.epoch), icon="⏹️")
    left, right = st.columns([4, 3])
    with left:
        cells = charts.boundary_data(grid, tr.data, names())
        span = 1.0 if classify else max(1.0, round(float(tr.data.y_train.abs().max()), 1))
        side = scaled(280)  # px, square so that a circle looks round
        looks = {"task": tr.data.task, "classes": max(tr.data.classes, 2), "span": span}
        looks |= {"names": names(), "side": side, "discrete": discrete, "live": ticking}
        draw(charts.boundary, cells, stretch=False, **looks)
    with right:
        past = [(p.label, p.records) for p in run.past] if overlay else []
        curves = charts.losses_data(run.curve(), tr.best, names(), past, live=ticking)
        looks = {"names": names(), "classify": classify, "log": log, "live": ticking}
        draw(charts.losses, curves, **looks, height=scaled(250))
        if classify:
            rows = charts.accuracy_data(run.curve(), names(), live=ticking)
            draw(charts.accuracy, rows, names=names(), live=ticking, height=scaled(150))
    if units_shown:
        st.markdown(f"**{t('training.inside')}**")
        draw(charts.neurons, charts.neurons_data(units, unit_cells), stretch=False, names=names())
    facts = run.facts()
    points = ["loss", "best", *(["overfit"] if run.overfitting() else []), "steps", "params"]
    notice([*forgot, *(t(f"training.notice_{point}", **facts) for point in points)])


# The process redraws about 1/TICK pictures a second in all: runs training together share them.
pace = turns.pace(playing)
with picture:
    st.fragment(live, run_every=TICK * pace if pace else None)(run, pace)

tr = run.trainer
shown = tr.epoch or tr.config.max_epochs
script = export_script(tr.config, shown)
csv_col, script_col = st.columns(2)
curves_csv = lambda: history_csv(run.curve())  # noqa: E731  (built when clicked: always current)
quiet = {"on_click": "ignore"}  # a download needs no rerun
csv_col.download_button(t("training.csv"), curves_csv, "training.csv", key="tr_csv", **quiet)
script_col.download_button(t("training.script"), script, file_name(tr.config), key="tr_py", **quiet)
code_panel(script)
st.caption(t("training.script_note", epochs=shown))
if not presenting():
    with st.expander(t("training.how_title"), icon="📖"):
        explanation("training")
bound.handout()
q, facts = question(run), run.facts()
word = (lambda o: o) if q.kind == "steps" else (lambda o: t(f"training.opt_{o}"))
ask, why = t(f"training.q_{q.kind}", **facts), t(f"training.why_{q.kind}", answer=q.answer, **facts)
check_yourself("tr_quiz", ask, [word(o) for o in q.options], word(q.answer), why)
