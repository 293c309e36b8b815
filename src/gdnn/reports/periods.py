"""Report periods: a half-year ("2025S1"), a year ("2025") or a five-year sơ kết ("2021-2025")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext

from gdnn.collection.periods import Period, period_parse
from gdnn.common.errors import DomainError

_RANGE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
SEMIANNUAL, ANNUAL, FIVE_YEAR = "6-monthly", "annual", "5-year"


@dataclass(frozen=True)
class ReportPeriod:
    code: str
    kind: str  # 6-monthly | annual | 5-year (ReportingDuty.Frequency values)
    first_year: int
    last_year: int
    half: int | None = None

    @property
    def data_period(self) -> str:
        """The analytics period whose values are the report's "Thực hiện"."""
        return f"{self.last_year}S{self.half}" if self.half else str(self.last_year)

    @property
    def comparison_period(self) -> str:
        """The same period a year earlier; for a five-year report, the year before it began."""
        if self.kind == FIVE_YEAR:
            return str(self.first_year - 1)
        return f"{self.last_year - 1}S{self.half}" if self.half else str(self.last_year - 1)

    @property
    def comparison_label(self) -> str:
        return f"năm {self.first_year - 1}" if self.kind == FIVE_YEAR else "cùng kỳ năm trước"

    @property
    def label(self) -> str:
        """As the subject line says it: "6 tháng đầu năm 2025", "năm 2025", "giai đoạn 2021 - 2025"."""
        if self.kind == FIVE_YEAR:
            return f"giai đoạn {self.first_year} - {self.last_year}"
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.last_year}"
        return f"năm {self.last_year}"

    @property
    def next_label(self) -> str:
        if self.kind == FIVE_YEAR:
            span = self.last_year - self.first_year
            return f"giai đoạn {self.last_year + 1} - {self.last_year + 1 + span}"
        if self.half == 1:
            return f"6 tháng cuối năm {self.last_year}"
        if self.half == 2:
            return f"6 tháng đầu năm {self.last_year + 1}"
        return f"năm {self.last_year + 1}"

    @property
    def end(self) -> dt.date:
        """The cut-off date (Nghị định 09/2019/NĐ-CP art. 12)."""
        return Period(self.data_period, self.last_year, self.half).end

    @property
    def data_periods(self) -> list[str]:
        """Every analytics period the report covers (the raw-data sheet lists their values)."""
        if self.half:
            return [self.data_period]
        years = range(self.first_year, self.last_year + 1)
        return [p for y in years for p in (str(y), f"{y}S1", f"{y}S2")]


def report_period_parse(code: str) -> ReportPeriod:
    """'2025S1' | '2025S2' | '2025' | '2021-2025' → ReportPeriod; DomainError otherwise."""
    text = (code or "").strip().upper()
    match = _RANGE.match(text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if not (1900 <= first < last <= 2200 and last - first <= 10):
            raise DomainError(gettext("Kỳ báo cáo không hợp lệ: “%(code)s” (giai đoạn dạng 2021-2025).") % {"code": code})
        return ReportPeriod(f"{first}-{last}", FIVE_YEAR, first, last)
    try:
        period = period_parse(text)
    except DomainError:
        raise DomainError(gettext("Kỳ báo cáo không hợp lệ: “%(code)s” (dùng dạng 2025S1, 2025S2, 2025 hoặc 2021-2025).")
                          % {"code": code}) from None
    kind = SEMIANNUAL if period.half else ANNUAL
    return ReportPeriod(period.code, kind, period.year, period.year, period.half)
