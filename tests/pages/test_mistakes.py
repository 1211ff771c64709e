"""The mistakes gallery through app.py: three languages, the search, hostile text, and every
link opening its concept page in a view that shows the mistake."""

from __future__ import annotations

import pytest

from lib import mistakes as M
from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.concepts import CONCEPTS
from ui.text import strings

PAGE = "pages/mistakes.py"
FILES = {c.key: c.file for c in CONCEPTS}
EN = strings("en")
TORCH = "torch"  # the element holds the mistake's own torch message, numbers and shapes aside


def fragment(key: str) -> str:
    """A locale sentence up to its first placeholder: the words the page certainly shows."""
    return EN[key].split("{")[0].strip()


# Where each concept page shows the mistake, and what it says there.
SHOWN = {
    "view_noncontiguous": ("error", TORCH),
    "pred_minus_target": ("markdown", EN["broadcasting.bug_pred_target"]),
    "mean_without_keepdim": ("markdown", EN["broadcasting.bug_wrong_axis"]),
    "inplace_broadcast": ("code", TORCH),
    "softmax_before_cross_entropy": ("table", EN["softmax.verdict_double"]),
    "nll_on_probabilities": ("table", EN["softmax.verdict_probs"]),
    "log_of_softmax": ("table", "-inf"),
    "zero_grad_forgotten": ("markdown", fragment("optimizers.n_accumulates")),
    "backward_twice": ("code", TORCH),
    "inplace_before_backward": ("code", "modified by an inplace operation"),
    "backward_under_no_grad": ("table", TORCH),
    "float64_from_numpy": ("markdown", fragment("dtypes.n_leak")),
    "uint8_wraps": ("table", "torch.tensor([255], dtype=torch.uint8) + 1"),
    "bce_on_logits": ("error", TORCH),
    "sigmoid_then_bce": ("markdown", fragment("losses.n_bce_grad_lost")),
    "mse_shapes": ("warning", TORCH),
    "nll_one_hot_target": ("markdown", TORCH),
    "kernel_larger_than_input": ("code", TORCH),
    "notes_minibatch_loop": ("table", EN["data.loop_notes"]),
    "scatter_one_hot": ("code", TORCH),
    "eval_forgotten": ("slider", "tr_dropout"),
}


def texts(at, kind: str) -> str:
    if kind == "table":
        found = [t.value.to_string() for t in at.table] + [
            d.value.to_string() for d in at.dataframe
        ]
    else:
        found = [str(e.value) for e in getattr(at, kind)]
    return " ".join(" ".join(found).split())


def test_every_mistake_has_a_view_to_check():
    assert set(SHOWN) == set(M.BY_KEY)


@pytest.mark.parametrize("mistake", M.CATALOGUE, ids=lambda m: m.key)
def test_every_link_opens_a_view_that_shows_the_mistake(mistake):
    at = open_page(FILES[mistake.page], "en", **dict(mistake.query))
    assert_clean(at)
    kind, expected = SHOWN[mistake.key]
    if kind == "slider":  # no page shows a forgotten eval(): the link turns dropout on
        assert at.slider(key=expected).value == float(dict(mistake.query)[expected])
        return
    if expected == TORCH:
        words = mistake.probe().words.split(": ", 1)[1]
        assert M.normalise(words) in M.normalise(texts(at, kind))
    else:
        assert expected in texts(at, kind)
