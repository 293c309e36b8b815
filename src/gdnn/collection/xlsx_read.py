"""The raw content of an uploaded template, read inside the sandbox (no Django, no database).

The zip directory is checked first; then the workbook is opened read-only (streamed) and only the
template's bounds are read: the metadata rows up to the first empty one (at most MAX_META_ROWS),
and on the visible sheet the rows and columns that the cell map names, nothing further. A cell
holding a formula without a cached result is reported, not read as empty.
"""

from __future__ import annotations

import io
from typing import Any

from gdnn.common.archive import ZipBudget, ZipRefused, zip_check
from gdnn.common.sandbox import Refused

SHEET = "Báo cáo"
META = "_meta"
META_KEYS = ("data_set", "org_unit", "period", "template_version")
META_CELLS_FROM = 10
MAX_META_ROWS = 20_000
# A template is a few hundred kilobytes uncompressed; these are generous.
XLSX_BUDGET = ZipBudget(max_entries=100, max_total_bytes=40 * 1024 * 1024, max_entry_bytes=30 * 1024 * 1024,
                        max_ratio=100.0, ratio_from_bytes=512 * 1024)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _split(ref: str) -> tuple[int, int] | None:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    try:
        letters, row = coordinate_from_string(ref)
        return row, column_index_from_string(letters)
    except (ValueError, TypeError):
        return None


def template_extract(*, data: bytes, name: str) -> dict[str, Any]:
    """{"meta", "checksum", "cells", "values", "formulas"}; Refused for a file that is not a template."""
    try:
        zip_check(data, XLSX_BUDGET)
    except ZipRefused as exc:
        raise Refused([f"Tệp “{name}” bị từ chối: {exc.reason}."]) from exc
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # zip, XML or openpyxl errors: the file is not a workbook we can read
        raise Refused([f"Tệp “{name}” không đọc được như một tệp Excel (.xlsx)."]) from exc
    if META not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise Refused([f"Tệp “{name}” không phải là mẫu nhập liệu của hệ thống "
                       "(thiếu trang thông tin mẫu); hãy tải mẫu tại trang nhập liệu."])
    try:
        return _read(wb, formulas_wb, name)
    except Refused:
        raise
    except Exception as exc:  # a malformed sheet inside an otherwise valid package
        raise Refused([f"Tệp “{name}” không đọc được như một tệp Excel (.xlsx)."]) from exc
    finally:
        wb.close()
        formulas_wb.close()


def _read(wb: Any, formulas_wb: Any, name: str) -> dict[str, Any]:
    ms = wb[META]
    meta: dict[str, Any] = {}
    cells: list[list[str]] = []
    checksum = ""
    for number, row in enumerate(ms.iter_rows(min_row=1, max_row=META_CELLS_FROM + MAX_META_ROWS, max_col=3,
                                              values_only=True), start=1):
        row = tuple(row) + (None,) * (3 - len(row))
        if number <= len(META_KEYS):
            meta[META_KEYS[number - 1]] = _text(row[1])
        elif number == 5:
            checksum = _text(row[1])
        elif number >= META_CELLS_FROM:
            if row[0] is None:
                break
            cells.append([_text(row[0]), _text(row[1]), _text(row[2])])
    else:
        if len(cells) >= MAX_META_ROWS:
            raise Refused([f"Tệp “{name}”: trang thông tin mẫu quá dài; đây không phải mẫu của hệ thống."])
    for key in META_KEYS:
        meta.setdefault(key, "")
    meta["cells"] = cells
    wanted: dict[tuple[int, int], str] = {}
    for ref, _, _ in cells:
        at = _split(ref)
        if at is not None:
            wanted[at] = ref
    values: dict[str, object] = {}
    formulas: list[str] = []
    if wanted:
        max_row = max(r for r, _ in wanted)
        max_col = max(c for _, c in wanted)
        sheet, fsheet = wb[SHEET], formulas_wb[SHEET]
        rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)
        frows = fsheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)
        for r, (row, frow) in enumerate(zip(rows, frows, strict=False), start=1):
            for c in range(1, max_col + 1):
                ref = wanted.get((r, c))
                if ref is None:
                    continue
                value = row[c - 1] if c - 1 < len(row) else None
                formula = frow[c - 1] if c - 1 < len(frow) else None
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    formulas.append(ref)
                values[ref] = value
    return {"meta": meta, "checksum": checksum, "cells": cells, "values": values, "formulas": formulas}
