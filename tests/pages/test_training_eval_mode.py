"""The live-training page's "evaluate without model.eval()": both measurements, a sentence that
follows them, and the code panel printing both."""

import contextlib
import io
import re

import pytest

from app_pages.training_widgets import forgotten_sentence
from lib.training.engine import EpochRecord
from lib.training.eval_mode import ForgottenEval
from tests.pages.conftest import assert_clean, open_page
from ui.text import strings

PAGE = "app_pages/training.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def notices(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_with_dropout_the_page_shows_the_gap_and_its_script_prints_both_numbers():
    at = open_page(PAGE, "en", tr_dropout="0.5", tr_eval_forgotten="true")
    for _ in range(2):
        at.button(key="tr_step").click().run()
    assert_clean(at)
    en, shown = strings("en"), metrics(at)
    right, forgot = shown[en["training.val_loss"]], shown[en["training.forgot_loss"]]
    assert right != forgot
    kind = "higher" if float(forgot) > float(right) else "lower"
    said = en[f"training.forgot_{kind}"].split("{")[0]
    assert f"{said}{forgot} in train mode vs {right} in eval mode" in notices(at)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(at.code[0].value, "train_circle.py", "exec"), {"__name__": "__main__"})
    printed = out.getvalue()
    val = re.search(r"final train_loss=\S+ val_loss=(\S+)", printed)[1]
    loss, acc = re.search(
        r"without model.eval\(\) val_loss=(\S+) val_accuracy=(\S+)", printed
    ).groups()
    assert (f"{float(val):.4f}", f"{float(loss):.4f}") == (right, forgot)
    assert f"{float(acc):.1%}" == shown[en["training.forgot_accuracy"]]


def test_at_dropout_zero_it_says_there_is_no_gap_in_the_readers_language():
    at = open_page(PAGE, "zh-TW", tr_eval_forgotten="true")
    assert_clean(at)
    tw, shown = strings("zh-TW"), metrics(at)
    assert shown[tw["training.forgot_loss"]] == shown[tw["training.val_loss"]]
    assert tw["training.forgot_p0"].format(right=float(shown[tw["training.val_loss"]])) in notices(
        at
    )
    assert tw["training.forgot_higher"].split("{")[0] not in notices(at)


def test_switched_off_the_page_measures_only_in_eval_mode():
    at = open_page(PAGE, "zh-CN", tr_dropout="0.5")
    cn = strings("zh-CN")
    assert cn["training.forgot_loss"] not in metrics(at)
    assert "without model.eval()" not in at.code[0].value


@pytest.mark.parametrize(
    ("forgot", "layers", "p", "kind"),
    [(0.5, 2, 0.5, "higher"), (0.2, 2, 0.5, "lower"), (0.30001, 2, 0.1, "same"),
     (0.3, 0, 0.5, "no_layer"), (0.3, 0, 0.0, "p0")],
)  # fmt: skip
def test_the_sentence_follows_the_measured_numbers_at_the_edges(forgot, layers, p, kind):
    shown = EpochRecord(3, 0.25, 0.3, 0.9, 0.8, 30, 0.03)  # eval mode: validation loss 0.3
    check = ForgottenEval(forgot, 0.7, p if layers else 0.0, layers)
    said = forgotten_sentence(check, shown, p, classify=True)
    numbers = {"forgot": forgot, "right": 0.3, "p": p, "keep": 1 / (1 - p)}
    accuracy = ", accuracy 70.0% vs 80.0%"
    assert said == strings("en")[f"training.forgot_{kind}"].format(acc=accuracy, **numbers)
