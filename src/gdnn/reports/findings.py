"""The parts that need an officer's judgement, pre-filled from the data and marked for editing.

Shortcomings (III) and proposals (V) also carry what the agencies wrote in their accepted task
reports (gdnn.followup): those paragraphs, each already attributed to its agency, come after the
data's findings and stand in for the closing placeholder that would ask the officer for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from gdnn.reports.data import AgencyTasks, Finding, Ranking, TargetRow
from gdnn.reports.periods import ReportPeriod
from gdnn.reports.sentences import period_words, value_text

ADD = "Đề nghị bổ sung"


def _names(rows: list[TargetRow], limit: int = 4) -> str:
    names = [f"{r.name[:1].lower()}{r.name[1:]} đạt {value_text(r.actual, r.unit)} (chỉ tiêu"
             f"{f' năm {r.target_year}' if r.target_year else ''}: {r.plan_label})" for r in rows[:limit]]
    more = f" và {len(rows) - limit} chỉ tiêu khác" if len(rows) > limit else ""
    return "; ".join(names) + more


_STATES = (("approved", "đã được phê duyệt"), ("submitted", "đang chờ phê duyệt"), ("returned", "bị trả lại"),
           ("draft", "đang nhập"))


def direction(*, plan_text: str, agencies: list[AgencyTasks], period: ReportPeriod,
              submissions: dict[str, int] | None = None) -> list[Finding]:
    leads = ", ".join(a.name for a in agencies[:6]) or "các cơ quan liên quan"
    out = [
        Finding(f"Triển khai {plan_text}, các cơ quan, đơn vị được giao chủ trì ({leads}) đã cụ thể hóa nhiệm vụ "
                f"trong kế hoạch công tác {period.label}.",
                f"{ADD}: các văn bản chỉ đạo, hướng dẫn, kiểm tra đã ban hành trong kỳ (số, ngày, trích yếu)"),
    ]
    counts = submissions or {}
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{counts[state]} {label}" for state, label in _STATES if counts.get(state))
        out.append(Finding(f"Về thống kê, báo cáo số liệu {period.label}: có {total} biểu số liệu của các đơn vị, "
                           f"trong đó {parts}."))
    else:
        out.append(Finding(f"Chưa có đơn vị nào gửi số liệu {period.label} trên hệ thống.",
                           f"{ADD}: tình hình thu thập số liệu"))
    return out


def advantages(rows: list[TargetRow]) -> list[Finding]:
    achieved = [r for r in rows if r.status == "achieved"]
    on_track = [r for r in rows if r.status == "on_track"]
    out = []
    if achieved:
        out.append(Finding(f"Có {len(achieved)}/{len(rows)} chỉ tiêu đã đạt: {_names(achieved)}."))
    if on_track:
        out.append(Finding(f"Có {len(on_track)} chỉ tiêu đúng tiến độ: {_names(on_track)}."))
    if not out:
        out.append(Finding("Chưa có chỉ tiêu nào đạt hoặc đúng tiến độ theo số liệu đã phê duyệt."))
    return [*out, Finding("", f"{ADD}: những kết quả nổi bật, cách làm hiệu quả trong kỳ")]


def _closing(found: list[Finding], reported: Sequence[str], placeholder: str) -> list[Finding]:
    """`found`, then the agencies' reported paragraphs; the placeholder only when no agency reported."""
    if reported:
        return [*found, *(Finding(text) for text in reported)]
    return [*found, Finding("", f"{ADD}: {placeholder}")]


def shortcomings(rows: list[TargetRow], rankings: list[Ranking], reported: Sequence[str] = ()) -> list[Finding]:
    """The targets that lag, the lowest communes, the gaps in the data; then the difficulties the
    agencies reported (`reported`, attributed paragraphs)."""
    behind = [r for r in rows if r.status == "behind"]
    at_risk = [r for r in rows if r.status == "at_risk"]
    missed = [r for r in rows if r.status == "not_achieved"]
    missing = [r for r in rows if r.status == "no_data"]
    incomplete = [r for r in rows if r.status == "incomplete"]
    out = []
    if missed:
        out.append(Finding(f"Có {len(missed)} chỉ tiêu không đạt: {_names(missed)}."))
    if at_risk:
        out.append(Finding(f"Có {len(at_risk)} chỉ tiêu có nguy cơ không đạt: {_names(at_risk)}."))
    if behind:
        out.append(Finding(f"Có {len(behind)} chỉ tiêu chậm so với tiến độ: {_names(behind)}."))
    for ranking in rankings:
        lowest = ", ".join(f"{u.name} ({value_text(u.value, ranking.unit)})" for u in ranking.units[:3])
        out.append(Finding(f"Về {ranking.indicator_name[:1].lower()}{ranking.indicator_name[1:]}, các đơn vị cấp xã "
                           f"có kết quả thấp nhất: {lowest}."))
    if incomplete:
        out.append(Finding(f"Có {len(incomplete)}/{len(rows)} chỉ tiêu chưa đủ đơn vị báo cáo số liệu để đánh giá."))
    if missing:
        out.append(Finding(f"Có {len(missing)}/{len(rows)} chỉ tiêu chưa có số liệu để đánh giá."))
    if not out:
        out.append(Finding("Theo số liệu đã phê duyệt, không có chỉ tiêu chậm tiến độ."))
    return _closing(out, reported, "tồn tại, hạn chế khác trong tổ chức thực hiện")


def causes(rows: list[TargetRow]) -> list[Finding]:
    lagging = [r for r in rows if r.status in ("behind", "at_risk", "not_achieved")]
    text = (f"Nguyên nhân của việc {len(lagging)} chỉ tiêu chưa đạt tiến độ hoặc không đạt cần được làm rõ."
            if lagging else "")
    return [
        Finding(text, f"{ADD}: nguyên nhân khách quan (bối cảnh, sắp xếp tổ chức bộ máy, nguồn lực)"),
        Finding("", f"{ADD}: nguyên nhân chủ quan (chỉ đạo, phối hợp, kiểm tra, thống kê số liệu)"),
    ]


def next_steps(rows: list[TargetRow], task_groups: list[str], period: ReportPeriod) -> list[Finding]:
    """The direction for what comes next, aimed at the targets still ahead (the next horizon, e.g.
    2030): for each indicator that lags or missed a target, the nearest target after the period.
    A target whose year the report has closed is not asked for again."""
    ahead: dict[str, TargetRow] = {}
    for r in sorted(rows, key=lambda r: r.target_year or 0):
        if r.target_year and r.target_year > period.last_year and r.indicator_code:
            ahead.setdefault(r.indicator_code, r)
    weak = {r.indicator_code for r in rows if r.status in ("behind", "at_risk", "not_achieved") and r.indicator_code}
    out = []
    for code in weak:
        r = ahead.get(code)
        if r is None or r.status == "achieved":
            continue
        where = f" ({period_words(r.actual_period)})" if r.actual_period else ""
        out.append(Finding(f"Tập trung nâng {r.name[:1].lower()}{r.name[1:]}: hiện đạt {value_text(r.actual, r.unit)}"
                           f"{where}, phấn đấu đạt {r.plan_label} vào năm {r.target_year}."))
    out = sorted(out, key=lambda f: f.text)[:6]
    horizon = max((r.target_year for r in ahead.values() if r.target_year), default=None)
    if task_groups:
        goal = f", hướng tới các chỉ tiêu năm {horizon}" if horizon else ""
        out.append(Finding(f"Tiếp tục thực hiện {len(task_groups)} nhóm nhiệm vụ, giải pháp của Kế hoạch trong "
                           f"{period.next_label}{goal}."))
    return [*out, Finding("", f"{ADD}: nhiệm vụ trọng tâm {period.next_label}")]


def proposals(rows: list[TargetRow], reported: Sequence[str] = ()) -> list[Finding]:
    """What the data asks of the units (missing and provisional figures); then the proposals the
    agencies reported (`reported`, attributed paragraphs)."""
    missing = [r for r in rows if r.status == "no_data"]
    partial = sorted({(r.provisional_period, r.provisional_coverage) for r in rows if r.provisional_period})
    out = []
    if missing:
        out.append(Finding(f"Đề nghị các cơ quan, đơn vị cập nhật đầy đủ số liệu cho {len(missing)} chỉ tiêu "
                           "chưa có số liệu để theo dõi, đánh giá."))
    for period, coverage in partial:
        out.append(Finding(f"Đề nghị các đơn vị chưa gửi hoặc chưa được phê duyệt báo cáo {period_words(period)} "
                           f"hoàn thành (mới có {coverage} đơn vị) để số liệu đủ căn cứ đánh giá."))
    return _closing(out, reported, "đề xuất, kiến nghị với cấp trên (cơ chế, chính sách, kinh phí)")
