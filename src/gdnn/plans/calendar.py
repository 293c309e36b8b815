"""Reporting calendar: the periods and due dates a reporting duty yields. Pure Python.

Data cut-offs follow Nghị định 09/2019/NĐ-CP art. 12: a 6-month report covers 15/12 of the
previous year to 14/6 (the second half 15/6 to 14/12); a year report covers 15/12 to 14/12.
A report is due DUE_AFTER_CUTOFF days after its cut-off unless the plan states a deadline.
Five-year (sơ kết) and ten-year (tổng kết) reviews fall in the last year of their stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DUE_AFTER_CUTOFF = dt.timedelta(days=6)  # cut-off 14/6 → due 20/6; 14/12 → 20/12


@dataclass(frozen=True)
class DueReport:
    period: str  # "2025S1", "2025", "2021-2025"
    data_from: dt.date
    data_to: dt.date
    due: dt.date


def _stated_deadline(deadline: str, year: int, default_month: int) -> dt.date | None:
    """'trước ngày 15/6' / 'trước ngày 10 tháng 12' → that day in the period's year."""
    m = re.search(r"(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})", deadline or "")
    if not m:
        return None
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def semiannual(year: int, half: int, deadline: str = "") -> DueReport:
    if half == 1:
        start, end = dt.date(year - 1, 12, 15), dt.date(year, 6, 14)
    else:
        start, end = dt.date(year, 6, 15), dt.date(year, 12, 14)
    due = end + DUE_AFTER_CUTOFF
    stated = _stated_deadline(deadline, year, end.month)
    if stated and abs((stated - end).days) <= 60:
        due = stated
    return DueReport(f"{year}S{half}", start, end, due)


def annual(year: int, deadline: str = "") -> DueReport:
    start, end = dt.date(year - 1, 12, 15), dt.date(year, 12, 14)
    due = end + DUE_AFTER_CUTOFF
    stated = _stated_deadline(deadline, year, 12)
    if stated and abs((stated - end).days) <= 60:
        due = stated
    return DueReport(str(year), start, end, due)


def reports_due(*, frequency: str, first_year: int, last_year: int, deadline: str = "") -> list[DueReport]:
    """Every report a duty of this frequency owes from first_year to last_year inclusive."""
    out: list[DueReport] = []
    if frequency == "6-monthly":
        for year in range(first_year, last_year + 1):
            out += [semiannual(year, 1, deadline), semiannual(year, 2, deadline)]
    elif frequency == "annual":
        out = [annual(year, deadline) for year in range(first_year, last_year + 1)]
    elif frequency in ("5-year", "10-year"):
        span = 5 if frequency == "5-year" else 10
        # Stages of the national strategy: 2021–2025, 2026–2030 (sơ kết), 2021–2030 (tổng kết).
        for stage_end in range(2025 if span == 5 else 2030, last_year + 1, span):
            if stage_end >= first_year:
                report = annual(stage_end, deadline)
                out.append(DueReport(f"{stage_end - span + 1}-{stage_end}", dt.date(stage_end - span, 12, 15),
                                     report.data_to, report.due))
    return out
