"""Fuzzing every input a student can type or drag, on every page, through app.py.

The inputs are discovered, not listed: every text input, number input, slider and select slider a
page renders (ui.concepts.CONCEPTS, so a new page is covered the day it lands). Hypothesis draws
one input and a hostile value per example and the page reruns. What must hold:

- no exception element, ever (a traceback is never what a student sees);
- every refusal (`st.error`) is a readable sentence: words, no traceback, no `{placeholder}` left
  unformatted in any language;
- the page is still usable: after a refusal, the input's default brings back a clean page.

One AppTest per page is reused across examples, so a broken state that lingers is caught too.
"""

from __future__ import annotations

import io
import math
import os
import re
import zlib
from dataclasses import dataclass
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from streamlit.testing.v1.element_tree import NumberInput, SelectSlider, Slider, TextInput

from tests.pages.conftest import LANGS, open_page
from ui.concepts import CONCEPTS

# Per page view; the file stays under 90 s on 2 busy cores. FUZZ_EXAMPLES=200 for a longer hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "16"))
SIDEBAR = {"lang", "present"}

# Views whose inputs only render once they are open (lazy tabs); other pages: the default view.
VIEWS: dict[str, list[dict[str, str]]] = {
    "activations": [{}, {"act_view": "neuron"}, {"act_view": "network"}],
}
# Inputs left out on purpose, with the reason.
SKIP = {
    # every new value trains four models (seconds each): covered by tests/pages, not fuzzed here
    "aug_train_seed",
    "aug_hidden",
    "aug_shift",
}
CASES = [  # languages rotate over pages and views, so every page meets a Chinese reader too
    pytest.param(c.file, (n + i) % len(LANGS), view, id=f"{c.key}-{i}")
    for n, c in enumerate(CONCEPTS)
    for i, view in enumerate(VIEWS.get(c.key, [{}]))
]

HOSTILE = [
    "",
    " ",
    ",",
    ",,,",
    "1,,2",
    "-",
    "()",
    "[]",
    "(((1, 2)))",
    "0",
    "-0",
    "1e9999",
    "-1e309",
    "nan",
    "inf",
    "-inf",
    "NaN, nan",
    "2**64",
    "0x10",
    "1_000",
    "１，２，３",  # full-width digits and commas
    "\u202e1, 2",  # right-to-left override
    "\x00",
    "1; import os",
    "__import__('os').system('true')",
    "9" * 400,
    "1, " * 300,
    "a" * 5000,
    ".view(-1)",
    ".expand(-1, -1, -1, -1, -1)",
    ".narrow(0, 1, 100)",
    "[::-1]",
    "[..., None, ...]",
    ".unfold(0, 0, 0)",
    "[0][0][0][0][0]",
    ".t()" * 50,
]
CHAIN = st.lists(
    st.sampled_from(
        [
            ".t()",
            ".transpose(0, 1)",
            ".transpose(0, 9)",
            ".permute(1, 0)",
            ".view(-1)",
            ".view(0)",
            ".reshape(2, -1)",
            ".unsqueeze(0)",
            ".squeeze()",
            ".expand(3, -1)",
            ".flip(0)",
            ".unfold(0, 2, 1)",
            ".diagonal()",
            ".contiguous()",
            ".select(0, 5)",
            "[::2]",
            "[1:]",
            "[None]",
            "[...]",
            "[-1]",
            "[:, ::-1]",
            "[::0]",
        ]
    ),
    max_size=10,
).map("".join)
NUMBERS = st.lists(
    st.one_of(
        st.integers(-(10**12), 10**12).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["nan", "inf", "-inf", "1e309", "1e-400", "-0.0", "1e5", "088"]),
    ),
    max_size=14,
).map(lambda xs: ", ".join(xs))
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    NUMBERS,
    CHAIN,
    st.text(max_size=60),
    st.text(alphabet="0123456789,.-+e ()[]:", max_size=30),
)
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(:[^{}]*)?\}")


@cache
def _page(file: str, lang_index: int, view: tuple):
    return open_page(file, LANGS[lang_index], **dict(view))


@cache
def _keys(file: str, lang_index: int, view: tuple) -> tuple[str, ...]:
    """The page's inputs as first opened: a fixed list for Hypothesis to pick from."""
    return tuple(n.key for n in _inputs(_page(file, lang_index, view)))


def _inputs(at) -> list:
    nodes = [*at.text_input, *at.number_input, *at.slider, *at.select_slider]
    return [n for n in nodes if n.key and n.key not in SIDEBAR | SKIP and not n.disabled]


@dataclass(frozen=True)
class Draw:
    """Everything one example needs, drawn up front whatever input it lands on (Hypothesis
    replays examples, so what is drawn must not depend on the page's state)."""

    pick: int  # which input
    text: str  # for text inputs
    u: float  # where in a bounded range, 0..1
    v: float  # the other end, for range sliders
    edge: str  # "lo", "hi" or "in": the bounds are where bugs live


DRAWS = st.builds(
    Draw,
    pick=st.integers(0, 10_000),
    text=TEXT,
    u=st.floats(0, 1),
    v=st.floats(0, 1),
    edge=st.sampled_from(["lo", "hi", "in", "in"]),
)


def _value(d: Draw, node):
    """A value a browser could send for `node` (in range for bounded widgets) or hostile text."""
    proto = node.proto
    if isinstance(node, TextInput):
        return d.text
    u = {"lo": 0.0, "hi": 1.0}.get(d.edge, d.u)
    if isinstance(node, NumberInput):
        lo = proto.min if proto.has_min else -1e12
        hi = proto.max if proto.has_max else 1e12
        x = lo + (hi - lo) * u
        return int(round(x)) if proto.data_type == proto.INT else x
    if isinstance(node, SelectSlider):
        # AppTest wants the option itself, not its label: read it back in the current value's type
        now = node.value
        kind = type(now[0] if isinstance(now, (list, tuple)) else now)
        options = [kind(o) for o in node.options]
        a, b = (options[min(int(w * len(options)), len(options) - 1)] for w in (u, d.v))
        if len(proto.default) == 2:
            return sorted([a, b], key=options.index)
        return a
    assert isinstance(node, Slider)
    lo, hi, step = proto.min, proto.max, proto.step or 1
    n = int(round((hi - lo) / step))
    k = [int(round(w * n)) for w in (u, d.v)]
    as_value = (
        (lambda k: int(lo + k * step))
        if proto.data_type == proto.INT
        else (lambda k: round(lo + k * step, 6))
    )
    if len(proto.default) == 2:  # a range: its ends may meet
        return tuple(as_value(x) for x in sorted(k))
    return as_value(k[0])


def _set(node, value) -> None:
    if isinstance(node, TextInput):
        node.input(value)
    else:
        node.set_value(value)


def _default(node):
    proto = node.proto
    if isinstance(node, TextInput):
        return proto.default
    if isinstance(node, NumberInput):
        return int(proto.default) if proto.data_type == proto.INT else proto.default
    if isinstance(node, SelectSlider):
        now = node.value
        kind = type(now[0] if isinstance(now, (list, tuple)) else now)
        picked = [kind(node.options[i]) for i in proto.default]
        return picked if len(picked) == 2 else picked[0]
    values = [int(v) if proto.data_type == proto.INT else v for v in proto.default]
    return tuple(values) if len(values) == 2 else values[0]


def assert_readable_refusals(at, what: str, lang: str = "en") -> None:
    """No exception element; every st.error a sentence a student can read, in their language."""
    assert not at.exception, f"{what}: exception shown: {[e.value for e in at.exception]}"
    for err in at.error:
        text = str(err.value)
        assert text.strip(), f"{what}: an empty error box"
        assert "Traceback" not in text and 'File "' not in text, f"{what}: traceback: {text}"
        assert not PLACEHOLDER.search(text), f"{what}: unformatted placeholder in {text!r}"
        assert len(re.findall(r"[A-Za-z]{2,}|[\u3400-\u9fff]", text)) >= 3, (
            f"{what}: not a sentence: {text!r}"
        )
        assert len(text) < 600, f"{what}: {len(text)} characters is no longer a sentence"
        if lang != "en":
            assert re.search(r"[\u3400-\u9fff]", text), f"{what}: untranslated for {lang}: {text!r}"


@pytest.mark.parametrize("file,lang_index,view", CASES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(d=DRAWS)
def test_every_input_survives_hostile_values(file, lang_index, view, d):
    key = tuple(sorted(view.items()))
    at = _page(file, lang_index, key)
    keys = _keys(file, lang_index, key)
    if not keys:
        return
    node = next((n for n in _inputs(at) if n.key == keys[d.pick % len(keys)]), None)
    if node is None:  # hidden by the state an earlier example left: that example checked it
        return
    value = _value(d, node)
    what = f"{file} [{LANGS[lang_index]}] {node.key}={value!r}"[:300]
    _set(node, value)
    at.run()
    lang = LANGS[lang_index]
    assert_readable_refusals(at, what, lang)
    if at.error:  # refused: the default value must bring the page back
        again = next((n for n in _inputs(at) if n.key == node.key), None)
        if again is not None:
            _set(again, _default(again))
            at.run()
        assert_readable_refusals(at, what + " then default", lang)
        assert not at.error, f"{what}: still refused after restoring the default: {at.error}"


# --- uploads (any page with a file uploader; today the augmentation page) -------------------


def _png(w: int, h: int, mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h)).save(buf, format="PNG")
    return buf.getvalue()


def _jpeg(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, format="JPEG")
    return buf.getvalue()


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG that claims w x h pixels: a valid IHDR and nothing else (a lie about its size)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@cache
def _samples() -> dict[str, bytes]:
    gif = io.BytesIO()
    Image.new("P", (8, 8)).save(gif, format="GIF")
    return {
        "tiny.png": _png(1, 1),
        "grey16.png": _png(20, 10, "I;16"),
        "rgba.png": _png(30, 30, "RGBA"),
        "wide.png": _png(4096, 2),
        "too-wide.png": _png(4097, 1),
        "header-claims-huge.png": _png_header_only(60_000, 60_000),
        "header-claims-bomb.png": _png_header_only(4096, 4096),
        "photo.jpg": _jpeg(640, 480),
        "truncated.png": _png(300, 300)[:200],
        "truncated.jpg": _jpeg(300, 300)[:300],
        "animated-gif-named.png": gif.getvalue(),  # the browser refuses a .gif name itself
        "empty.png": b"",
        "over-5-MB.png": _png(8, 8) + bytes(5 * 1024 * 1024),
    }


UPLOADS = [c for c in CONCEPTS if c.key == "augmentation"]
# What the page must do with each sample: show it (True) or refuse it (False); None: either one.
SHOWN = {"grey16.png": True, "rgba.png": True, "photo.jpg": True, "animated-gif-named.png": None}


def _upload(concept, name: str, content: bytes, shown: bool | None = False) -> None:
    """Upload on the page, check the answer, then remove the file and check again. A refusal is
    exactly one sentence and no picture; an accepted file is pictures and no sentence."""
    at = _page(concept.file, 1, (("aug_image", "upload"),))
    uploader = next(u for u in at.get("file_uploader") if u.key == "aug_upload")
    uploader.set_value((name, content, "image/png"))
    at.run()
    what = f"upload {name} ({len(content)} bytes)"
    assert_readable_refusals(at, what, LANGS[1])
    pictures, sentences = len(at.get("image")), len(at.error)
    if shown is None:
        shown = pictures > 0
    if shown:
        assert pictures >= 2 and sentences == 0, f"{what}: {pictures} pictures, {sentences} errors"
    else:
        assert pictures == 0 and sentences == 1, f"{what}: {pictures} pictures, {sentences} errors"
    uploader = next(u for u in at.get("file_uploader") if u.key == "aug_upload")
    uploader.set_value(None)
    at.run()
    assert not at.exception, f"after removing {name}: {[e.value for e in at.exception]}"


@pytest.mark.parametrize("concept", UPLOADS, ids=lambda c: c.key)
def test_every_kind_of_bad_picture_is_refused_in_a_sentence(concept):
    """The corpus: empty, truncated, over 5 MB, lying headers, 16-bit, transparent, too wide."""
    for name, content in _samples().items():
        _upload(concept, name, content, SHOWN.get(name, False))


@pytest.mark.parametrize("concept", UPLOADS, ids=lambda c: c.key)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    upload=st.one_of(
        st.binary(max_size=3000).map(lambda b: ("random.png", b)),
        st.integers(1, 2000).map(lambda n: ("cut.jpg", _samples()["photo.jpg"][:n])),
        st.integers(1, 1500).map(lambda n: ("cut.png", _samples()["rgba.png"][:n])),
    )
)
def test_random_and_truncated_uploads_are_refused_in_a_sentence(concept, upload):
    name, content = upload
    whole = content in (_samples()["photo.jpg"], _samples()["rgba.png"])  # cut at its full length
    _upload(concept, name, content, None if whole else False)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, without asking Pillow (whose limits the app sets)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_upload_samples_are_what_they_claim():
    """The fuzz corpus itself: the 'huge' files really are huge and the truncated ones broken."""
    s = _samples()
    assert len(s["over-5-MB.png"]) > 5 * 1024 * 1024
    assert _png_size(s["header-claims-huge.png"]) == (60_000, 60_000)
    assert _png_size(s["too-wide.png"]) == (4097, 1)
    assert math.prod(_png_size(s["header-claims-bomb.png"])) == 4096**2
    with pytest.raises(OSError):
        Image.open(io.BytesIO(s["truncated.png"])).load()


# --- shared links: every URL-bound widget of every page, with values nobody's widget would send --


@cache
def _bound_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(page file, its URL-bound widget keys), read off the pages as they render by default."""
    found = []
    for n, c in enumerate(CONCEPTS):
        for i, view in enumerate(VIEWS.get(c.key, [{}])):
            at = _page(c.file, (n + i) % len(LANGS), tuple(sorted(view.items())))
            keys = [w.key for w in at if getattr(w, "key", None) and _bound(w)]
            found.append((c.file, tuple(sorted(set(keys) - SIDEBAR))))
    return tuple(found)


def _bound(node) -> bool:
    proto = getattr(node, "proto", None)
    return bool(getattr(proto, "query_param_key", ""))


URL_VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(["-1", "999999", "1e99", "0.5", "true", "x", "%00", "../../etc/passwd"]),
    st.text(max_size=20),
)


@settings(
    max_examples=max(EXAMPLES, 12),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(pick=st.integers(0, 10_000), values=st.lists(URL_VALUES, min_size=1, max_size=4))
def test_a_shared_link_with_hostile_values_opens_without_a_traceback(pick, values):
    pages = _bound_keys()
    file, keys = pages[pick % len(pages)]
    if not keys:
        return
    params = {keys[(pick + i) % len(keys)]: v for i, v in enumerate(values)}
    lang = LANGS[pick % len(LANGS)]
    at = open_page(file, lang, **params)
    assert_readable_refusals(at, f"{file}?{params}"[:300], lang)
