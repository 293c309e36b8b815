"""Output cells that a spreadsheet could run: one rule for every XLSX and CSV the product writes.

A text that starts with = + - @ (or a tab or carriage return) is what Excel and LibreOffice read
as a formula; a name such as `=HYPERLINK("http://…","Bấm vào đây")` typed into an institution's
record must reach a report workbook as that text, never as a live formula. Plain numbers written
as text ("-5", "+3.25") are data and stay as they are.

- CSV: `cell_safe` puts an apostrophe in front (the usual defence; spreadsheets hide it).
- XLSX: `xlsx_neutralise` walks the finished workbook and stores every such text as a string with
  Excel's quote prefix (shown exactly, never evaluated), except the formulas the writer intends,
  which it names by sheet and coordinate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value)


def cell_safe(value: Any) -> Any:
    """The value as it may go into a CSV cell."""
    return "'" + value if formula_like(value) else value


def xlsx_neutralise(workbook: Any, keep: Iterable[tuple[str, str]] = ()) -> int:
    """Turn every formula-like cell of an openpyxl workbook into literal text, except `keep`
    ((sheet title, coordinate) of the writer's own formulas); the number of cells changed."""
    allowed = set(keep)
    changed = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if (ws.title, cell.coordinate) in allowed:
                    continue
                if cell.data_type == "f" or formula_like(cell.value):
                    cell.value = str(cell.value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
