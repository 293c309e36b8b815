"""A plan's owner edits it: header fields, targets added by hand, deleted or marked "not a target",
withdrawal and archiving, and the record of delivered reports. Every change leaves a PlanEvent
(actor, old, new)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language, gettext

from gdnn.accounts.selectors import user_can_edit
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.common.templatetags.localised import localised
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.keys import doc_number_key, issuer_key
from gdnn.plans.models import DutyReport, Plan, ReportingDuty, Target
from gdnn.plans.services.history import plan_event_record as _event
from gdnn.plans.services.review import _check_values, unit_fits

# Which status may follow which; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Plan.Status.DRAFT: {Plan.Status.PUBLISHED, Plan.Status.WITHDRAWN, Plan.Status.ARCHIVED},
    Plan.Status.PUBLISHED: {Plan.Status.WITHDRAWN, Plan.Status.ARCHIVED},
    Plan.Status.WITHDRAWN: {Plan.Status.ARCHIVED},
    Plan.Status.ARCHIVED: set(),
}
# Plans whose duties and targets are no longer followed.
INACTIVE = {Plan.Status.WITHDRAWN, Plan.Status.ARCHIVED}


def plan_can_edit(*, user, plan: Plan) -> bool:
    """The owner of a plan: an editor of its unit; a national plan: a superuser."""
    if not user.is_authenticated:
        return False
    if plan.org_unit is None:
        return bool(user.is_superuser)
    return user_can_edit(user=user, unit=plan.org_unit)


def _locked(plan_id: int) -> Plan:
    """The plan as stored now, locked for this transaction (a caller's copy may be stale)."""
    return Plan.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=plan_id)


def _ensure(by, plan: Plan) -> None:
    if not plan_can_edit(user=by, plan=plan):
        raise PermissionDenied(gettext("Bạn không có quyền sửa kế hoạch này."))




@transaction.atomic
def plan_update_header(*, plan: Plan, by, issuer: str, doc_number: str | None, issued_on: dt.date | None,
                       title: str, place: str = "", org_unit: OrgUnit | None = None) -> Plan:
    """Correct the header of a plan (draft or published); a number already used by the issuer is refused."""
    _ensure(by, plan)
    if plan.status in INACTIVE:
        raise DomainError(gettext("Kế hoạch đã thu hồi hoặc lưu trữ; không sửa được."))
    issuer, title = (issuer or "").strip(), (title or "").strip()
    doc_number = (doc_number or "").strip() or None
    if not title or title.casefold() == "none":
        raise DomainError(gettext("Cần trích yếu (tên) của kế hoạch."))
    if not issuer:
        raise DomainError(gettext("Cần cơ quan ban hành."))
    if issued_on is not None and not dt.date(1990, 1, 1) <= issued_on <= dt.date(2100, 12, 31):
        raise DomainError(gettext("Ngày ban hành không hợp lệ."))
    key = issuer_key(issuer)
    if doc_number:
        for other in Plan.objects.filter(issuer_key=key).exclude(pk=plan.pk).exclude(doc_number__isnull=True):
            if doc_number_key(other.doc_number) == doc_number_key(doc_number):
                raise DomainError(gettext("Đã có kế hoạch số %(number)s của %(issuer)s (#%(plan)s).")
                                  % {"number": other.doc_number, "issuer": issuer, "plan": other.pk})
    if org_unit is not None and org_unit.pk != plan.org_unit_id:
        if not user_can_edit(user=by, unit=org_unit):
            raise PermissionDenied(gettext("Bạn không có quyền với đơn vị %(unit)s.") % {"unit": org_unit.name})
        if org_unit.valid_to is not None:
            raise DomainError(gettext("%(unit)s không còn hiệu lực; chọn đơn vị hiện hành.") % {"unit": org_unit.name})
    changes: dict[str, Any] = {"issuer": issuer, "doc_number": doc_number, "issued_on": issued_on, "title": title,
               "place": (place or "").strip()[:100]}
    if org_unit is not None:
        changes["org_unit"] = org_unit
    changed = []
    for field, new in changes.items():
        old = getattr(plan, field)
        if old != new:
            _event(plan, by, "edit", field, old, new)
            setattr(plan, field, new)
            changed.append(field)
    if "issued_on" in changed:
        plan.date_text = issued_on.isoformat() if issued_on else ""
        changed.append("date_text")
    if "issuer" in changed:
        plan.issuer_key = key
        changed.append("issuer_key")
    if changed:
        plan.save(update_fields=changed)
    return plan


@transaction.atomic
def target_add(*, plan: Plan, by, indicator: Indicator, year: int, comparator: str, value_min: Decimal | None,
               value_max: Decimal | None, unit: str, kind: str = Target.Kind.POINT, start_year: int | None = None,
               text: str = "", subject: str = "") -> Target:
    """A target typed by the owner (one the parser missed); it counts as reviewed."""
    _ensure(by, plan)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(gettext("Chỉ thêm chỉ tiêu khi kế hoạch còn là dự thảo."))
    if not unit_fits(unit, indicator):
        raise DomainError(unit_mismatch_message(unit, indicator))
    if kind not in Target.Kind.values:
        raise DomainError(gettext("Loại chỉ tiêu không hợp lệ."))
    if not 2000 <= year <= 2100:
        raise DomainError(gettext("Năm của chỉ tiêu phải trong khoảng 2000–2100."))
    if kind != Target.Kind.POINT:
        start_year = start_year or year
        if not 2000 <= start_year <= year:
            raise DomainError(gettext("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
    else:
        start_year = None
    if comparator == "eq" and value_max is None:
        value_max = value_min
    _check_values(comparator, value_min, value_max, unit)
    order = (plan.targets.aggregate(m=Max("order"))["m"] or 0) + 1
    target = Target.objects.create(
        plan=plan, order=order, indicator=indicator, link_confidence=1.0, org_unit=plan.org_unit, year=year,
        kind=kind, start_year=start_year, comparator=comparator, value_min=value_min, value_max=value_max, unit=unit,
        text=(text or "").strip(), subject=(subject or indicator.name_vi)[:400], review=Target.Review.CORRECTED,
        reviewed_by=by,
    )
    _event(plan, by, "target_add", "target", None, {"id": target.pk, "label": target.value_label,
                                                    "indicator": indicator.code, "year": year, "kind": kind})
    return target


def _target_summary(target: Target) -> dict[str, Any]:
    return {"id": target.pk, "text": target.text[:300], "subject": target.subject[:200], "label": target.value_label,
            "indicator": target.indicator.code if target.indicator else None, "year": target.year}


@transaction.atomic
def target_delete(*, target: Target, by, note: str = "") -> None:
    """Remove a junk target of a draft (the event keeps what it said)."""
    plan = _locked(target.plan_id)
    _ensure(by, plan)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(gettext("Kế hoạch đã ban hành: không xóa chỉ tiêu; hãy đánh dấu “không phải chỉ tiêu”."))
    _event(plan, by, "target_delete", "target", _target_summary(target), None, note)
    target.delete()


@transaction.atomic
def target_mark_not_a_target(*, target: Target, by, note: str = "") -> Target:
    """Keep the sentence but stop tracking it (a statement the parser took for a target)."""
    plan = _locked(target.plan_id)
    _ensure(by, plan)
    if plan.status in INACTIVE:
        raise DomainError(gettext("Kế hoạch đã thu hồi hoặc lưu trữ."))
    _event(plan, by, "not_target", "review", target.review, Target.Review.NOT_A_TARGET, note)
    target.review = Target.Review.NOT_A_TARGET
    target.save(update_fields=["review"])
    return target


@transaction.atomic
def target_kind_set(*, target: Target, by, kind: str, start_year: int | None = None) -> Target:
    plan = _locked(target.plan_id)
    _ensure(by, plan)
    if kind not in Target.Kind.values:
        raise DomainError(gettext("Loại chỉ tiêu không hợp lệ."))
    if kind != Target.Kind.POINT and target.year and start_year and not start_year <= target.year:
        raise DomainError(gettext("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
    old = {"kind": target.kind, "start_year": target.start_year}
    target.kind = kind
    target.start_year = (start_year or target.start_year) if kind != Target.Kind.POINT else None
    _event(plan, by, "edit", "kind", old, {"kind": target.kind, "start_year": target.start_year})
    target.save(update_fields=["kind", "start_year"])
    return target


def _transition(plan: Plan, by, to: str, note: str) -> Plan:
    _ensure(by, plan)
    plan.status = _locked(plan.pk).status
    if to not in TRANSITIONS[plan.status]:
        raise DomainError(gettext("Không chuyển được kế hoạch từ “%(from)s” sang “%(to)s”.")
                          % {"from": plan.get_status_display(), "to": Plan.Status(to).label})
    _event(plan, by, to, "status", plan.status, to, note)
    plan.status = to
    plan.save(update_fields=["status"])
    return plan


@transaction.atomic
def plan_withdraw(*, plan: Plan, by, note: str = "") -> Plan:
    """Withdraw a plan (replaced, issued in error, a duplicate): its duties leave the calendar."""
    if not (note or "").strip():
        raise DomainError(gettext("Ghi lý do thu hồi."))
    return _transition(plan, by, Plan.Status.WITHDRAWN, note.strip())


@transaction.atomic
def plan_archive(*, plan: Plan, by, note: str = "") -> Plan:
    return _transition(plan, by, Plan.Status.ARCHIVED, (note or "").strip())


@transaction.atomic
def plan_delete_draft(*, plan: Plan, by) -> None:
    """Delete a draft nobody published (a duplicate import); a published plan is withdrawn instead."""
    _ensure(by, plan)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(gettext("Chỉ xóa được dự thảo; kế hoạch đã ban hành thì thu hồi."))
    plan.delete()


def _unit_label(unit: str) -> str:
    """A unit as the page's language names it: "người" on a Vietnamese page, "persons" on an English one."""
    from gdnn.indicators.models import UNIT_LABELS_VI

    if (get_language() or "vi").startswith("en") and unit in Indicator.Unit.values and unit != "percent":
        return str(Indicator.Unit(unit).label)
    return UNIT_LABELS_VI.get(unit, unit) or unit


def unit_mismatch_message(unit: str, indicator: Indicator) -> str:
    return gettext("Đơn vị của chỉ tiêu (%(unit)s) không khớp chỉ số %(code)s — %(name)s (đơn vị %(indicator_unit)s). "
                   "Chọn chỉ số cùng đơn vị hoặc thêm chỉ số mới trong danh mục.") % {
        "unit": _unit_label(unit), "code": indicator.code, "name": localised(indicator, "name"),
        "indicator_unit": _unit_label(indicator.unit)}


@transaction.atomic
def duty_delivered(*, duty: ReportingDuty, by, period: str, delivered_on: dt.date, reference: str = "",
                   link: str = "", file=None) -> DutyReport:
    """Mark a report of a duty delivered (date, number, file or link, who); it stops being overdue."""
    plan = duty.plan
    _ensure(by, plan)
    period = (period or "").strip()
    if not period:
        raise DomainError(gettext("Chọn kỳ báo cáo."))
    if delivered_on > timezone.localdate() + dt.timedelta(days=1):
        raise DomainError(gettext("Ngày gửi không được ở tương lai."))
    if not (reference or link or file):
        raise DomainError(gettext("Ghi số văn bản, đường dẫn hoặc tải tệp báo cáo đã gửi."))
    report, _ = DutyReport.objects.update_or_create(
        duty=duty, period=period,
        defaults={"delivered_on": delivered_on, "reference": (reference or "").strip()[:120],
                  "link": (link or "").strip()[:500], "recorded_by": by},
    )
    if file is not None:
        report.file.save(file.name, file, save=True)
    _event(plan, by, "duty_delivered", "duty", None, {"duty": duty.pk, "period": period,
                                                      "delivered_on": delivered_on.isoformat()})
    return report
