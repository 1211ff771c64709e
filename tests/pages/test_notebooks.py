"""Every page's "download as notebook", at its default view and at a changed one.

Each view is opened through app.py (AppTest); the notebook is the bytes the page's download
button serves (its deferred callable, caught where Streamlit registers it). The notebook must be
valid nbformat 4, say the page's "what to notice" sentences, hold the code panel's snippet whole,
and — run in a fresh interpreter — print what the snippet prints and the numbers the page shows.

Running: one `python` subprocess (a fresh interpreter, torch imported once) runs all the views:
each notebook's code cells in order in one fresh namespace, as a kernel would, and beside it the
snippet shown in st.code in another fresh namespace; stdout is captured per run.
"""

from __future__ import annotations

import ast
import html
import json
import re
import subprocess
import sys

import nbformat
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.conftest import ROOT
from tests.pages.conftest import assert_clean, chart_rows, open_page
from ui.concepts import CONCEPTS
from ui.text import strings

# One changed view per page: a link whose numbers differ from the default view's.
CHANGED: dict[str, dict[str, str | list[str]]] = {
    "strides": {"s_shape": "2, 6", "s_ops": "[:, 1::2].t()"},
    "broadcasting": {"bc_a": "4, 3", "bc_b": "3"},
    "dtypes": {"dt_x": "70000"},
    "activations": {"act_fns": ["leaky_relu", "softplus"], "act_x0": "-0.7"},
    "softmax": {"sm_logits": "3, -1, 0.5", "sm_temp": "2.0", "sm_y": "2"},
    "losses": {"loss_y": "-0.5", "loss_x0": "0.7"},
    "convolution": {"cv_stride": "2", "cv_in_ch": "2", "cv_out_ch": "4", "cv_groups": "2"},
    "data": {"data_n": "20", "data_batch": "6", "data_sampler": "shuffle", "data_seed": "3"},
    "autograd": {"ag_expr": "w * x", "ag_values": "w = 3; x = 2"},
    "optimizers": {"opt_steps": "40", "opt_kappa": "4.0"},
    "augmentation": {"aug_seed": "5", "aug_n": "4"},
    "training": {"tr_seed": "7", "tr_noise": "30", "tr_budget": "20"},
}
VIEWS = [(c, view) for c in CONCEPTS for view in ("default", "changed")]

# Reads one job a line and runs it at once, so the interpreter works while the next page opens.
_RUNNER = """
import contextlib, io, json, sys, traceback
import torch
torch.set_num_threads(1)  # as the pages computed in this test process (tests/conftest.py)
for line in sys.stdin:
    job, out = json.loads(line), {}
    for part, cells in (("notebook", job["cells"]), ("snippet", [job["snippet"]])):
        namespace, printed = {"__name__": "__main__"}, io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                for i, cell in enumerate(cells):
                    exec(compile(cell, f"<{job['id']} {part} cell {i}>", "exec"), namespace)
        except Exception:
            printed.write("RAISED " + traceback.format_exc())
        out[part] = printed.getvalue()
    print(json.dumps(out), flush=True)
"""


def code_panel_snippet(at) -> str:
    """The st.code of the page's (first) code panel: the expander titled "The PyTorch code..."."""
    title = strings("en")["common.code_title"]
    return next(e for e in at.expander if e.label == title).code[0].value


def notice_sentences(at) -> list[str]:
    """The bullets of the page's "What to notice" box, as the page rendered them."""
    values = [m.value for m in at.markdown]
    title = f"**{strings('en')['common.notice']}**"
    return [line[2:] for line in values[values.index(title) + 1].splitlines()]


def deferred_downloads(mp: pytest.MonkeyPatch) -> list:
    """(file name, function) of every deferred download a run registers, in order: calling the
    function builds what a click in the browser would get."""
    made: list = []
    add = MediaFileManager.add_deferred

    def spy(self, data, mimetype, coordinates, file_name=None, **kw):
        made.append((file_name, data))
        return add(self, data, mimetype, coordinates, file_name=file_name, **kw)

    mp.setattr(MediaFileManager, "add_deferred", spy)
    return made


@pytest.fixture(scope="module")
def views():
    """Every page at both views: the page (AppTest), its notebook, and what both print."""
    found = {}
    runner = subprocess.Popen(
        [sys.executable, "-c", _RUNNER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT.parent,  # not the project: a notebook imports only torch and the stdlib
    )
    try:
        with pytest.MonkeyPatch.context() as mp:
            made = deferred_downloads(mp)
            for concept, view in VIEWS:
                made.clear()
                query = CHANGED[concept.key] if view == "changed" else {}
                at = open_page(concept.file, "en", **query)
                name, build = next((n, b) for n, b in made if n.endswith(".ipynb"))
                nb = nbformat.reads(build().decode("utf-8"), as_version=4)  # what a click serves
                cells = [c.source for c in nb.cells if c.cell_type == "code"]
                snippet = code_panel_snippet(at)
                job = {"id": f"{concept.key}-{view}", "cells": cells, "snippet": snippet}
                runner.stdin.write(json.dumps(job) + "\n")
                runner.stdin.flush()
                found[job["id"]] = {"at": at, "nb": nb, "name": name, "cells": cells}
    except BaseException:
        runner.kill()  # no interpreter left waiting for jobs
        raise
    printed, _ = runner.communicate(timeout=600)
    assert runner.returncode == 0
    for v, line in zip(found.values(), printed.splitlines(), strict=True):
        v["printed"], v["snippet_printed"] = json.loads(line).values()
    return found


@pytest.mark.parametrize(("concept", "view"), VIEWS, ids=[f"{c.key}-{v}" for c, v in VIEWS])
def test_the_notebook_is_valid_and_reproduces_the_code_panel(views, concept, view):
    v = views[f"{concept.key}-{view}"]
    at, nb = v["at"], v["nb"]
    assert_clean(at)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and v["name"] == f"{concept.url_path}.ipynb"
    title = nb.cells[0].source
    assert title.startswith(f"# {strings('en')[f'{concept.key}.title']}\n")
    assert f"(/{concept.url_path}?lang=en" in title
    for key in CHANGED[concept.key] if view == "changed" else ():
        assert f"&{key}=" in title  # the link opens this very view again
    said = html.unescape(nb.cells[1].source)
    for sentence in notice_sentences(at):
        assert f"- {sentence}" in said
    snippet = code_panel_snippet(at)
    assert _lines("\n".join(v["cells"])) == _lines(snippet)  # every line, in order, none added
    assert len(v["cells"]) >= 2  # imports apart from the work
    assert "RAISED" not in v["printed"], v["printed"]
    assert v["printed"] == v["snippet_printed"]
    assert v["printed"].strip()


def test_a_chinese_presenter_view_gives_a_chinese_notebook_for_the_desk(monkeypatch):
    """Title and sentences in the reader's language; the link keeps the view but not presenter
    mode; the free-mode tab's panel (drawn only when that tab is open) gets no sentence of the
    chain tab."""
    made = deferred_downloads(monkeypatch)
    at = open_page("app_pages/strides.py", "zh-TW", present="true", s_shape="2, 6")
    assert_clean(at)
    [(first, chain)] = [(n, json.loads(b())) for n, b in made if n.endswith(".ipynb")]
    assert first == "stride-offset.ipynb"
    words = strings("zh-TW")
    head = "".join(chain["cells"][0]["source"])
    assert head.startswith(f"# {words['strides.title']}\n") and words["notebook.open"] in head
    assert "s_shape=2%2C%206" in head and "present" not in head
    sentences = "".join(chain["cells"][1]["source"])
    assert sentences.startswith(f"## {words['common.notice']}")
    assert "y 的 size 是 [6, 2]" in sentences

    made.clear()
    at = open_page("app_pages/strides.py", "zh-TW", present="true", s_shape="2, 6", s_view="free")
    assert_clean(at)
    free = json.loads(next(b for n, b in reversed(made) if n.endswith(".ipynb"))())
    text = "".join("".join(c["source"]) for c in free["cells"] if c["cell_type"] == "markdown")
    assert "y 的 size 是" not in text and words["common.code_title"] in text


def _lines(code: str) -> list[str]:
    return [line for line in code.splitlines() if line.strip()]


# What the notebook prints, read against what the page shows (tables, metrics, charts, sentences):
# the same comparisons as each page's own code-panel test, made at both views of every page.


def _strides(at, out):
    size, stride, offset, contiguous = re.match(
        r"torch.Size\(\[(.*)\]\) \((.*)\) (\d+) (\w+)", out
    ).groups()
    last = at.table[0].value.iloc[-1]
    assert (last["size"], last["stride"]) == (f"[{size}]", f"[{stride.rstrip(',')}]")
    assert str(last["storage_offset"]) == offset
    assert last["is_contiguous"] == ("yes" if contiguous == "True" else "no")


def _broadcasting(at, out):
    shape = re.match(r"torch.Size\(\[(.*)\]\)", out).group(1)
    assert f"**({shape})**" in at.success[0].value


def _dtypes(at, out):
    table = at.table[0].value.set_index("dtype")
    for line in out.splitlines():
        name, _, stored, below, above = line.split()
        row = table.loc[name.removeprefix("torch.")]
        shown = [float(row.iloc[i]) for i in (0, 2, 3)]  # stored value, neighbours below/above
        assert shown == [float(stored), float(below), float(above)]


def _activations(at, out):
    name, fx, dfx, share = re.match(
        r"(\w+): f\(x0\) = (\S+), f'\(x0\) = (\S+), saturated on (\d+%)", out
    ).groups()
    said = " ".join(notice_sentences(at))
    assert f"{name}(x₀) = {fx} and f′(x₀) = {dfx}" in said
    assert f"**{name}** is saturated (|f′| < 0.1) on {share}" in said


def _softmax(at, out):
    grad = [float(g) for g in re.findall(r"-?\d+\.\d+", out.splitlines()[1])]
    shown = {m.label: m.value for m in at.metric}
    y = int(next(k for k in shown if k.startswith("p("))[2:-1])
    assert f"{grad[y] + 1:.4f}" == shown[f"p({y})"]  # d CE / d u_y = p_y - 1


def _losses(at, out):
    said = notice_sentences(at)
    for line in out.splitlines():
        name, loss, grad = line.split()
        assert any(f"**{name}** = {float(loss):.4g}, ∂L/∂x = {float(grad):.4g}" in s for s in said)


def _convolution(at, out):
    shape, _, params = out.splitlines()[:3]
    *_, h, w = ast.literal_eval(shape)
    assert f"gives a {h}×{w} output" in notice_sentences(at)[0]
    assert {m.label: m.value for m in at.metric}["parameters"] == f"{int(params):,}"


def _data(at, out):
    shown = {m.label: m.value for m in at.metric}
    first = ast.literal_eval(re.search(r"^epoch 1 (.*)$", out, re.M).group(1))
    assert shown["batches per epoch"] == str(len(first))
    assert shown["last batch of epoch 1"] == str(len(first[-1]))


def _autograd(at, out):
    printed = dict(re.findall(r"^(\w)\.grad (\S+)$", out, re.M))
    rows = [r for c in at.get("vega_lite_chart") for r in chart_rows(c) if "below" in r]
    drawn = {r["below"][0]: r["grad"] for r in rows if r["name"] == "AccumulateGrad"}
    assert {k: f"{float(v):.4g}" for k, v in printed.items()} == drawn


def _optimizers(at, out):
    rows = [r for r in chart_rows(at.get("vega_lite_chart")[0]) if "run" in r and "loss" in r]
    ends = {r["run"]: (r["x"], r["y"]) for r in sorted(rows, key=lambda r: r["step"])}
    printed = dict(re.findall(r"^(.+?) ends at (\(.*?\)) after", out, re.M))
    assert {k: ast.literal_eval(v) for k, v in printed.items()} == ends


def _augmentation(at, out):
    drawn = [c.value for c in at.caption if c.value.startswith("**#")]
    assert out.split()[0] == str(len(drawn))


def _training(at, out):
    epoch0 = ast.literal_eval(re.search(r"^epoch +0 (.*)$", out, re.M).group(1))
    shown = {m.label: m.value for m in at.metric}
    assert shown["Training loss"] == f"{epoch0['train_loss']:.4f}"
    assert shown["Validation loss"] == f"{epoch0['val_loss']:.4f}"
    assert shown["Validation accuracy"] == f"{epoch0['val_accuracy']:.1%}"


ON_PAGE = {
    "strides": _strides,
    "broadcasting": _broadcasting,
    "dtypes": _dtypes,
    "activations": _activations,
    "softmax": _softmax,
    "losses": _losses,
    "convolution": _convolution,
    "data": _data,
    "autograd": _autograd,
    "optimizers": _optimizers,
    "augmentation": _augmentation,
    "training": _training,
}


@pytest.mark.parametrize(("concept", "view"), VIEWS, ids=[f"{c.key}-{v}" for c, v in VIEWS])
def test_the_notebook_prints_the_numbers_on_the_page(views, concept, view):
    v = views[f"{concept.key}-{view}"]
    ON_PAGE[concept.key](v["at"], v["printed"])


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c.key for c in CONCEPTS])
def test_the_comparison_with_the_page_tells_the_two_views_apart(views, concept):
    """The check above can fail: the default view's printout does not pass on the changed page."""
    changed, default = views[f"{concept.key}-changed"], views[f"{concept.key}-default"]
    with pytest.raises(AssertionError):
        ON_PAGE[concept.key](changed["at"], default["printed"])
