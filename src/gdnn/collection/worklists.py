"""What needs a person now (reads only): forms to fill in open windows, their returned reports with
the reviewer's comment, reports awaiting their approval; and who reports for a unit (for notices)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from gdnn.accounts.models import Role, RoleAssignment, User
from gdnn.accounts.selectors import orgunits_visible, user_assignments
from gdnn.collection.models import DataSet, Submission, SubmissionEvent
from gdnn.collection.periods import Period, period_parse, periods_recent
from gdnn.collection.selectors import dataset_applies, dataset_list, dataset_window, user_can_approve
from gdnn.common.errors import DomainError
from gdnn.orgunits.models import OrgUnit

FILLER_ROLES = {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.INSTITUTION_REPORTER}
DONE = {Submission.State.SUBMITTED, Submission.State.APPROVED}
OVERDUE_SHOWN_DAYS = 90  # a closed window stays on the list this long after its deadline
AWAITING_LIMIT = 500


@dataclass
class FormDue:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    opens: dt.date
    closes: dt.date
    state: str  # "" (nothing entered), draft or returned
    overdue: bool


@dataclass
class Returned:
    submission: Submission
    comment: str
    by: str
    at: dt.datetime | None


def _filler_units(user: User) -> list[OrgUnit]:
    seen: dict[int, OrgUnit] = {}
    for a in user_assignments(user=user):
        if a.role in FILLER_ROLES and a.org_unit is not None and a.org_unit.valid_to is None:
            seen.setdefault(a.org_unit.pk, a.org_unit)
    return list(seen.values())


def forms_to_fill(*, user: User, today: dt.date) -> list[FormDue]:
    """The forms of the user's own units whose window is open now or closed lately without a report,
    and every unsent draft (or returned report) past its deadline, however old, until it is sent.
    A period that ended before the unit existed is never listed."""
    units = _filler_units(user)
    if not units:
        return []
    out = []
    data_sets = [d for d in dataset_list() if d.org_unit_level in {u.level for u in units}]
    states = {(s.data_set_id, s.org_unit_id, s.period): s.state for s in
              Submission.objects.filter(org_unit__in=units, data_set__in=data_sets)}
    for ds in data_sets:
        periods = {p.code: p for p in periods_recent(ds.period_type, today, 3)}
        for (ds_id, _, code), started in states.items():  # a started report is listed whatever its age
            if ds_id == ds.pk and started not in DONE and code not in periods:
                try:
                    periods[code] = period_parse(code)
                except DomainError:
                    continue
        for period in periods.values():
            opens, closes = dataset_window(data_set=ds, period=period)
            overdue = closes < today
            if opens > today:
                continue
            stale = overdue and (today - closes).days > OVERDUE_SHOWN_DAYS
            for unit in units:
                state = states.get((ds.pk, unit.pk, period.code), "")
                if unit.level != ds.org_unit_level or state in DONE or (stale and not state):
                    continue  # an old period with nothing entered drops off; an unsent draft stays
                if unit.valid_from is not None and period.end < unit.valid_from:
                    continue  # the unit did not exist then
                if dataset_applies(data_set=ds, org_unit=unit):  # another province's own form: not theirs
                    out.append(FormDue(ds, unit, period, opens, closes, state, overdue))
    out.sort(key=lambda f: (not f.overdue, f.closes, f.unit.name))
    return out


def _last_return(submission: Submission) -> SubmissionEvent | None:
    events = [e for e in submission.events.all() if e.action == "return"]
    return events[-1] if events else None


def returned_to(*, user: User) -> list[Returned]:
    """The user's own units' reports returned to them, each with the latest return comment."""
    units = _filler_units(user)
    qs = (Submission.objects.filter(org_unit__in=units, state=Submission.State.RETURNED)
          .select_related("data_set", "org_unit").prefetch_related("events__by").order_by("-state_changed_at"))
    out = []
    for s in qs[:200]:
        event = _last_return(s)
        out.append(Returned(s, event.comment if event else "", str(event.by) if event and event.by else "",
                            event.at if event else None))
    return out


def awaiting_approval(*, user: User, data_set: str = "", period: str = "") -> list[Submission]:
    """Submitted reports the user may approve, oldest first (optionally one data set and period)."""
    if not any(a.role in {Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN} for a in user_assignments(user=user)) \
            and not user.is_superuser:
        return []
    qs: QuerySet[Submission] = Submission.objects.filter(state=Submission.State.SUBMITTED,
                                                         org_unit__in=orgunits_visible(user=user))
    data_set, period = data_set.replace("\x00", "")[:40], period.replace("\x00", "")[:8]  # NUL: PostgreSQL
    if data_set:
        qs = qs.filter(data_set__code=data_set)
    if period:
        qs = qs.filter(period=period)
    rows = qs.select_related("data_set", "org_unit", "org_unit__parent").order_by("state_changed_at", "pk")
    return [s for s in rows[:AWAITING_LIMIT] if user_can_approve(user=user, data_set=s.data_set, org_unit=s.org_unit)]


def unit_reporters(*, unit: OrgUnit) -> list[User]:
    """The active users who fill in this unit's reports (their role is bound to the unit itself)."""
    return [a.user for a in RoleAssignment.objects.filter(org_unit=unit, role__in=FILLER_ROLES, user__is_active=True)
            .select_related("user").order_by("user__username")]

