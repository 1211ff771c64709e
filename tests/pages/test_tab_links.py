"""A link names its tab by a stable id, so a reader in another language opens the same view.

`?s_view=free` was missing from links (the strides and broadcasting tabs were not in the URL at
all), and the augmentation tab was kept by its translated label, so a link copied from a Chinese
page opened the explorer, not the experiment, for an English reader.
"""

import pytest

from tests.pages.conftest import assert_clean, open_page
from ui.text import strings

# (page, URL parameter, tab id, the tab's widget key, a widget only that tab draws)
TABS = [
    ("app_pages/strides.py", "s_view", "free", "s_tab", None),
    ("app_pages/broadcasting.py", "bc_view", "bugs", "bc_tab", "bc_n"),
    ("app_pages/activations.py", "act_view", "network", "act_tab", "act_depth"),
    ("app_pages/augmentation.py", "aug_tab", "experiment", "aug_view", "aug_digit"),
]


@pytest.mark.parametrize(("file", "param", "tab", "key", "only_there"), TABS)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_tab_link_opens_the_same_tab_in_every_language(file, param, tab, key, only_there, lang):
    at = open_page(file, lang, **{param: tab})
    assert_clean(at)
    page = file.removeprefix("app_pages/").removesuffix(".py")
    assert at.session_state[key] == strings(lang)[f"{page}.tab_{tab}"]
    if only_there:  # the tab's own work ran: only the open tab computes
        assert any(w.key == only_there for w in at.get("slider"))


def test_a_link_saved_with_a_translated_tab_label_still_opens_that_tab():
    old = strings("zh-TW")["augmentation.tab_experiment"]  # how links were kept before the ids
    at = open_page("app_pages/augmentation.py", "en", aug_tab=old)
    assert at.session_state["aug_view"] == strings("en")["augmentation.tab_experiment"]
