"""Every step of every shipped lesson opens through app.py with its widgets at the step's values,
the bar says "step k of n" and the note in the reader's language; the lecturer's builder
round-trips a lesson through download and upload; a bad upload gets one sentence.

A lesson is walked with its own "next" button (what a lecturer presses), starting from a link
to step 1, once in each language: one AppTest per lesson and language, not one per step.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from lib.lessons import Lesson, Step, lesson_ids, lesson_toml, shipped_lesson
from tests.pages.conftest import LANGS, assert_clean, one_sentence, open_page
from ui.concepts import CONCEPTS
from ui.lessons import PAGES, note_markdown
from ui.text import strings

PAGE = {c.url_path: c for c in CONCEPTS}
# Tabs kept in the URL by id (ui/tabs.view_tabs): URL parameter -> the tabs' session key.
VIEW_TABS = {"s_view": "s_tab", "bc_view": "bc_tab", "act_view": "act_tab", "aug_tab": "aug_view"}
IDS = lesson_ids()


def lesson(lesson_id: str) -> Lesson:
    return shipped_lesson(lesson_id, PAGES)


def assert_view(at, step: Step, lang: str) -> None:
    """Each of the step's URL values is what its widget (or open tab) holds now."""
    asked: dict[str, list[str]] = {}
    for key, value in parse_qsl(step.query, keep_blank_values=True):
        asked.setdefault(key, []).append(value)
    page = PAGE[step.page].key
    for key, values in asked.items():
        if key in VIEW_TABS:
            label = strings(lang)[f"{page}.tab_{values[0]}"]
            assert at.session_state[VIEW_TABS[key]] == label, (step, key)
        else:
            assert same(at.session_state[key], values), (step, key, at.session_state[key])


def same(widget_value: object, values: list[str]) -> bool:
    """A widget's value against the URL's text for it (a range or multiselect has several)."""
    if isinstance(widget_value, list | tuple):
        return len(widget_value) == len(values) and all(
            same(w, [v]) for w, v in zip(widget_value, values)
        )
    (text,) = values
    if isinstance(widget_value, bool):
        return text.lower() == str(widget_value).lower()
    if isinstance(widget_value, int | float):
        return float(text) == float(widget_value)
    return text == str(widget_value)


def bar_says(at, lesson: Lesson, k: int, lang: str) -> None:
    shown = [m.value for m in at.markdown]
    words = strings(lang)["lessons.step_of"].format(k=k + 1, n=len(lesson.steps))
    assert any(words in m for m in shown), (k, shown[:3])
    assert note_markdown(lesson.steps[k].note[lang]) in shown, (k, lang)


def open_step(lesson: Lesson, k: int, lang: str):
    """The step as a shared link opens it: its page, its query, `lesson` and `step`."""
    query: dict[str, list[str]] = {}
    for key, value in lesson.steps[k].params():
        query[key] = [*query.get(key, []), value]
    file = PAGE[lesson.steps[k].page].file
    return open_page(file, lang, lesson=lesson.id, step=str(k + 1), **query)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", IDS)
def test_every_step_of_a_shipped_lesson_opens_with_its_values(lesson_id, lang):
    """Walked with the bar's own "next" button from a link to step 1, in each language."""
    shipped = lesson(lesson_id)
    at = open_step(shipped, 0, lang)
    for k, step in enumerate(shipped.steps):
        assert_clean(at)
        assert at.session_state["lang"] == lang
        bar_says(at, shipped, k, lang)
        assert (at.query_params["lesson"], at.query_params["step"]) == (lesson_id, str(k + 1))
        assert_view(at, step, lang)
        if k + 1 < len(shipped.steps):
            # The picker shows the language the page set from ?lang=; AppTest keeps the value
            # it last sent instead (a browser takes the server's), so say it as a browser would.
            at.selectbox(key="lang").set_value(lang)
            at.button(key="lesson_next").click().run()
    assert at.button(key="lesson_next").disabled


@pytest.mark.parametrize("lesson_id", IDS)
def test_a_link_to_a_step_opens_it_in_chinese_with_the_note_in_that_language(lesson_id):
    """One step per lesson in one of the Chinese languages (they alternate, and so does the
    step), then "next" once: the bar, the note and the widgets follow the reader's language."""
    shipped, i = lesson(lesson_id), IDS.index(lesson_id)
    lang, k = ("zh-TW", "zh-CN")[i % 2], i % (len(shipped.steps) - 1)
    at = open_step(shipped, k, lang)
    assert_clean(at)
    bar_says(at, shipped, k, lang)
    assert_view(at, shipped.steps[k], lang)
    at.button(key="lesson_next").click().run()
    assert_clean(at)
    assert at.session_state["lang"] == lang
    bar_says(at, shipped, k + 1, lang)
    assert_view(at, shipped.steps[k + 1], lang)


def test_a_link_to_a_middle_step_opens_that_step_and_previous_goes_back():
    shipped = lesson("strides")
    at = open_page("app_pages/strides.py", "zh-CN", lesson="strides", step="3", s_shape="3, 4")
    bar_says(at, shipped, 2, "zh-CN")
    at.button(key="lesson_prev").click().run()
    assert_clean(at)
    bar_says(at, shipped, 1, "zh-CN")
    assert_view(at, shipped.steps[1], "zh-CN")


def test_a_typed_link_naming_only_the_step_opens_the_step_s_view():
    """`/softmax-and-losses?lesson=softmax&step=6`, typed by a lecturer: no view keys in it, so
    the page must not show its defaults under step 6's note."""
    shipped = lesson("softmax")
    at = open_page(PAGE[shipped.steps[5].page].file, "zh-TW", lesson="softmax", step="6")
    assert_clean(at)
    bar_says(at, shipped, 5, "zh-TW")
    assert_view(at, shipped.steps[5], "zh-TW")


def test_the_step_bar_survives_a_page_switch_and_leave_ends_the_lesson():
    at = open_page("app_pages/strides.py", "en", lesson="strides", step="2")
    at.switch_page("app_pages/dtypes.py").run()
    assert_clean(at)
    bar_says(at, lesson("strides"), 1, "en")
    assert at.query_params["lesson"] == "strides"
    at.button(key="lesson_leave").click().run()
    assert not any(b.key == "lesson_next" for b in at.button)
    assert "lesson" not in at.query_params


@pytest.mark.parametrize(
    ("query", "key"),
    [({"lesson": "nope"}, "unknown"), ({"lesson": "strides", "step": "99"}, "bad_step")],
)
def test_a_link_to_a_missing_lesson_or_step_says_so_in_one_sentence(query, key):
    at = open_page(None, "zh-TW", **query)  # the home page, as the link names none
    assert_clean(at)
    said = one_sentence(at)
    assert said == strings("zh-TW")[f"lessons.{key}"].format(n=8)


def test_a_lecturer_builds_downloads_and_uploads_back_the_same_lesson():
    at = open_page("app_pages/lesson_picker.py", "en")
    next(b for b in at.button if b.label == strings("en")["lessons.build_new"]).click().run()
    at.text_input(key="lesson_title_en").input("Two views").run()
    at.query_params["s_shape"] = "2, 5"  # the address bar, as the bound widget keeps it
    at.switch_page("app_pages/strides.py").run()
    assert at.text_input(key="s_shape").value == "2, 5"
    at.text_area(key="lesson_note_en").input("A `(2, 5)` tensor.")
    at.text_area(key="lesson_note_zh-TW").input("一個 (2, 5) 的張量。")
    next(b for b in at.button if b.label == strings("en")["lessons.add_button"]).click().run()
    assert_clean(at)
    at.switch_page("app_pages/broadcasting.py").run()
    at.text_area(key="lesson_note_en").input("The default broadcast.")
    next(b for b in at.button if b.label == strings("en")["lessons.add_button"]).click().run()
    at.switch_page("app_pages/lesson_picker.py").run()
    assert_clean(at)
    assert not at.error  # a title and two steps: nothing missing, the download is offered
    assert not at.download_button(key="lesson_download_draft").disabled
    text = lesson_toml(draft_lesson(at)).encode()  # the download button's data
    first = {"en": "A `(2, 5)` tensor.", "zh-TW": "一個 (2, 5) 的張量。", "zh-CN": ""}
    second = {"en": "The default broadcast.", "zh-TW": "", "zh-CN": ""}
    built = [Step("stride-offset", "s_shape=2%2C+5", first), Step("broadcast", "", second)]
    expected = Lesson("draft", {"en": "Two views", "zh-TW": "", "zh-CN": ""}, tuple(built))
    assert text.decode() == lesson_toml(expected)
    at.file_uploader(key="lesson_file").set_value(("two-views.toml", text, "application/toml"))
    at.run()
    assert_clean(at)
    assert not at.error
    titles = [o for o in at.selectbox(key="lesson_pick").options]
    assert at.selectbox(key="lesson_pick").value == len(titles) - 1  # the upload, picked
    next(b for b in at.button if b.label == strings("en")["lessons.start"]).click().run()
    bar_says(at, dataclass_replace(expected, "upload"), 0, "en")
    assert at.session_state["s_shape"] == "2, 5"


def draft_lesson(at) -> Lesson:
    draft = at.session_state["lesson_draft"]
    return Lesson("draft", draft["title"], tuple(draft["steps"]))


def dataclass_replace(lesson: Lesson, new_id: str) -> Lesson:
    return Lesson(new_id, lesson.title, lesson.steps, lesson.order)


@pytest.mark.parametrize(
    ("line", "key"),
    [('page = "nowhere"', "step_page"), ('page = "broadcast"', "step_key")],
)
def test_an_upload_with_an_unknown_page_or_a_foreign_key_gets_one_sentence(line, key):
    text = lesson_toml(lesson("strides")).replace('page = "stride-offset"', line, 1)
    at = open_page("app_pages/lesson_picker.py", "zh-CN")
    at.file_uploader(key="lesson_file").set_value(("bad.toml", text.encode(), "application/toml"))
    at.run()
    assert_clean(at)
    (said,) = [e.value for e in at.error]
    template = strings("zh-CN")[f"errors.{key}"]
    assert template.split("{")[0] in said and "第 1 步" in said
