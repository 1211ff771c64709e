"""The mistakes gallery through app.py: three languages, the search, hostile text, and every
link opening its concept page in a view that shows the mistake."""

from __future__ import annotations

import pytest

from lib import mistakes as M
from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.concepts import CONCEPTS
from ui.text import strings

PAGE = "app_pages/mistakes.py"
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
    "eval_forgotten": ("markdown", " in train mode vs "),  # training.forgot_higher / _lower
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


# One run per view: mistakes that share a view are checked on the same run.
VIEWS: dict[tuple, list[M.Mistake]] = {}
for _m in M.CATALOGUE:
    VIEWS.setdefault((_m.page, _m.query), []).append(_m)


@pytest.mark.parametrize("view", list(VIEWS), ids=lambda v: "+".join(m.key for m in VIEWS[v]))
def test_every_link_opens_a_view_that_shows_the_mistake(view):
    page, query = view
    at = open_page(FILES[page], "en", **dict(query))
    assert_clean(at)
    for mistake in VIEWS[view]:
        kind, expected = SHOWN[mistake.key]
        if expected == TORCH:
            words = mistake.probe().words.split(": ", 1)[1]
            assert M.normalise(words) in M.normalise(texts(at, kind)), mistake.key
        else:
            assert expected in texts(at, kind), mistake.key


def headings(at) -> list[str]:
    """The cards' titles, without the icon that says how torch reacts."""
    return [m.value.split(" ", 2)[2] for m in at.markdown if m.value.startswith("### ")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_gallery_shows_every_mistake_in_every_language(lang):
    at = open_page(PAGE, lang)
    assert_clean(at)
    words = strings(lang)
    assert at.title[0].value == words["mistakes.title"]
    assert headings(at) == [words[f"mistakes.m_{m.key}"] for m in M.CATALOGUE]
    links = at.get("page_link")
    assert len(links) == len(M.CATALOGUE)
    assert all(f"lang={lang}" in link.proto.query_string for link in links)
    # every card shows torch's own words for its mistake, computed live (dropout's are random)
    shown = " ".join(" ".join(str(c.value).split()) for c in at.code)
    fixed = [m for m in M.CATALOGUE if m.key != "eval_forgotten"]
    assert all(" ".join(m.probe().words.split()) in shown for m in fixed)


def test_a_pasted_message_puts_its_mistake_first():
    at = open_page(PAGE, "zh-CN")
    text = "RuntimeError: output with shape [32, 1] doesn't match the broadcast shape [32, 100]"
    at.text_input(key="mk_q").input(text).run()
    assert_clean(at)
    assert len(at.success) == 1 and not at.info
    assert headings(at)[0] == strings("zh-CN")["mistakes.m_inplace_broadcast"]
    assert len(headings(at)) == len(M.CATALOGUE)  # the others stay, folded below


HOSTILE = ["the weather is nice", "<img src=x onerror=alert(1)> **bold** [a](http://x)"]
HOSTILE += ["nan " * 120, "[[((" * 120]


def test_hostile_search_text_gets_one_sentence_or_results_and_is_never_rendered():
    at = open_page(PAGE, "en")
    for text in HOSTILE:
        at.text_input(key="mk_q").input(text).run()
        assert_clean(at)
        assert len(at.info) + len(at.success) == 1, text
        shown = [*at.markdown, *at.info, *at.success, *at.caption, *at.error]
        rendered = " ".join(str(e.value) for e in shown)
        assert "onerror" not in rendered and "weather" not in rendered


def test_a_link_with_a_search_too_long_is_dropped_with_one_sentence():
    at = open_page(PAGE, "en", mk_q="x" * (M.MAX_QUERY + 1))
    assert_clean(at)
    assert len(at.warning) == 1 and not at.info
    assert at.text_input(key="mk_q").value == ""
