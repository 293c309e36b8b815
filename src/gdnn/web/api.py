"""The plans API (v1): plans in the caller's scope, and every target's progress as of a date.

The numbers are those of the plan's progress page (`gdnn.analytics.progress`), as JSON for a
province's own portal or data warehouse. Reference: docs/api.md.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse

from gdnn.accounts.api import ApiError, api_ok, api_user, api_view
from gdnn.orgunits.selectors import today
from gdnn.plans.models import Plan
from gdnn.plans.selectors import plan_visible_get, plans_visible


def _number(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _coverage(coverage) -> dict | None:
    if coverage is None:
        return None
    return {"reported": coverage.reported, "expected": coverage.expected, "threshold": coverage.threshold,
            "complete": coverage.complete, "missing": list(coverage.missing)}


def _plan_dict(plan: Plan) -> dict:
    return {"id": plan.pk, "docNumber": plan.doc_number, "issuer": plan.issuer, "level": plan.level,
            "title": plan.title, "issuedOn": plan.issued_on.isoformat() if plan.issued_on else None,
            "orgUnit": plan.org_unit.code if plan.org_unit else None, "status": plan.status,
            "secondarySource": plan.is_secondary_source}


@api_view("GET")
def plans(request: HttpRequest) -> HttpResponse:
    return api_ok({"plans": [_plan_dict(p) for p in plans_visible(user=api_user(request))]})


@api_view("GET")
def plan_progress(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every target with actual, percent of target, status, projection and the series behind them."""
    from gdnn.analytics.progress import targets_progress

    plan = plan_visible_get(user=api_user(request), plan_id=plan_id)  # NotFound answers 404
    try:
        as_of = dt.date.fromisoformat(request.GET["asOf"]) if request.GET.get("asOf") else today()
    except ValueError as exc:
        raise ApiError(400, "“asOf” phải là một ngày dạng YYYY-MM-DD.") from exc
    targets = []
    for item in targets_progress(plan=plan, as_of=as_of):
        t, p = item.target, item.progress
        targets.append({
            "id": t.pk, "text": t.text, "subject": t.subject, "indicator": t.indicator.code if t.indicator else None,
            "orgUnit": (t.org_unit or plan.org_unit).code if (t.org_unit or plan.org_unit) else None,
            "year": t.year, "comparator": t.comparator, "valueMin": _number(t.value_min),
            "valueMax": _number(t.value_max), "unit": t.unit, "status": p.status, "actual": _number(p.actual),
            "actualPeriod": p.actual_period, "threshold": _number(p.threshold),
            "percentOfTarget": _number(p.percent_of_target), "expectedNow": _number(p.expected_now),
            "projected": _number(p.projected), "yearMet": p.year_met, "horizon": p.horizon, "gap": _number(p.gap),
            "coverage": _coverage(item.coverage),
            "provisional": item.provisional and {"period": item.provisional.period,
                                                 "value": _number(item.provisional.value),
                                                 "coverage": _coverage(item.provisional.coverage)},
            "series": [{"period": point.period, "value": _number(point.value), "provisional": point.provisional,
                        "coverage": _coverage(point.coverage)} for point in item.points],
        })
    return api_ok({"plan": _plan_dict(plan), "asOf": as_of.isoformat(), "targets": targets})
