"""The notebook builder (ui/notebook.py): cells cut where a reader expects them and nowhere
else, no HTML from the sentences, a link that cannot be broken out of, valid nbformat 4."""

from __future__ import annotations

import json

import nbformat

from ui.notebook import View, build, link_to, no_html, split_cells

SNIPPET = '''import math

import torch


def walk(fn, depth=0):
    """A docstring.

    With a blank line inside."""
    print(fn)

    return depth


text = """one

two"""
x = torch.ones(2)
print(x)
print(x.sum())
y = x * 2
for k in range(2):

    print(k)
# the comment above z
z = y + 1
'''


def test_cells_are_imports_then_blocks_then_one_per_printed_result():
    assert split_cells(SNIPPET) == [
        "import math\n\nimport torch",
        'def walk(fn, depth=0):\n    """A docstring.\n\n    With a blank line inside."""\n'
        "    print(fn)\n\n    return depth",
        'text = """one\n\ntwo"""\nx = torch.ones(2)\nprint(x)\nprint(x.sum())',
        "y = x * 2\nfor k in range(2):\n\n    print(k)",
        "# the comment above z\nz = y + 1",
    ]


def test_every_cell_compiles_alone_and_together_they_are_the_snippet():
    cells = split_cells(SNIPPET)
    for cell in cells:
        compile(cell, "<cell>", "exec")
    lines = [line for line in SNIPPET.splitlines() if line.strip()]
    assert [line for cell in cells for line in cell.splitlines() if line.strip()] == lines


def test_a_snippet_that_marks_its_cells_is_cut_only_there():
    code = "import torch\n# %% the work\nx = 1\n\ny = 2\nprint(x)\nz = 3\n# %%\nprint(z)\n"
    assert split_cells(code) == ["import torch", "x = 1\n\ny = 2\nprint(x)\nz = 3", "print(z)"]


def test_code_that_does_not_parse_stays_one_cell():
    assert split_cells("x = (1,\n\ny = 2\n") == ["x = (1,\n\ny = 2"]


def test_sentences_keep_their_markdown_but_no_html():
    assert no_html("|f′| < 0.1 and **bold** & `a<b>`") == "|f′| &lt; 0.1 and **bold** & `a<b>`"
    assert no_html("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert no_html("&lt;script&gt;") == "&amp;lt;script&amp;gt;"  # shown as typed, not decoded
    assert no_html(r"a \<b> c") == r"a \<b&gt; c"  # an escaped < is already a character
    assert no_html("`` `<b>` ``") == "`` `<b>` ``"


def test_the_link_back_percent_encodes_what_a_url_could_carry():
    hostile = [("s_ops", ".t()](javascript:alert(1)) <b>"), ("lang", "zh-TW")]
    link = link_to("http://127.0.0.1:8501/stride-offset", hostile)
    assert link == (
        "http://127.0.0.1:8501/stride-offset?s_ops=.t%28%29%5D%28javascript%3Aalert%281%29%29"
        "%20%3Cb%3E&lang=zh-TW"
    )
    assert link_to("/broadcast", []) == "/broadcast"


def test_the_notebook_is_valid_nbformat_4_with_title_notices_and_code():
    view = View(
        title="Storage, stride & offset",
        intro="One flat block of memory.",
        link="/stride-offset?lang=en",
        link_words="Open this view",
        notice_title="What to notice",
        notices=("y has stride [1, 4].", "a <b>tag</b> typed by `<b>`"),
        code_title="The code",
        lang="en",
    )
    raw = build(view, "import torch\n\nx = torch.ones(2)\nprint(x)\n")
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    assert json.loads(raw)["nbformat"] == 4
    assert [c.cell_type for c in nb.cells] == ["markdown"] * 3 + ["code"] * 2
    assert nb.cells[0].source == (
        "# Storage, stride & offset\n\nOne flat block of memory.\n\n"
        "[Open this view](/stride-offset?lang=en)"
    )
    assert nb.cells[1].source == (
        "## What to notice\n\n- y has stride [1, 4].\n- a &lt;b&gt;tag&lt;/b&gt; typed by `<b>`"
    )
    assert [c.source for c in nb.cells[3:]] == ["import torch", "x = torch.ones(2)\nprint(x)"]
    assert nb.metadata.kernelspec.name == "python3"


def test_a_view_without_sentences_has_no_empty_notice_cell():
    view = View("T", "I", "/p", "Open", "What to notice", (), "Code", "zh-TW")
    nb = nbformat.reads(build(view, "print(1)").decode("utf-8"), as_version=4)
    assert [c.source for c in nb.cells] == ["# T\n\nI\n\n[Open](/p)", "## Code", "print(1)"]
