"""Selectors for exporting data values (DHIS2 layout) and for the completeness page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from gdnn.accounts.models import RoleAssignment, User
from gdnn.accounts.selectors import orgunits_visible, user_home_units, user_is_national
from gdnn.collection.models import DataSet, DataValue, Submission
from gdnn.collection.periods import Period
from gdnn.collection.selectors import CoverageLedger, UnitRow, dataset_window
from gdnn.orgunits.models import OrgUnit


def _number(value) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def datavalues_export(*, period: Period, org_unit: OrgUnit | None = None, user: User | None = None) -> list[dict]:
    """Every value of the period (under the unit, within the user's scope), in DHIS2's layout."""
    qs = DataValue.objects.filter(period=period.code).select_related("data_element", "org_unit", "updated_by")
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path)
    if user is not None:
        qs = qs.filter(org_unit__in=orgunits_visible(user=user))
    rows = []
    for v in qs.order_by("org_unit__code", "data_element__sort_order", "disaggregation"):
        rows.append({
            "dataelement": v.data_element.code, "period": v.period, "orgunit": v.org_unit.code,
            "categoryoptioncombo": v.disaggregation, "value": _number(v.value),
            "storedby": v.updated_by.username if v.updated_by else "",
            "lastupdated": v.updated_at.isoformat(timespec="seconds"),
        })
    return rows


@dataclass
class UnitStatus:
    unit: UnitRow
    state: str  # a Submission.State or "" (nothing entered)
    overdue: bool
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (name, email)


_DONE = (Submission.State.SUBMITTED, Submission.State.APPROVED)


@dataclass
class Completeness:
    data_set: DataSet
    period: Period
    opens: dt.date
    closes: dt.date
    units: list[UnitStatus]
    area: OrgUnit | None = None  # the part of the user's scope shown (None: all of it)

    @property
    def expected(self) -> int:
        return len(self.units)

    def count(self, *states: str) -> int:
        return sum(1 for u in self.units if u.state in states)

    @property
    def submitted(self) -> int:  # submitted or beyond
        return self.count(*_DONE)

    @property
    def approved(self) -> int:
        return self.count(Submission.State.APPROVED)

    @property
    def overdue(self) -> list[UnitStatus]:
        return [u for u in self.units if u.overdue]


@dataclass
class AreaCompleteness:
    """One area's share of a completeness report: its units' counts, for a summary row."""

    unit: UnitRow
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    overdue: int = 0

    @property
    def percent(self) -> float:
        """Share of the expected units that have submitted (approved included), in per cent."""
        return 100 * self.submitted / self.expected if self.expected else 0.0


def completeness(*, data_set: DataSet, period: Period, user: User, today: dt.date,
                 area: OrgUnit | None = None) -> Completeness:
    return completeness_periods(data_set=data_set, periods=[period], user=user, today=today, area=area)[0]


def _scope_roots(user: User, area: OrgUnit | None, on: dt.date) -> list[OrgUnit | None]:
    """The areas whose expected units make up the report: `area`, the whole country for a national
    role, or else the user's own units."""
    if area is not None:
        return [area]
    if user_is_national(user=user):
        return [None]
    return list(user_home_units(user=user, on=on))


def completeness_periods(*, data_set: DataSet, periods: list[Period], user: User, today: dt.date,
                         area: OrgUnit | None = None) -> list[Completeness]:
    """The completeness of each period under `area` (default: the user's whole scope). The expected
    units are the coverage ledger's (`CoverageLedger.expected`: the same units every coverage figure
    counts, the July 2025 reform included); the reports of all periods are read in one query."""
    ledgers = [CoverageLedger(data_set=data_set, area=root) for root in _scope_roots(user, area, today)]
    expected: list[list[UnitRow]] = []
    for period in periods:
        seen: dict[int, UnitRow] = {}
        for ledger in ledgers:
            for u in ledger.expected(period):
                seen.setdefault(u.pk, u)
        expected.append(sorted(seen.values(), key=lambda r: r.code))
    ids = {r.pk for units in expected for r in units}
    states: dict[tuple[str, int], str] = {}
    if ids:
        reports = Submission.objects.filter(data_set=data_set, period__in=[p.code for p in periods])
        roots = [ledger.area for ledger in ledgers]
        if None not in roots:  # a subtree: by path, not thousands of ids as query parameters
            under = Q(pk__in=[])
            for root in roots:
                under |= Q(org_unit__path__startswith=root.path)  # type: ignore[union-attr]
            reports = reports.filter(under)
        for code, unit_id, state in reports.values_list("period", "org_unit_id", "state"):
            if unit_id in ids:
                states[(code, unit_id)] = state
    out = []
    for period, units in zip(periods, expected, strict=True):
        opens, closes = dataset_window(data_set=data_set, period=period)
        rows = [UnitStatus(u, states.get((period.code, u.pk), ""),
                           today > closes and states.get((period.code, u.pk), "") not in _DONE) for u in units]
        out.append(Completeness(data_set, period, opens, closes, rows, area))
    return out


def completeness_contacts(*, report: Completeness) -> None:
    """Fill in who can be reminded (active users with a role on the unit) for each overdue unit."""
    late = {row.unit.pk: row for row in report.overdue}
    if not late:
        return
    for a in (RoleAssignment.objects.filter(org_unit_id__in=list(late), user__is_active=True)
              .select_related("user").order_by("user__username")):
        late[a.org_unit_id].contacts.append((a.user.full_name or a.user.username, a.user.email))


def completeness_areas(*, report: Completeness) -> list[AreaCompleteness]:
    """The report's units summed by the areas one level below the report's area (the provinces, for
    the whole country); empty when the units are themselves that level (nothing to sum)."""
    depth = 0 if report.area is None else report.area.depth + 1
    areas: dict[int, AreaCompleteness] = {}
    for row in report.units:
        parts = row.unit.path.strip("/").split("/")
        if len(parts) <= depth + 1:
            return []
        summary = areas.setdefault(int(parts[depth]), AreaCompleteness(UnitRow(int(parts[depth]), "", "", "")))
        summary.expected += 1
        summary.submitted += row.state in _DONE
        summary.approved += row.state == Submission.State.APPROVED
        summary.overdue += row.overdue
    for pk, code, name, path in OrgUnit.objects.filter(pk__in=list(areas)).values_list("pk", "code", "name", "path"):
        areas[pk].unit = UnitRow(pk, code, name, path)
    return sorted(areas.values(), key=lambda a: a.unit.code)


def datavalues_filtered(*, user: User, periods: list[Period] | None = None, start: Period | None = None,
                        end: Period | None = None, org_unit: OrgUnit | None = None, data_set: DataSet | None = None,
                        updated_since: dt.datetime | None = None):
    """Values within the user's scope for the API's large reads: given periods, or every period whose
    span lies within `start`…`end`; under `org_unit` (its subtree); of `data_set`; changed since
    `updated_since`. A queryset in a stable order (for paging), rows built by `datavalue_row`."""
    from gdnn.collection.periods import period_parse

    qs = DataValue.objects.filter(org_unit__in=orgunits_visible(user=user))
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path)
    if data_set is not None:
        qs = qs.filter(submission__data_set=data_set)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    if periods:
        qs = qs.filter(period__in=[p.code for p in periods])
    if start is not None or end is not None:
        codes = []
        for code in DataValue.objects.values_list("period", flat=True).distinct().order_by():
            p = period_parse(code)
            if (start is None or p.start >= start.start) and (end is None or p.end <= end.end):
                codes.append(code)
        qs = qs.filter(period__in=codes)
    return (qs.select_related("data_element", "org_unit", "updated_by")
            .order_by("period", "org_unit__code", "data_element__sort_order", "disaggregation", "pk"))


def datavalue_row(v: DataValue) -> dict:
    """One value in DHIS2's layout (the columns of `gdnn data import`'s CSV)."""
    return {"dataelement": v.data_element.code, "period": v.period, "orgunit": v.org_unit.code,
            "categoryoptioncombo": v.disaggregation, "value": _number(v.value),
            "storedby": v.updated_by.username if v.updated_by else "",
            "lastupdated": v.updated_at.isoformat(timespec="seconds")}
