"""The live-training page through app.py: Step, URL state, bad input, resets, the exported code."""

import contextlib
import io
import math
import re

import pyarrow as pa
import pytest

from lib.training.data import next_seed
from lib.training.queue import Slots
from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.text import strings

PAGE = "app_pages/training.py"


def epoch(at) -> str:
    return at.metric[0].value


def step(at, times: int = 1):
    for _ in range(times):
        at.button(key="tr_step").click().run()
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_step_trains_exactly_one_epoch_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert epoch(at) == "0 / 300"
    step(at, 2)
    assert_clean(at)
    assert epoch(at) == "2 / 300"
    assert at.metric[0].label == strings(lang)["training.epoch"]
    assert len(at.get("vega_lite_chart")) == 3  # heatmap, loss, accuracy
    steps = strings(lang)["training.notice_steps"].split("{")[0]
    assert any(steps in m.value for m in at.markdown)


def test_a_shared_link_restores_data_model_and_optimizer():
    at = open_page(
        PAGE,
        "en",
        tr_dataset="blobs",
        tr_classes="4",
        tr_layers="8, 8",
        tr_optimizer="adam",
        tr_lr="0.01",
        tr_batch_mode="full",
        tr_seed="42",
        tr_features=["x1", "x2", "x1^2"],
    )
    assert_clean(at)
    config = at.session_state["tr_run"].trainer.config
    assert (config.dataset, config.classes, config.hidden) == ("blobs", 4, (8, 8))
    assert (config.optimizer, config.lr, config.batch, config.seed) == ("adam", 0.01, "full", 42)
    assert config.features == ("x1", "x2", "x1^2")
    assert at.select_slider(key="tr_lr").value == 0.01
    step(at)
    assert "1 / 300" == epoch(at) and len(at.get("vega_lite_chart")) == 3


@pytest.mark.parametrize(
    "layers, key", [("4, 99", "tr_width"), ("4, x", "not_integer"), ("1,1,1,1,1,1,1", "tr_layers")]
)
def test_bad_hidden_layers_are_one_sentence_in_the_readers_language(layers, key):
    at = open_page(PAGE, "zh-TW", tr_layers=layers)
    assert_clean(at)
    assert at.error and strings("zh-TW")[f"errors.{key}"].split("{")[0] in at.error[0].value


def test_one_sample_at_a_time_over_too_many_points_is_one_sentence_and_step_stays_light():
    # 1000 points, 10 % held out: 900 updates per epoch, one Step ~2.5 s of the class's CPU
    at = open_page(PAGE, "zh-CN", tr_points="1000", tr_val="10", tr_batch_mode="single")
    assert_clean(at)
    assert len(at.error) == 1
    assert strings("zh-CN")["errors.tr_updates"].split("{")[0] in at.error[0].value
    assert "900" in at.error[0].value and "200" in at.error[0].value


def test_a_typo_after_training_keeps_the_last_good_run_on_screen():
    at = step(open_page(PAGE, "en"), 2)
    at.text_input(key="tr_layers").input("4, 0").run()
    assert_clean(at)
    assert at.error and epoch(at) == "2 / 300"


def test_no_input_feature_at_all_is_refused():
    at = open_page(PAGE, "zh-CN")
    at.pills(key="tr_features").set_value([]).run()
    assert_clean(at)
    assert strings("zh-CN")["errors.tr_no_features"] in at.error[0].value


def test_a_new_learning_rate_does_not_reset_the_run():
    at = step(open_page(PAGE, "en"), 2)
    at.select_slider(key="tr_lr").set_value(0.1).run()
    assert epoch(at) == "2 / 300"
    step(at)
    assert epoch(at) == "3 / 300"
    assert at.session_state["tr_run"].trainer.history[-1].lr == 0.1


def test_a_new_model_starts_over_and_keeps_the_old_curve_to_compare():
    at = step(open_page(PAGE, "en"), 2)
    at.selectbox(key="tr_activation").select("relu").run()
    assert epoch(at) == "0 / 300"
    assert len(at.session_state["tr_run"].past) == 1
    assert not at.button(key="tr_forget").disabled
    at.button(key="tr_forget").click().run()
    assert at.session_state["tr_run"].past == []


def test_reset_goes_back_to_the_same_starting_losses():
    at = open_page(PAGE, "en")
    start = [m.value for m in at.metric]
    step(at, 3)
    assert [m.value for m in at.metric] != start
    at.button(key="tr_reset").click().run()
    assert [m.value for m in at.metric] == start


def test_a_new_seed_draws_new_data_and_starts_over():
    at = step(open_page(PAGE, "en"), 1)
    at.button(key="tr_seed_new").click().run()
    assert at.number_input(key="tr_seed").value == next_seed(0)
    assert epoch(at) == "0 / 300"


def test_an_exploding_learning_rate_says_diverged_and_stops_the_run():
    at = open_page(PAGE, "zh-CN", tr_dataset="plane", tr_activation="relu", tr_lr="10")
    for _ in range(6):
        if at.button(key="tr_step").disabled:
            break
        step(at)
    assert_clean(at)
    assert at.button(key="tr_step").disabled and at.toggle(key="tr_play").disabled
    assert any("爆掉" in e.value for e in at.error)
    assert "nan" not in " ".join(m.value for m in at.metric).lower()
    values = [  # every number sent to the browser is finite
        v
        for chart in at.get("vega_lite_chart")
        for data in chart.proto.datasets
        for row in pa.ipc.open_stream(data.data.data).read_all().to_pylist()
        for v in row.values()
        if isinstance(v, float)
    ]
    assert len(values) > 1600 and all(math.isfinite(v) for v in values)


def test_play_trains_a_few_epochs_per_redraw():
    at = open_page(PAGE, "en", tr_speed="2")
    at.toggle(key="tr_play").set_value(True).run()  # AppTest redraws once; a browser keeps going
    assert_clean(at)
    assert epoch(at) in ("1 / 300", "2 / 300")
    at.toggle(key="tr_play").set_value(False).run()
    assert at.session_state["tr_play"] is False


def play_beside_another(lang: str, slots: Slots, monkeypatch):
    """The page after Play, while another student's run holds one of `slots`."""
    import ui.turns

    slots.claim("another student")
    monkeypatch.setattr(ui.turns, "_slots", lambda: slots)
    at = open_page(PAGE, lang, tr_speed="2")
    at.toggle(key="tr_play").set_value(True).run()
    assert_clean(at)
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_when_every_slot_is_taken_play_waits_its_turn_and_says_so(lang, monkeypatch):
    full = Slots(capacity=1, lease=600)
    at = play_beside_another(lang, full, monkeypatch)
    assert epoch(at) == "0 / 300"  # waiting: no training
    words = strings(lang)["training.waiting"].split("{")[0]
    assert [i.value for i in at.info if i.value.startswith(words)], [i.value for i in at.info]
    full.release("another student")
    at.run()
    assert epoch(at) != "0 / 300" and not at.info
    at.toggle(key="tr_play").set_value(False).run()
    assert full.busy() == (0, 0)  # pausing gives the slot back


@pytest.mark.parametrize("lang", LANGS)
def test_runs_training_at_once_share_the_redraws_and_say_so(lang, monkeypatch):
    shared = Slots(capacity=3, lease=600)
    at = play_beside_another(lang, shared, monkeypatch)
    assert epoch(at) != "0 / 300"  # training, at half the pace
    said = strings(lang)["training.shared"].format(runs=2, every="0.4")
    assert said in [c.value for c in at.caption]
    shared.release("another student")
    at.run()
    assert said not in [c.value for c in at.caption]


def test_the_code_panel_is_a_script_that_prints_the_numbers_on_screen():
    at = step(open_page(PAGE, "en", tr_dropout="0.1"), 2)
    script = at.code[0].value
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "train_circle.py", "exec"), {"__name__": "__main__"})
    train, val = re.findall(r"final train_loss=(\S+) val_loss=(\S+)", out.getvalue())[0]
    assert f"{float(train):.4f}" == at.metric[1].value
    assert f"{float(val):.4f}" == at.metric[2].value


def test_check_yourself_asks_for_the_steps_this_batch_mode_takes():
    at = open_page(PAGE, "en", tr_batch_mode="single", tr_points="40")
    quiz = [r for r in at.radio if r.key and r.key.startswith("tr_quiz")][0]
    assert "20" in quiz.options  # 20 training points, one step each
    quiz.set_value("20").run()
    at.button(key=f"tr_quiz_reveal_{quiz.key.rsplit('_', 1)[1]}").click().run()
    assert at.success


def test_presenter_mode_leaves_out_the_long_explanation():
    title = strings("zh-TW")["training.how_title"]
    assert title in [e.label for e in open_page(PAGE, "zh-TW").expander]
    assert title not in [e.label for e in open_page(PAGE, "zh-TW", present="true").expander]


def test_changing_the_data_while_playing_stops_the_run():
    at = open_page(PAGE, "en")
    at.toggle(key="tr_play").set_value(True).run()
    at.selectbox(key="tr_dataset").select("moons").run()
    assert at.toggle(key="tr_play").value is False and epoch(at) == "0 / 300"


def test_the_network_view_adds_one_picture_of_every_hidden_unit():
    at = open_page(PAGE, "zh-TW", tr_neurons="true", tr_layers="3")
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) == 4
    assert strings("zh-TW")["training.inside"] in " ".join(m.value for m in at.markdown)


def test_a_handout_link_hides_chosen_controls_and_keeps_their_values():
    at = open_page(PAGE, "en", tr_hide=["lr", "seed"], tr_lr="0.1", tr_seed="7")
    assert_clean(at)
    (style,) = hiding(at)
    assert '[class*="st-key-tr_lr"]' in style.proto.body and "display: none" in style.proto.body
    assert '[class*="st-key-tr_seed"]' in style.proto.body  # with its 🎲 button, tr_seed_new
    assert at.select_slider(key="tr_lr").value == 0.1 and at.number_input(key="tr_seed").value == 7
    assert "lr=0.1" in at.code[0].value  # the run uses the hidden values
    assert not hiding(open_page(PAGE, "en"))  # nothing hidden by default


def hiding(at) -> list:
    """The handout's style elements (every page also has the app's layout CSS)."""
    return [h for h in at.get("html") if "st-key-" in h.proto.body]
