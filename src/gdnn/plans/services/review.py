"""Review of imported targets, publication, and the record of delivered reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.selectors import ensure_can_edit
from gdnn.common import events
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.common.templatetags.localised import localised
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import DutyReport, Plan, ReportingDuty, Target
from gdnn.plans.services.history import plan_event_record

_COMPARATORS = {c.value for c in Target.Comparator}


def unit_fits(unit: str, indicator: Indicator) -> bool:
    """A target is compared with its indicator's values, so both must be in the same unit: a count of
    persons cannot be tracked on a percentage indicator."""
    return unit == indicator.unit


def _check_values(comparator: str, value_min: Decimal | None, value_max: Decimal | None, unit: str) -> None:
    if comparator not in _COMPARATORS:
        raise DomainError(gettext("Phép so sánh không hợp lệ: %(comparator)s.") % {"comparator": comparator})
    if comparator == "range":
        if value_min is None or value_max is None or value_min > value_max:
            raise DomainError(gettext("Chỉ tiêu dạng khoảng cần giá trị nhỏ nhất ≤ giá trị lớn nhất."))
    elif value_min is None and value_max is None:
        raise DomainError(gettext("Chỉ tiêu cần có giá trị."))
    for value in (value_min, value_max):
        if value is not None and value < 0:
            raise DomainError(gettext("Giá trị chỉ tiêu không được âm."))
        if value is not None and unit == "percent" and value > 100:
            raise DomainError(gettext("Tỷ lệ %(value)s%% vượt quá 100%%.") % {"value": value})


@transaction.atomic
def target_review(
    *,
    target: Target,
    by,
    indicator: Indicator | None,
    year: int | None,
    comparator: str,
    value_min: Decimal | None,
    value_max: Decimal | None,
    unit: str,
    org_unit: OrgUnit | None = None,
) -> Target:
    """Confirm or correct a target. Refuses an indicator whose unit contradicts the target's.

    `by` must be allowed to edit the plan's unit (None: the command line or a test)."""
    _ensure_can_edit_plan(target.plan, by)
    if target.plan.status == Plan.Status.PUBLISHED:
        raise DomainError(gettext("Kế hoạch đã ban hành trên hệ thống; không sửa được chỉ tiêu."))
    if indicator is None:
        raise DomainError(gettext("Chọn chỉ số (indicator) cho chỉ tiêu này."))
    if not unit_fits(unit, indicator):
        raise DomainError(
            gettext("Đơn vị '%(unit)s' mâu thuẫn với chỉ số %(code)s (%(name)s), đơn vị của chỉ số: %(indicator_unit)s.")
            % {"unit": unit, "code": indicator.code, "name": localised(indicator, "name"),
               "indicator_unit": indicator.unit}
        )
    if year is None or not 2000 <= year <= 2100:
        raise DomainError(gettext("Năm của chỉ tiêu phải trong khoảng 2000–2100."))
    if comparator == "eq" and value_max is None:
        value_max = value_min
    _check_values(comparator, value_min, value_max, unit)
    before = (target.indicator_id, target.year, target.comparator, target.value_min, target.value_max, target.unit,
              target.org_unit_id)
    old = _target_values(target)
    target.indicator, target.year, target.comparator = indicator, year, comparator
    target.value_min, target.value_max, target.unit = value_min, value_max, unit
    if org_unit is not None:
        target.org_unit = org_unit
    after = (target.indicator_id, target.year, target.comparator, target.value_min, target.value_max, target.unit,
             target.org_unit_id)
    target.review = Target.Review.CONFIRMED if before == after else Target.Review.CORRECTED
    target.reviewed_by, target.reviewed_at = by, timezone.now()
    target.save()
    if before != after:
        events.target_corrected(target=target, by=by, old=old, new=_target_values(target))
    return target


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")  # 35.0000 and 35 alike: "35"


def _target_values(target: Target) -> dict:
    """What a correction may change, as JSON for the audit trail."""
    return {"indicator": target.indicator.code if target.indicator else None, "year": target.year,
            "comparator": target.comparator, "unit": target.unit,
            "value_min": _number(target.value_min), "value_max": _number(target.value_max),
            "org_unit": target.org_unit.code if target.org_unit else None}


def _ensure_can_edit_plan(plan: Plan, by) -> None:
    if by is None:
        return
    if plan.org_unit is None:
        if not by.is_superuser:
            raise PermissionDenied(gettext("Chỉ quản trị hệ thống được sửa hoặc ban hành kế hoạch cấp quốc gia."))
        return
    ensure_can_edit(user=by, unit=plan.org_unit)


@transaction.atomic
def plan_publish(*, plan: Plan, by) -> Plan:
    """Publish a reviewed plan: every target needs an indicator and a year.

    `by` None is the command line (an operator); a user must be allowed to edit the plan's unit
    (a former district's plan: the province officer, not a commune on its ground).
    """
    _ensure_can_edit_plan(plan, by)
    if plan.status == Plan.Status.PUBLISHED:
        return plan
    missing = [t for t in plan.targets.all() if (t.indicator_id is None or t.year is None)
               and t.review != Target.Review.NOT_A_TARGET]
    if missing:
        listed = "; ".join(f"#{t.order + 1} {t.subject or t.text[:50]}" for t in missing[:5])
        raise DomainError(gettext("Còn %(count)d chỉ tiêu chưa gắn chỉ số hoặc năm: %(listed)s.")
                          % {"count": len(missing), "listed": listed})
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(gettext("Chỉ ban hành được dự thảo."))
    plan_event_record(plan, by, "published", "status", plan.status, Plan.Status.PUBLISHED)
    old_status = plan.status
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    events.plan_published(plan=plan, by=by, old_status=old_status)
    return plan


@transaction.atomic
def duty_report_record(*, duty: ReportingDuty, period: str, delivered_on: dt.date, reference: str = "", by=None) -> DutyReport:
    report, _ = DutyReport.objects.update_or_create(
        duty=duty, period=period, defaults={"delivered_on": delivered_on, "reference": reference, "recorded_by": by}
    )
    return report
