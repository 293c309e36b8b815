"""Data values as CSV in DHIS2's data-value layout, both ways.

Columns (a header line is optional; extra DHIS2 columns such as attributeoptioncombo, storedby,
lastupdated, comment, followup are read and ignored):

    dataelement, period, orgunit, categoryoptioncombo, value

`dataelement` is our data element code (ENROLMENT), `period` DHIS2's notation (2025S1, 2025),
`orgunit` the org-unit code (institution code, 5-digit commune code, 2-digit province code), and
`categoryoptioncombo` the canonical disaggregation key of the value: "category:option" pairs
joined by "|", e.g. "sex:female|training_level:college" (any category order is accepted and
re-sorted; an element without categories takes "" or DHIS2's "default"). An empty value clears it.
A file saved by Excel with a Vietnamese locale uses ";" between columns; that is recognised too.
"""

from __future__ import annotations

import csv
import io

from gdnn.collection.uploads import ImportBatch, ImportRejected, ImportRow
from gdnn.common.cells import cell_safe

COLUMNS = ["dataelement", "period", "orgunit", "categoryoptioncombo", "value"]
EXPORT_COLUMNS = [*COLUMNS, "storedby", "lastupdated"]


def csv_read(*, data: bytes, name: str) -> ImportBatch:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([f"Tệp “{name}” không phải văn bản UTF-8; hãy lưu CSV với mã hóa UTF-8."]) from exc
    try:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","  # Excel in vi-VN writes ";"
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ImportRejected([f"Tệp “{name}” không đọc được như CSV: {exc}."]) from exc
    lines = [(i, line) for i, line in enumerate(parsed, start=1) if any(cell.strip() for cell in line)]
    if not lines:
        raise ImportRejected([f"Tệp “{name}” không có dòng dữ liệu nào."])
    columns = COLUMNS
    first = [c.strip().casefold() for c in lines[0][1]]
    if "dataelement" in first:
        missing = [c for c in COLUMNS if c not in first]
        if missing:
            raise ImportRejected([f"Tệp “{name}”, dòng 1: thiếu cột {', '.join(missing)}."])
        columns = first
        lines = lines[1:]
    at = {c: columns.index(c) for c in COLUMNS}
    rows, errors = [], []
    for number, line in lines:
        if len(line) < len(COLUMNS):
            errors.append(f"Dòng {number}: cần {len(COLUMNS)} cột ({', '.join(COLUMNS)}), có {len(line)}.")
            continue
        get = lambda column, line=line: line[at[column]].strip() if at[column] < len(line) else ""  # noqa: E731
        rows.append(ImportRow(f"Dòng {number}", get("orgunit"), get("period"), get("dataelement"),
                              get("categoryoptioncombo"), get("value")))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([f"Tệp “{name}” chỉ có dòng tiêu đề, không có số liệu."])
    return ImportBatch("csv", name, rows)


def csv_write(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: cell_safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
