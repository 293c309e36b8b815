"""Read an uploaded CSV or XLSX table into rows of text, inside the sandbox (no Django).

Every labour upload (enterprise register, graduate list, the ministry's occupation list) goes
through `table_read` in `gdnn.common.sandbox`, so a hostile workbook costs a bounded child process.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from gdnn.common.archive import ZipBudget, ZipRefused, zip_check
from gdnn.common.sandbox import Refused

MAX_ROWS = 50_000
MAX_COLS = 30
BUDGET = ZipBudget(max_entries=200, max_total_bytes=60 * 1024 * 1024, max_entry_bytes=50 * 1024 * 1024,
                   max_ratio=100.0, ratio_from_bytes=512 * 1024)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def table_read(*, data: bytes, name: str) -> list[list[str]]:
    lower = name.lower()
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise Refused([f"Tệp “{name}”: tệp CSV phải mã hóa UTF-8."])
        rows = []
        reader = csv.reader(io.StringIO(text, newline=""))  # newline="": the csv module reads \r itself
        try:
            for row in reader:
                rows.append([c.strip() for c in row[:MAX_COLS]])
                if len(rows) > MAX_ROWS:
                    raise Refused([f"Tệp “{name}”: quá {MAX_ROWS} dòng."])
        except csv.Error as exc:
            raise Refused([f"Tệp “{name}”, dòng {reader.line_num}: không đọc được như CSV (có ký tự lạ hoặc xuống dòng giữa ô chưa đặt trong ngoặc kép)."]) from exc
        return rows
    if lower.endswith(".xlsx"):
        try:
            zip_check(data, BUDGET)
        except ZipRefused as exc:
            raise Refused([f"Tệp “{name}” bị từ chối: {exc.reason}."]) from exc
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            ws = wb.worksheets[0]
            rows = []
            for row in ws.iter_rows(max_col=MAX_COLS, values_only=True):
                rows.append([_cell(v) for v in row])
                if len(rows) > MAX_ROWS:
                    raise Refused([f"Tệp “{name}”: quá {MAX_ROWS} dòng."])
            wb.close()
        except Refused:
            raise
        except Exception as exc:  # zip, XML or openpyxl errors
            raise Refused([f"Tệp “{name}” không đọc được như một tệp Excel (.xlsx)."]) from exc
        while rows and not any(rows[-1]):
            rows.pop()
        return rows
    raise Refused([f"Tệp “{name}”: chỉ nhận tệp .csv hoặc .xlsx."])
