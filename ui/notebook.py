"""A page's view as a Jupyter notebook: a title cell with the link back, the "what to notice"
sentences, and the page's runnable snippet split into cells.

Pure: no Streamlit here (ui/panels.py draws the button), so tests build the same bytes the button
serves. `nbformat` is imported when a notebook is built, i.e. when a student clicks, never on a
rerun.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from urllib.parse import quote

MARKER = re.compile(r"^# %%")  # a cell boundary a snippet may set itself (Jupytext, VS Code)
# In a notebook's Markdown, raw HTML renders. Outside code spans, `<`, `>` and the `&` of an
# entity become entities; a code span or a backslash escape is kept whole (either already shows
# its characters as they are).
_MARKDOWN_HTML = re.compile(r"(`+)(.*?)\1|\\[!-/:-@\[-`{-~]|[<>]|&(?=#?\w+;)", re.S)
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


@dataclass(frozen=True)
class View:
    """What a notebook says besides the code, in the reader's language."""

    title: str  # the page's title
    intro: str  # its one-sentence intro
    link: str  # the page with its query: opens this very view again
    link_words: str  # "Open this view in the app"
    notice_title: str  # "What to notice"
    notices: tuple[str, ...]  # the sentences the page drew, numbers filled in
    code_title: str  # "The PyTorch code for this view"
    lang: str  # en, zh-TW or zh-CN


def no_html(markdown: str) -> str:
    """`markdown` with no HTML a notebook would render: what a student typed reaches our sentences
    only as a code span (ui/text.py), and this keeps any other `<tag>` a character too."""

    def keep(m: re.Match) -> str:
        return _ENTITIES.get(m.group(0), m.group(0))

    return _MARKDOWN_HTML.sub(keep, markdown)


def split_cells(code: str) -> list[str]:
    """The snippet in notebook cells, losing no line: at `# %%` markers if it has any; otherwise
    the imports first, then its blank-line blocks, each cut again after a statement that prints
    (so each printed result ends a cell and the statements after it start the next)."""
    lines = code.strip("\n").splitlines()
    if any(MARKER.match(line) for line in lines):
        cells, cell = [], []
        for line in lines:
            if MARKER.match(line):
                cells.append(cell)
                cell = []
            else:
                cell.append(line)
        return _tidy([*cells, cell])
    try:
        tree = ast.parse(code.strip("\n"))
    except SyntaxError:
        return _tidy([lines])
    cuts = _cut_lines(tree, lines)
    cells, start = [], 0
    for cut in sorted(cuts):
        cells.append(lines[start:cut])
        start = cut
    cells.append(lines[start:])
    cells = _tidy(cells)
    return _imports_first(cells)


def _cut_lines(tree: ast.Module, lines: list[str]) -> set[int]:
    """0-based line numbers a new cell starts at: after a blank line between two top-level
    statements, and after a statement that prints when a statement that does not follows it."""
    inside = {n for s in tree.body for n in range(s.lineno - 1, s.end_lineno or s.lineno)}
    cuts = {
        i + 1
        for i, line in enumerate(lines[:-1])
        if not line.strip() and i not in inside and lines[i + 1].strip()
    }
    for before, after in zip(tree.body, tree.body[1:], strict=False):
        if _prints(before) and not _prints(after):
            cuts.add(_first_line(after, lines))
    return cuts


def _first_line(stmt: ast.stmt, lines: list[str]) -> int:
    """0-based line a statement starts at, its decorators and the comments just above it
    included: a comment belongs to the code it introduces."""
    first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))]) - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    return first


def _prints(stmt: ast.stmt) -> bool:
    """The statement prints when it runs (defining a function that prints does not)."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return False
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        for n in ast.walk(stmt)
    )


def _is_setup(cell: str) -> bool:
    """Only imports (and a docstring or comments): what a notebook's first cell holds."""
    try:
        body = ast.parse(cell).body
    except SyntaxError:
        return False
    return all(
        isinstance(s, ast.Import | ast.ImportFrom)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
    )


def _imports_first(cells: list[str]) -> list[str]:
    """The leading import blocks (`import math` / `import torch` apart) in one cell."""
    k = 0
    while k < len(cells) and _is_setup(cells[k]):
        k += 1
    return ["\n\n".join(cells[:k]), *cells[k:]] if k > 1 else cells


def _tidy(cells: list[list[str]]) -> list[str]:
    """Each cell without blank lines at its ends; cells with no code at all dropped."""
    out = []
    for cell in cells:
        text = "\n".join(cell).strip("\n")
        if text.strip():
            out.append(text)
    return out


def link_to(base: str, query: list[tuple[str, str]]) -> str:
    """The page's address with its query, every character outside a plain URL percent-encoded,
    so the Markdown link can neither break nor carry markup."""
    safe_base = quote(base, safe=":/%")
    pairs = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
    return f"{safe_base}?{pairs}" if pairs else safe_base


def build(view: View, code: str) -> bytes:
    """The notebook (nbformat 4, validated) as the bytes of an .ipynb file."""
    import nbformat  # here, not at import: only a click pays for it
    from nbformat import v4

    head = f"# {no_html(view.title)}\n\n{no_html(view.intro)}\n\n[{view.link_words}]({view.link})"
    cells = [v4.new_markdown_cell(head)]
    if view.notices:
        points = "\n".join(f"- {no_html(' '.join(p.splitlines()))}" for p in view.notices)
        cells.append(v4.new_markdown_cell(f"## {no_html(view.notice_title)}\n\n{points}"))
    cells.append(v4.new_markdown_cell(f"## {no_html(view.code_title)}"))
    cells += [v4.new_code_cell(source) for source in split_cells(code)]
    notebook = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "concept_explorer": {"link": view.link, "lang": view.lang},
        },
    )
    nbformat.validate(notebook)
    return nbformat.writes(notebook).encode("utf-8")
