"""Vietnamese sentences written from the figures: one per target, and the assessment labels.

    Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 37,2%, bằng 93,0% chỉ tiêu năm 2025;
    nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm 2027.
"""

from __future__ import annotations

from gdnn.analytics.trajectory import Progress
from gdnn.common.vnformat import format_number
from gdnn.indicators.models import UNIT_LABELS_VI

ASSESSMENT = {
    "achieved": "Đạt",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "no_data": "Chưa có số liệu",
}


def value_text(value: float | None, unit: str) -> str:
    """37,2% · 1.234 người · 2 cơ sở · "–" for no value."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{format_number(value, 1)}%"
    decimals = 0 if abs(value - round(value)) < 0.05 else 1
    label = UNIT_LABELS_VI.get(unit, "")
    return f"{format_number(value, decimals)} {label}".strip()


def change_text(now: float | None, before: float | None, unit: str) -> str:
    """The change from the comparison period: "+2,0 điểm %", "-15 người"; "" when a value is missing."""
    if now is None or before is None:
        return ""
    delta = now - before
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    if unit == "percent":
        return f"{sign}{format_number(abs(delta), 1)} điểm %"
    return f"{sign}{value_text(abs(delta), unit)}"


def change_sentence(now: float | None, before: float | None, unit: str, label: str) -> str:
    """", tăng 2,0 điểm % so với cùng kỳ năm trước" or "" when either value is missing."""
    if now is None or before is None:
        return ""
    delta = now - before
    if abs(delta) < 1e-9:
        return f", bằng {label}"
    amount = f"{format_number(abs(delta), 1)} điểm %" if unit == "percent" else value_text(abs(delta), unit)
    return f", {'tăng' if delta > 0 else 'giảm'} {amount} so với {label}"


def target_sentence(*, name: str, unit: str, target_year: int | None, plan_label: str, progress: Progress,
                    period_note: str = "", change: str = "") -> str:
    """One sentence on one target, for every status; `period_note` names an older period used."""
    year = f"năm {target_year}" if target_year else "của Kế hoạch"
    if progress.status == "no_data" or progress.actual is None:
        return f"{name} (chỉ tiêu {year}: {plan_label}): chưa có số liệu."
    head = f"{name}{period_note} đạt {value_text(progress.actual, unit)}{change}"
    if progress.percent_of_target is not None:
        head += f", bằng {format_number(progress.percent_of_target, 1)}% chỉ tiêu {year} ({plan_label})"
    else:
        head += f" (chỉ tiêu {year}: {plan_label})"
    match progress.status:
        case "achieved":
            return f"{head}; đã đạt chỉ tiêu."
        case "on_track":
            return f"{head}; đúng tiến độ{_when(progress, target_year)}."
        case "behind":
            return f"{head}; chậm so với tiến độ{_when(progress, target_year)}."
        case _:
            return f"{head}; có nguy cơ không đạt chỉ tiêu{_projection(progress, unit, target_year)}."


def _when(progress: Progress, target_year: int | None) -> str:
    if progress.year_met is None:
        return ", chưa đủ số liệu để dự báo thời điểm đạt chỉ tiêu"
    if target_year and progress.year_met <= target_year:
        return f", nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm {progress.year_met}"
    return f"; nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm {progress.year_met}"


def _projection(progress: Progress, unit: str, target_year: int | None) -> str:
    if progress.projected is None:
        return " (chưa đủ số liệu để dự báo xu hướng)"
    when = f" vào năm {target_year}" if target_year else ""
    reached = f"dự kiến chỉ đạt {value_text(max(progress.projected, 0.0), unit)}{when}"
    if progress.year_met is None:
        return f": nếu giữ tốc độ hiện nay, {reached}"
    return f": nếu giữ tốc độ hiện nay, {reached} và đạt chỉ tiêu vào năm {progress.year_met}"
