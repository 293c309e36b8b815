"""The plans API (v1): plans in the caller's scope, and every target's progress as of a date.

The numbers are those of the plan's progress page (`gdnn.analytics.progress`), as JSON for a
province's own portal or data warehouse. Reference: docs/api.md and /api/v1/openapi.json.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema

from gdnn.api.auth import api_user
from gdnn.api.errors import ApiError, errors_for
from gdnn.orgunits.selectors import today
from gdnn.plans.models import Plan
from gdnn.plans.selectors import plan_visible_get, plans_visible

router = Router()


class PlanOut(Schema):
    id: int
    docNumber: str | None
    issuer: str
    level: str
    title: str
    issuedOn: str | None
    orgUnit: str | None
    status: str
    secondarySource: bool


class PlansOut(Schema):
    status: Literal["OK"] = "OK"
    plans: list[PlanOut]


class CoverageOut(Schema):
    reported: int
    expected: int
    threshold: int
    complete: bool
    missing: list[str]


class PointOut(Schema):
    period: str
    value: float | None
    provisional: bool
    coverage: CoverageOut | None


class ProvisionalOut(Schema):
    period: str
    value: float | None
    coverage: CoverageOut | None


class TargetOut(Schema):
    id: int
    text: str
    subject: str
    indicator: str | None
    orgUnit: str | None
    year: int | None
    kind: str
    startYear: int | None
    comparator: str
    valueMin: float | None
    valueMax: float | None
    unit: str
    status: str
    actual: float | None
    actualPeriod: str | None
    threshold: float | None
    percentOfTarget: float | None
    expectedNow: float | None
    projected: float | None
    yearMet: int | None
    horizon: int | None
    gap: float | None
    coverage: CoverageOut | None
    provisional: ProvisionalOut | None
    series: list[PointOut]


class ProgressOut(Schema):
    status: Literal["OK"] = "OK"
    plan: PlanOut
    asOf: dt.date
    targets: list[TargetOut]


def _number(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _coverage(coverage) -> CoverageOut | None:
    if coverage is None:
        return None
    return CoverageOut(reported=coverage.reported, expected=coverage.expected, threshold=coverage.threshold,
                       complete=coverage.complete, missing=[str(m) for m in coverage.missing])


def plan_out(plan: Plan) -> PlanOut:
    return PlanOut(id=plan.pk, docNumber=plan.doc_number, issuer=plan.issuer, level=plan.level, title=plan.title,
                   issuedOn=plan.issued_on.isoformat() if plan.issued_on else None,
                   orgUnit=plan.org_unit.code if plan.org_unit else None, status=plan.status,
                   secondarySource=plan.is_secondary_source)


@router.get("/plans", response={200: PlansOut, **errors_for()}, operation_id="plans", summary="Các kế hoạch · Plans")
def plans(request: HttpRequest) -> PlansOut:
    return PlansOut(plans=[plan_out(p) for p in plans_visible(user=api_user(request))])


@router.get("/plans/{plan_id}/progress", response={200: ProgressOut, **errors_for(400, 404)},
            operation_id="plan_progress", summary="Tiến độ các chỉ tiêu · Plan progress")
def plan_progress(request: HttpRequest, plan_id: int, asOf: str | None = None) -> ProgressOut:
    """Every target with actual, percent of target, status, projection and the series behind them."""
    from gdnn.analytics.progress import targets_progress

    plan = plan_visible_get(user=api_user(request), plan_id=plan_id)  # NotFound answers 404
    try:
        as_of = dt.date.fromisoformat(asOf) if asOf else today()
    except ValueError as exc:
        raise ApiError(400, gettext("“asOf” phải là một ngày dạng YYYY-MM-DD.")) from exc
    targets = []
    for item in targets_progress(plan=plan, as_of=as_of):
        t, p = item.target, item.progress
        unit = t.org_unit or plan.org_unit
        targets.append(TargetOut(
            id=t.pk, text=t.text, subject=t.subject, indicator=t.indicator.code if t.indicator else None,
            orgUnit=unit.code if unit else None, year=t.year, kind=t.kind, startYear=t.start_year,
            comparator=t.comparator, valueMin=_number(t.value_min), valueMax=_number(t.value_max), unit=t.unit,
            status=p.status, actual=_number(p.actual), actualPeriod=p.actual_period, threshold=_number(p.threshold),
            percentOfTarget=_number(p.percent_of_target), expectedNow=_number(p.expected_now),
            projected=_number(p.projected), yearMet=p.year_met, horizon=p.horizon, gap=_number(p.gap),
            coverage=_coverage(item.coverage),
            provisional=ProvisionalOut(period=item.provisional.period, value=_number(item.provisional.value),
                                       coverage=_coverage(item.provisional.coverage)) if item.provisional else None,
            series=[PointOut(period=point.period, value=_number(point.value), provisional=point.provisional,
                             coverage=_coverage(point.coverage)) for point in item.points],
        ))
    return ProgressOut(plan=plan_out(plan), asOf=as_of, targets=targets)
