"""A plan's own history (the plan page's "Lịch sử thay đổi"): one PlanEvent row per change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan, PlanEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, OrgUnit):
        return value.code
    return value


def plan_event_record(plan: Plan, by, action: str, field: str = "", old: Any = None, new: Any = None,
                      note: str = "") -> None:
    PlanEvent.objects.create(plan=plan, action=action, field=field, old=_jsonable(old), new=_jsonable(new),
                             note=note, actor=by if getattr(by, "is_authenticated", False) else None)
