"""Text laid out in columns by ``pdftotext -layout``: undo the layout before lines are joined.

An official header is a two-cell table: the issuing body on the left, the national motto on the
right, side by side on the same lines ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI ..."); the number and
the place and date share a line too, and so do the recipients and the signature at the end. Each
run of such lines is read column by column, the left cells first, as a text copy of the table gives
them. Body paragraphs open with a first-line indent and wrap to the margin, so a line at the
paragraph indent starts a paragraph even when the line before it ran to the wrap width.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from gdnn.parsing.markers import is_marker_only

_GAP = re.compile(r"(?<=\S) {6,}(?=\S)")
_MIN_INDENTED = 5  # fewer indented lines than this: the text is not laid out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_caps(line: str) -> bool:
    """Capitals (a header or title line): they run on to the next capitals line whatever the indent."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _cells(line: str) -> list[tuple[int, str]]:
    """(column, text) of each cell of a line, cells being separated by wide gaps."""
    out: list[tuple[int, str]] = []
    pos = _indent(line)
    for m in _GAP.finditer(line):
        out.append((pos, line[pos : m.start()]))
        pos = m.end()
    out.append((pos, line[pos:].rstrip()))
    if len(out) > 1 and is_marker_only(out[0][1]):  # "1.      Sở Lao động ...": a hanging list marker
        out[:2] = [(out[0][0], f"{out[0][1]} {out[1][1]}")]
    return out


def _read_columns(run: list[str]) -> list[str]:
    """A run of non-blank lines of which some hold two cells: the left column, then the right."""
    rows = [_cells(line) for line in run]
    if any(len(r) > 2 for r in rows) or any(line.lstrip().startswith("|") for line in run):  # a table
        return run
    split = min(r[1][0] for r in rows if len(r) == 2)
    left: list[str] = []
    right: list[str] = []
    for r in rows:
        for col, text in r:
            (right if col >= split - 4 and col > 0 else left).append(" " * col + text)
    return [*left, "", *right]  # a cell ends at the blank line: "HUYỆN X" does not run on into "CỘNG HÒA ..."


def _paragraph_indent(lines: list[str]) -> int | None:
    """The first-line indent of body paragraphs: the commonest small indent of a line whose next
    line wraps back to the margin."""
    indents = Counter(
        _indent(a) for a, b in itertools.pairwise(lines) if a.strip() and b.strip() and _indent(b) == 0
    )
    candidates = [(n, i) for i, n in indents.items() if 2 <= i <= 16]
    if not candidates or max(candidates)[0] < _MIN_INDENTED:
        return None
    return max(candidates)[1]


def unlayout(text: str) -> str:
    """Laid-out text read column by column, a blank line before each paragraph; other text unchanged."""
    lines = text.split("\n")
    if sum(1 for line in lines if _indent(line) >= 2 and line.strip()) < _MIN_INDENTED:
        return text
    margin = min(_indent(line) for line in lines if line.strip())
    lines = [line[margin:] for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        run = lines[i:j]
        if any(len(_cells(line)) > 1 for line in run):
            run = _read_columns(run)
        out.extend(run)
        if j < len(lines):
            out.append(lines[j])
        i = j + 1
    para = _paragraph_indent(out)
    if para is None:
        return "\n".join(out)
    marked: list[str] = []
    for line in out:
        if abs(_indent(line) - para) <= 1 and marked and marked[-1].strip() and not _is_caps(line):
            marked.append("")
        marked.append(line)
    return "\n".join(marked)
