"""Selectors for exporting data values (DHIS2 layout) and for the completeness page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gdnn.accounts.models import RoleAssignment, User
from gdnn.accounts.selectors import orgunits_visible
from gdnn.collection.models import DataSet, DataValue, Submission
from gdnn.collection.periods import Period
from gdnn.collection.selectors import dataset_window, units_expected, validity_eras
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


@dataclass(frozen=True)
class UnitRef:
    """What a completeness row shows of a unit (a model instance per unit costs more than the query)."""

    pk: int
    code: str
    name: str


@dataclass
class UnitStatus:
    unit: UnitRef
    state: str  # a Submission.State or "" (nothing entered)
    overdue: bool
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (name, email)


@dataclass
class Completeness:
    data_set: DataSet
    period: Period
    opens: dt.date
    closes: dt.date
    units: list[UnitStatus]

    @property
    def expected(self) -> int:
        return len(self.units)

    def count(self, *states: str) -> int:
        return sum(1 for u in self.units if u.state in states)

    @property
    def submitted(self) -> int:  # submitted or beyond
        return self.count(Submission.State.SUBMITTED, Submission.State.APPROVED)

    @property
    def approved(self) -> int:
        return self.count(Submission.State.APPROVED)

    @property
    def overdue(self) -> list[UnitStatus]:
        return [u for u in self.units if u.overdue]


def completeness(*, data_set: DataSet, period: Period, user: User, today: dt.date) -> Completeness:
    return completeness_periods(data_set=data_set, periods=[period], user=user, today=today)[0]


def completeness_periods(*, data_set: DataSet, periods: list[Period], user: User,
                         today: dt.date) -> list[Completeness]:
    """The completeness of each period; periods whose expected units are the same (one era of the
    map) share one read of the units, the reports of all of them are read in one query."""
    era = validity_eras(level=data_set.org_unit_level)
    by_era: dict[tuple[int, int], tuple[QuerySet[OrgUnit], list[UnitRef]]] = {}
    for period in periods:
        if era(period.end) not in by_era:
            expected = units_expected(data_set=data_set, period=period, user=user)
            by_era[era(period.end)] = (expected, [UnitRef(*row) for row in expected.values_list("pk", "code", "name")])
    # Subqueries, not lists: thousands of units as query parameters cost more than the query.
    states: dict[tuple[str, int], str] = {}
    in_scope = Q(pk__in=[])
    for expected, _units in by_era.values():
        in_scope |= Q(org_unit__in=expected.values("pk"))
    for code, unit_id, state in Submission.objects.filter(
            in_scope, data_set=data_set, period__in=[p.code for p in periods]).values_list(
            "period", "org_unit_id", "state"):
        states[(code, unit_id)] = state
    contacts: dict[tuple[int, int], dict[int, list[tuple[str, str]]]] = {}
    done = {Submission.State.SUBMITTED, Submission.State.APPROVED}
    out = []
    for period in periods:
        key = era(period.end)
        expected, units = by_era[key]
        opens, closes = dataset_window(data_set=data_set, period=period)
        rows = [UnitStatus(u, states.get((period.code, u.pk), ""),
                           today > closes and states.get((period.code, u.pk), "") not in done) for u in units]
        late = {r.unit.pk: r for r in rows if r.overdue}
        if late and key not in contacts:
            found: dict[int, list[tuple[str, str]]] = {}
            for a in RoleAssignment.objects.filter(org_unit__in=expected.values("pk"),
                                                   user__is_active=True).select_related("user").order_by(
                                                       "user__username"):
                found.setdefault(a.org_unit_id, []).append((a.user.full_name or a.user.username, a.user.email))
            contacts[key] = found
        for pk, row in late.items():
            row.contacts.extend(contacts[key].get(pk, []))
        out.append(Completeness(data_set, period, opens, closes, rows))
    return out


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
