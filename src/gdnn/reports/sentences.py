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
    "not_achieved": "Không đạt",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "incomplete": "Chưa đủ số liệu",
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


def period_words(period: str) -> str:
    """"năm 2025", "6 tháng đầu năm 2025"."""
    if "S" in period:
        year, half = period.split("S")
        return f"6 tháng {'đầu' if half == '1' else 'cuối'} năm {year}"
    return f"năm {period}"


def provisional_note(period: str, value: float | None, unit: str, coverage: str) -> str:
    """A newer figure not complete enough to count: " Số liệu 6 tháng cuối năm 2026 mới có 1/12 đơn vị
    báo cáo (tạm tính 100,0%), chưa dùng để đánh giá."""
    return (f" Số liệu {period_words(period)} mới có {coverage} đơn vị báo cáo (tạm tính {value_text(value, unit)}), "
            "chưa dùng để đánh giá.")


def target_sentence(*, name: str, unit: str, target_year: int | None, plan_label: str, progress: Progress,
                    period_note: str = "", change: str = "", past: bool = False, provisional: str = "",
                    coverage: str = "") -> str:
    """One sentence on one target, for every status; `period_note` names an older period used.

    A target whose year is over is "đạt" or "không đạt" (with the gap), said in the past tense; a
    target still running is on track, slower than needed or at risk, with its projection."""
    year = f"năm {target_year}" if target_year else "của Kế hoạch"
    if progress.status == "incomplete":
        return (f"{name} (chỉ tiêu {year}: {plan_label}): số liệu chưa đủ để đánh giá"
                f"{f' (mới có {coverage} đơn vị báo cáo)' if coverage else ''}.{provisional}")
    if progress.status == "no_data" or progress.actual is None:
        return f"{name} (chỉ tiêu {year}: {plan_label}): chưa có số liệu."
    if (past or progress.decided) and progress.actual_period:
        # A period that is over, told as an officer tells it: "Năm 2025, tỷ lệ … đạt 37,2%, …".
        when = period_words(progress.actual_period)
        head = f"{when[:1].upper()}{when[1:]}, {name[:1].lower()}{name[1:]} đạt {value_text(progress.actual, unit)}{change}"
    else:
        head = f"{name}{period_note} đạt {value_text(progress.actual, unit)}{change}"
    if progress.percent_of_target is not None:
        head += f", bằng {format_number(progress.percent_of_target, 1)}% chỉ tiêu {year} ({plan_label})"
    else:
        head += f" (chỉ tiêu {year}: {plan_label})"
    match progress.status:
        case "achieved":
            text = f"{head}; {'hoàn thành' if progress.decided else 'đã đạt'} chỉ tiêu."
        case "not_achieved":
            lacked = f", còn thiếu {gap_text(progress.gap, unit)}" if progress.gap else ""
            text = f"{head}; không đạt chỉ tiêu{lacked}."
        case "on_track":
            text = f"{head}; đúng tiến độ{_when(progress, target_year)}."
        case "behind":
            text = f"{head}; chậm so với tiến độ{_when(progress, target_year)}."
        case _:
            text = f"{head}; có nguy cơ không đạt chỉ tiêu{_projection(progress, unit, target_year)}."
    return text + provisional


def gap_text(gap: float | None, unit: str) -> str:
    if gap is None:
        return "–"
    return f"{format_number(gap, 1)} điểm %" if unit == "percent" else value_text(gap, unit)


def _when(progress: Progress, target_year: int | None) -> str:
    if progress.year_met is None:
        if progress.projected is None:
            return ", chưa đủ số liệu để dự báo thời điểm đạt chỉ tiêu"
        return f"; nếu giữ tốc độ hiện nay, chưa đạt chỉ tiêu trước năm {progress.horizon}" if progress.horizon \
            else ""
    if target_year and progress.year_met <= target_year:
        return f", nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm {progress.year_met}"
    return f"; nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm {progress.year_met}"


def _projection(progress: Progress, unit: str, target_year: int | None) -> str:
    if progress.projected is None:
        return " (chưa đủ số liệu để dự báo xu hướng)"
    when = f" vào năm {target_year}" if target_year else ""
    reached = f"dự kiến chỉ đạt {value_text(progress.projected, unit)}{when}"
    if progress.year_met is None:
        later = f", chưa đạt chỉ tiêu trước năm {progress.horizon}" if progress.horizon else ""
        return f": nếu giữ tốc độ hiện nay, {reached}{later}"
    return f": nếu giữ tốc độ hiện nay, {reached} và đạt chỉ tiêu vào năm {progress.year_met}"
