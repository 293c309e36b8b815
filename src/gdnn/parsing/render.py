"""A readable summary of a PlanDraft for a person (Vietnamese labels)."""

from __future__ import annotations

from gdnn.parsing.model import PlanDraft

_COMPARATORS = {"ge": "≥", "gt": ">", "le": "≤", "eq": "=", "approx": "≈", "range": "từ … đến"}
_UNITS = {"percent": "%", "persons": "người", "institutions": "cơ sở", "occupations": "nghề", "programs": "chương trình", "other": ""}
_ROLES = {"lead": "chủ trì", "cooperate": "phối hợp", "mixed": "chủ trì/phối hợp/tự thực hiện"}


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    s = f"{x:,.2f}".rstrip("0").rstrip(".")
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def render_text(draft: PlanDraft) -> str:
    lines = [
        f"Tệp: {draft.file}",
        f"Cơ quan ban hành: {draft.issuer or '—'}",
        f"Số, ký hiệu: {draft.doc_number or '—'}",
        f"Ngày ban hành: {draft.date or '—'}    Địa danh: {draft.place or '—'}    Cấp: {draft.level or '—'}",
        f"Trích yếu: {draft.title or '—'}",
        "",
        f"Văn bản dẫn chiếu ({len(draft.references)}): " + (", ".join(r.identifier for r in draft.references) or "—"),
        "",
        f"Chỉ tiêu ({len(draft.targets)}):",
    ]
    for t in draft.targets:
        unit = _UNITS.get(t.unit, "")
        if t.comparator == "range":
            value = f"{_num(t.value_min)}–{_num(t.value_max)} {unit}"
        else:
            value = f"{_COMPARATORS.get(t.comparator, '')} {_num(t.value_min if t.value_min is not None else t.value_max)} {unit}"
        code = t.indicator or "chưa gắn mã"
        lines.append(f"  - [{t.year or '?'}] {t.subject}: {value.strip()}  ({code}, tin cậy {t.confidence:.2f}; dòng {t.span.start_line})")
    lines += ["", f"Nhóm nhiệm vụ, giải pháp ({len(draft.task_groups)}):"]
    lines += [f"  {i}. {g.text}" for i, g in enumerate(draft.task_groups, 1)]
    lines += ["", f"Cơ quan thực hiện ({len(draft.agencies)}):"]
    lines += [f"  - {a.name} — {_ROLES.get(a.role, a.role)}" for a in draft.agencies]
    lines += ["", f"Chế độ báo cáo ({len(draft.reporting)}):"]
    lines += [f"  - {r.who or '—'} → {r.to or '—'}: {r.frequency}" + (f", hạn {r.deadline}" if r.deadline else "") for r in draft.reporting]
    lines += ["", f"Nguồn kinh phí ({len(draft.funding_sources)}):"]
    lines += [f"  - {f.text}" for f in draft.funding_sources]
    if draft.warnings:
        lines += ["", "Cảnh báo:"] + [f"  ! {w}" for w in draft.warnings]
    return "\n".join(lines) + "\n"
