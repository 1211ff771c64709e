"""The links of issue 13 that raised inside a widget: each value is dropped from the URL with one
sentence, the page draws its default, and the next rerun is clean (the value does not stick)."""

import pytest

from tests.pages.conftest import LANGS, assert_clean, open_page
from ui.text import strings

NINES = "9" * 5000
EXPERIMENT = "augmentation.tab_experiment"  # a tab label: translated below
LINKS = [  # page, view, the bad values, then for each widget key the value the page must show
    ("app_pages/broadcasting.py", {}, {"bc_q": "inf", "bc_seed": "1e999"}, {"bc_seed": 0}),
    ("app_pages/activations.py", {"act_view": "network"}, {"act_seed": "-inf"}, {"act_seed": 0}),
    ("app_pages/softmax.py", {}, {"sm_seed": NINES, "sm_y": "", "sm_dtype": ""}, {"sm_seed": 0}),
    ("app_pages/augmentation.py", {}, {"aug_seed": "inf", "aug_steps": ["hflip", "hflip"]}, {}),
    ("app_pages/augmentation.py", {"aug_tab": EXPERIMENT}, {"aug_axis": ""}, {}),
    ("app_pages/training.py", {}, {"tr_seed": "inf", "tr_hide": "no-such-control"}, {}),
]


@pytest.mark.parametrize(
    "file,view,bad,shown", LINKS, ids=[f"{f}-{sorted(b)}" for f, _, b, _ in LINKS]
)
def test_a_value_no_widget_can_take_is_dropped_with_one_sentence(file, view, bad, shown):
    lang = LANGS[len(bad) % len(LANGS)]
    view = {key: strings(lang).get(value, value) for key, value in view.items()}
    at = open_page(file, lang, **view, **bad)
    assert_clean(at)
    for key in bad:
        assert key not in at.query_params, f"{key} stayed in the URL"
    said = [w.value for w in at.warning]
    assert len(said) == len(bad), said  # one sentence per dropped value
    for key, value in shown.items():
        assert at.number_input(key=key).value == value
    for key in bad:  # a required choice is never left empty
        group = next((g for g in at.button_group if g.key == key), None)
        assert group is None or group.value not in (None, []), key
    at.run()
    assert_clean(at)
    assert not at.warning  # said once, not on every rerun


def test_typing_a_shorter_list_while_moving_a_later_slider_is_not_an_index_error():
    """Issue 13: '1, 2' typed into the logits box while slider z3 moves, both in one rerun: the
    slider's callback found no z3 in the new list (IndexError, 8 of 8 tries in Chromium)."""
    at = open_page("app_pages/softmax.py", "en")
    at.text_input(key="sm_logits").input("1, 2")
    at.slider(key="sm_z3").set_value(0.5)
    at.run()
    assert_clean(at)
    assert at.text_input(key="sm_logits").value == "1, 2"
