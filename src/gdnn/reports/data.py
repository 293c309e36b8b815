"""What a report says, as plain data: every writer (DOCX, XLSX, charts) reads only this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gdnn.reports.periods import ReportPeriod


@dataclass(frozen=True)
class Header:
    parent_agency: str  # the managing agency, not bold; "" when there is none
    agency_lines: list[str]  # the reporting agency in capitals, bold
    abbreviation: str  # after "BC-" in the number
    place: str
    date: dt.date
    agency_name: str  # as a sentence names it: "Ủy ban nhân dân tỉnh Lạng Sơn"
    subject: list[str]  # the trích yếu, one item per line
    basis: str  # "Thực hiện Kế hoạch số …" (italic)
    signer_authority: str  # "KT. CHỦ TỊCH"
    signer_title: str  # "PHÓ CHỦ TỊCH"
    signer_name: str = "[Họ và tên]"

    @property
    def number_line(self) -> str:
        return f"Số:        /BC-{self.abbreviation}"

    @property
    def date_line(self) -> str:
        from gdnn.common.vnformat import format_date_long

        return f"{self.place}, {format_date_long(self.date)}"


@dataclass(frozen=True)
class TargetRow:
    order: int
    indicator_code: str
    name: str
    unit: str  # Indicator.Unit value
    unit_label: str  # ĐVT
    target_year: int | None
    plan_label: str  # "≥ 30%"
    threshold: float | None
    actual: float | None
    actual_period: str | None
    percent_of_target: float | None
    previous: float | None
    previous_period: str
    status: str
    assessment: str
    sentence: str
    series: list[tuple[str, float | None]]
    higher: bool = True  # the indicator's direction: is a higher value better?
    coverage: str = ""  # "12/12": the units behind the actual out of those expected
    gap: float | None = None  # what a missed target lacked at its year's end
    provisional_period: str | None = None  # a newer figure not complete enough to decide the status
    provisional_value: float | None = None
    provisional_coverage: str = ""  # "1/12"
    target_org_unit_level: str = ""

    @property
    def plan_text(self) -> str:
        return f"{self.plan_label} (năm {self.target_year})" if self.target_year else self.plan_label


@dataclass(frozen=True)
class Finding:
    """A paragraph drawn from the data, with what the officer should add or check (highlighted)."""

    text: str
    note: str = ""


@dataclass(frozen=True)
class AgencyTasks:
    name: str  # as the plan names it, with "(nay là …)" when its work moved in 2025
    role: str  # "chủ trì" | "chủ trì, phối hợp"
    duties: str
    results: tuple[str, ...] = ()  # from the agency's accepted task reports (gdnn.followup), attributed


@dataclass(frozen=True)
class UnitValue:
    code: str
    name: str
    value: float | None


@dataclass(frozen=True)
class Ranking:
    """Child units on one indicator, laggards first: the bar chart and the "which communes" finding."""

    indicator_name: str
    unit: str
    period: str
    threshold: float | None
    units: list[UnitValue]


@dataclass(frozen=True)
class RawValue:
    unit_code: str
    unit_name: str
    period: str
    element_code: str
    element_name: str
    disaggregation: str
    value: float
    disaggregation_label: str = ""  # "Giới tính: Nam; Dân tộc: Kinh"


@dataclass(frozen=True)
class TrainingNeed:
    """The province's latest training-need forecast (gdnn.labour), stamped with its assumptions."""

    basis: str  # "Bộ giả định “…” phiên bản 3, năm gốc 2026, chạy ngày 04/12/2026"
    years: list[int]
    rows: list[tuple[str, list[float]]]  # "Điện công nghiệp (Cao đẳng)", need per year
    totals: list[float]


@dataclass
class ReportData:
    plan_id: int
    plan_label: str
    org_unit_code: str
    org_unit_name: str
    period: ReportPeriod
    header: Header
    targets: list[TargetRow]
    agencies: list[AgencyTasks]
    cooperating: list[str]
    task_groups: list[str]
    direction: list[Finding]  # I. chỉ đạo, điều hành
    advantages: list[Finding]
    shortcomings: list[Finding]
    causes: list[Finding]
    next_steps: list[Finding]
    proposals: list[Finding]
    recipients: list[str]
    rankings: list[Ranking] = field(default_factory=list)
    raw_values: list[RawValue] = field(default_factory=list)
    # From the agencies' accepted task reports (gdnn.followup); empty when the plan has no assignments.
    task_group_results: list[tuple[str, ...]] = field(default_factory=list)  # aligned with task_groups
    other_task_results: list[str] = field(default_factory=list)  # tasks given by hand, attributed
    not_reported: list[str] | None = None  # agencies with no accepted task report; None: not followed up
    training_need: TrainingNeed | None = None

    @property
    def file_stem(self) -> str:
        """A file name without extension: "bao-cao_141-KH-UBND_Lang-Son_2025"."""
        plan = ascii_slug(self.plan_label.split(" · ")[0]) or f"ke-hoach-{self.plan_id}"
        name = self.org_unit_name
        for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ", "Huyện ", "Quận ", "Thị xã "):
            name = name.removeprefix(prefix)
        place = ascii_slug(name) or self.org_unit_code
        return f"bao-cao_{plan}_{place}_{self.period.code}"


def ascii_slug(text: str) -> str:
    """Vietnamese text as a file-name part without diacritics: "141/KH-UBND" → "141-KH-UBND",
    "Lạng Sơn" → "Lang-Son"."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^0-9A-Za-z]+", "-", plain).strip("-")
