"""A reporting unit's own part in a plan it reports for: its figure beside the plan unit's total."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gdnn.accounts.selectors import user_units_under
from gdnn.collection.selectors import Coverage
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan, Target

MAX_UNITS = 3  # a user with roles on many units sees the first few; the drill-down shows the rest
SHARE_UNITS = {"persons", "institutions", "programs"}  # counts that add up across units


@dataclass(frozen=True)
class ContributionRow:
    target: Target
    period: str | None
    own: str
    own_coverage: Coverage | None
    total: str
    total_coverage: Coverage | None
    share: str | None  # "12,5%" of the total, for counts only (a rate has no share)


@dataclass(frozen=True)
class Contribution:
    unit: OrgUnit
    rows: list[ContributionRow]


def plan_contributions(*, plan: Plan, user, as_of: dt.date) -> list[Contribution]:
    """For each of the user's units below a unit's plan (a province plan read by a commune officer or
    an institution reporter), each target's figure on that unit in the period the plan's total was
    last measured, with both coverages and the unit's share of a count."""
    from gdnn.analytics.progress import targets_progress_many
    from gdnn.common.numbers import display_percent
    from gdnn.web.dashboard import number

    if plan.org_unit is None:  # the national strategy: its progress page compares the provinces
        return []
    units = user_units_under(user=user, unit=plan.org_unit)[:MAX_UNITS]
    if not units:
        return []
    totals, *owns = targets_progress_many(plan=plan, as_of=as_of, units=[plan.org_unit, *units])
    out = []
    for unit, unit_progress in zip(units, owns, strict=True):
        rows = []
        for total, own in zip(totals, unit_progress, strict=True):
            if total.target.indicator_id is None:
                continue
            period = total.progress.actual_period or (total.points[-1].period if total.points else None)
            own_point = next((p for p in own.points if p.period == period), None)
            total_point = next((p for p in total.points if p.period == period), None)
            own_value = own_point.value if own_point else None
            total_value = total_point.value if total_point else None
            share = None
            if (own_value is not None and total_value and total.target.unit in SHARE_UNITS):
                share = display_percent(own_value / total_value * 100, 1)
            unit_of = total.target.unit
            rows.append(ContributionRow(total.target, period, number(own_value, unit_of),
                                        own_point.coverage if own_point else None, number(total_value, unit_of),
                                        total_point.coverage if total_point else None, share))
        out.append(Contribution(unit, rows))
    return out
