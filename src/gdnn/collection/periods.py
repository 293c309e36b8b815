"""Reporting periods in DHIS2 notation with their Nghị định 09/2019/NĐ-CP art. 12 cut-offs.

    2025S1   15/12/2024 – 14/06/2025   (6-month report)
    2025S2   15/06/2025 – 14/12/2025   (second half)
    2025     15/12/2024 – 14/12/2025   (annual report)

A data set opens for entry on the first day of the period and closes `close_after_days` after the
cut-off end (default 15: S1 closes 29/06, S2 and the year 29/12, before the Sở's 15/01 statistical
deadline under Thông tư 15/2019/TT-BLĐTBXH). A DataSetWindow row overrides both dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gdnn.common.errors import DomainError

SEMIANNUAL = "semiannual"
ANNUAL = "annual"
DEFAULT_CLOSE_AFTER_DAYS = 15
_PATTERN = re.compile(r"^(\d{4})(S[12])?$")


@dataclass(frozen=True)
class Period:
    code: str
    year: int
    half: int | None  # 1, 2 or None for a year

    @property
    def period_type(self) -> str:
        return ANNUAL if self.half is None else SEMIANNUAL

    @property
    def start(self) -> dt.date:
        if self.half == 2:
            return dt.date(self.year, 6, 15)
        return dt.date(self.year - 1, 12, 15)

    @property
    def end(self) -> dt.date:
        if self.half == 1:
            return dt.date(self.year, 6, 14)
        return dt.date(self.year, 12, 14)

    @property
    def label_vi(self) -> str:
        if self.half is None:
            return f"Năm {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"

    @property
    def label_en(self) -> str:
        if self.half is None:
            return f"Year {self.year}"
        return f"{'First' if self.half == 1 else 'Second'} half of {self.year}"

    def previous(self) -> Period:
        if self.half is None:
            return Period(str(self.year - 1), self.year - 1, None)
        if self.half == 2:
            return Period(f"{self.year}S1", self.year, 1)
        return Period(f"{self.year - 1}S2", self.year - 1, 2)

    def default_window(self, close_after_days: int = DEFAULT_CLOSE_AFTER_DAYS) -> tuple[dt.date, dt.date]:
        return self.start, self.end + dt.timedelta(days=close_after_days)

    def __str__(self) -> str:
        return self.code


def period_parse(code: str) -> Period:
    """'2025S1' | '2025S2' | '2025' → Period; DomainError with a Vietnamese message otherwise."""
    text = (code or "").strip().upper()
    match = _PATTERN.match(text)
    if not match or not 1900 <= int(match.group(1)) <= 2200:
        raise DomainError(f"Kỳ báo cáo không hợp lệ: “{code}” (dùng dạng 2025S1, 2025S2 hoặc 2025).")
    year = int(match.group(1))
    half = int(match.group(2)[1]) if match.group(2) else None
    return Period(text, year, half)


def period_for_date(on: dt.date, period_type: str) -> Period:
    """The period whose cut-off range contains the date."""
    year = on.year + 1 if (on.month, on.day) >= (12, 15) else on.year
    if period_type == ANNUAL:
        return Period(str(year), year, None)
    half = 1 if dt.date(year - 1, 12, 15) <= on <= dt.date(year, 6, 14) else 2
    return Period(f"{year}S{half}", year, half)


def periods_recent(period_type: str, on: dt.date, count: int = 4) -> list[Period]:
    current = period_for_date(on, period_type)
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out
