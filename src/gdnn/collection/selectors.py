"""Reads of the collection app: data sets, form layouts, submissions, values, history, access."""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from gdnn.accounts.models import Role, User
from gdnn.accounts.selectors import orgunit_in_scope, user_can_edit
from gdnn.collection.grid import Review, form_review
from gdnn.collection.models import (
    DataSet,
    DataSetWindow,
    DataValue,
    DataValueAudit,
    Submission,
    SubmissionEvent,
    ValidationRule,
)
from gdnn.collection.periods import Period, period_parse
from gdnn.collection.structure import ElementSpec, FormStructure, Option, option_valid, section_build
from gdnn.collection.validation import Finding, Rule, change_warnings, expression_parse, rules_run
from gdnn.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from gdnn.indicators.models import CategoryOption
from gdnn.orgunits.models import OrgUnit, valid_on_q

Values = dict[tuple[str, str], Decimal]
EDITABLE = {Submission.State.DRAFT, Submission.State.RETURNED}


def dataset_list() -> QuerySet[DataSet]:
    return DataSet.objects.order_by("code")


def datasets_for(*, user, on: dt.date) -> list[DataSet]:
    """The data sets a user works with: the national ones and those of a province the user's units
    are in or under (another province's own forms are not offered in pickers and overviews)."""
    from gdnn.accounts.selectors import user_home_units

    homes = user_home_units(user=user, on=on)
    return [d for d in dataset_list().select_related("owner") if d.owner_id is None or any(
        h.path.startswith(d.owner.path) or d.owner.path.startswith(h.path) for h in homes)]


def dataset_applies(*, data_set: DataSet, org_unit: OrgUnit) -> bool:
    """A national data set applies everywhere; a province's own one to the units under it."""
    if data_set.owner_id is None:
        return True
    owner = data_set.owner
    if org_unit.path.startswith(owner.path):
        return True
    if org_unit.is_pre_reform:
        from gdnn.orgunits.selectors import orgunit_current_units

        return any(u.path.startswith(owner.path) for u in orgunit_current_units(unit=org_unit))
    return False


def dataset_get(*, code: str) -> DataSet:
    try:
        return DataSet.objects.get(code=(code or "").replace("\x00", "").strip().upper()[:40])
    except DataSet.DoesNotExist as exc:
        raise NotFound(f"Không có bộ biểu mã “{code}”.") from exc


def dataset_choice_periods(*, code: str, today: dt.date, count: int = 6) -> list[Period]:
    """The periods a person picks from for a data set: the current one and those before it
    ([] for an unknown data set; both kinds when no code is given)."""
    from gdnn.collection.periods import ANNUAL, SEMIANNUAL, periods_recent

    if not (code or "").strip():
        return periods_recent(SEMIANNUAL, today, count) + periods_recent(ANNUAL, today, count // 2 + 1)
    data_set = DataSet.objects.filter(code=code.replace("\x00", "").strip().upper()[:40]).first()
    return periods_recent(data_set.period_type, today, count) if data_set else []


def dataset_level(*, code: str) -> str | None:
    """The org-unit level a data set is reported at; None for an unknown code."""
    return DataSet.objects.filter(code=(code or "").replace("\x00", "").strip().upper()[:40]).values_list(
        "org_unit_level", flat=True).first()


def dataset_period(*, data_set: DataSet, period: str) -> Period:
    p = period_parse(period)
    if p.period_type != data_set.period_type:
        kind = "6 tháng (ví dụ 2025S1)" if data_set.period_type == "semiannual" else "năm (ví dụ 2025)"
        raise DomainError(f"Bộ biểu {data_set.code} báo cáo theo kỳ {kind}, không theo kỳ {p.code}.")
    return p


def dataset_window(*, data_set: DataSet, period: Period) -> tuple[dt.date, dt.date]:
    window = DataSetWindow.objects.filter(data_set=data_set, period=period.code).first()
    if window:
        return window.opens_on, window.closes_on
    return period.default_window(data_set.close_after_days)


# Layouts are read on every cell save; they change only when the catalog or datasets.toml is synced
# (dataset_sync clears this), so a short-lived per-process cache is safe and saves a quarter of a save's CPU.
_FORM_CACHE: dict[tuple[int, str, str], tuple[float, FormStructure]] = {}
FORM_CACHE_SECONDS = 60.0


def form_cache_clear() -> None:
    _FORM_CACHE.clear()


def form_structure(*, data_set: DataSet, period: Period) -> FormStructure:
    """The form's layout, with its labels in both languages (the page picks the active one)."""
    key = (data_set.pk, data_set.version, period.code)
    cached = _FORM_CACHE.get(key)
    if cached is not None and time.monotonic() - cached[0] < FORM_CACHE_SECONDS:
        return cached[1]
    form = _form_structure_build(data_set=data_set, period=period)
    _FORM_CACHE[key] = (time.monotonic(), form)
    return form


def _form_structure_build(*, data_set: DataSet, period: Period) -> FormStructure:
    members = list(data_set.members.select_related("data_element").order_by("sort_order"))
    cats = {c for m in members for c in m.data_element.categories}
    options: dict[str, list[Option]] = {c: [] for c in cats}
    for o in CategoryOption.objects.filter(category__code__in=cats).select_related("category").order_by("sort_order"):
        if option_valid(o.valid_from, o.valid_to, period):
            options[o.category.code].append(Option(o.code, o.name_vi, o.name_en))
    form = FormStructure(data_set.code, period.code, data_set.version)
    for m in members:
        e = m.data_element
        spec = ElementSpec(e.code, e.name_vi, e.value_type, tuple(e.categories), e.name_en)
        section = section_build(spec, options)
        section.group = m.section
        form.sections.append(section)
    return form


def orgunit_for_period(*, code: str, level: str, period: Period) -> OrgUnit:
    """The unit of this level with this code that existed during the period (latest era first)."""
    unit = (
        OrgUnit.objects.filter(code=(code or "").strip(), level=level)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("-valid_from")
        .first()
    )
    if unit is None:
        raise NotFound(f"Không có đơn vị cấp {OrgUnit.Level(level).label} mã “{code}” trong kỳ {period.code}.")
    return unit


def submission_find(*, data_set: DataSet, org_unit: OrgUnit, period: str) -> Submission | None:
    return Submission.objects.filter(data_set=data_set, org_unit=org_unit, period=period).first()


def values_of(*, data_set: DataSet, org_unit: OrgUnit, period: str) -> Values:
    rows = DataValue.objects.filter(
        org_unit=org_unit, period=period, data_element__in=data_set.elements.all()
    ).values_list("data_element__code", "disaggregation", "value")
    return {(e, k): v for e, k, v in rows}


def cell_history(*, submission: Submission | None, element: str, key: str) -> QuerySet[DataValueAudit]:
    if submission is None:
        return DataValueAudit.objects.none()
    return (DataValueAudit.objects.filter(submission=submission, data_element__code=element, disaggregation=key)
            .select_related("by").order_by("-at", "-pk"))


def submission_events(*, submission: Submission | None) -> QuerySet[SubmissionEvent]:
    if submission is None:
        return SubmissionEvent.objects.none()
    return submission.events.select_related("by").order_by("at", "pk")


def submission_last_return(*, submission: Submission | None) -> SubmissionEvent | None:
    """The latest "return" event (its comment is what the reporter must fix), or None."""
    if submission is None:
        return None
    return submission.events.filter(action="return").select_related("by").order_by("-at", "-pk").first()


# --- who may do what --------------------------------------------------------------------------------


def approver_roles(*, data_set: DataSet) -> set[str]:
    """A province's report is approved by a system admin; the others by an officer of their province."""
    if data_set.org_unit_level == OrgUnit.Level.PROVINCE:
        return {Role.SYSTEM_ADMIN}
    return {Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN}


def user_can_approve(*, user: User, data_set: DataSet, org_unit: OrgUnit) -> bool:
    return orgunit_in_scope(user=user, unit=org_unit, roles=approver_roles(data_set=data_set))


def user_can_reopen(*, user: User, org_unit: OrgUnit) -> bool:
    return orgunit_in_scope(user=user, unit=org_unit, roles={Role.SYSTEM_ADMIN})


def entry_refusal(*, user: User | None, data_set: DataSet, org_unit: OrgUnit, period: Period,
                  state: str, today: dt.date) -> DomainError | None:
    """Why this user may not change values of this form now (an error to raise), or None."""
    if user is not None and not user_can_edit(user=user, unit=org_unit):
        return PermissionDenied(gettext("Bạn không có quyền nhập dữ liệu cho %(unit)s (ngoài phạm vi hoặc chỉ được "
                                         "xem).") % {"unit": org_unit.name})
    if state not in EDITABLE:
        label = Submission.State(state).label
        return Conflict(gettext("Biểu “%(form)s” của %(unit)s kỳ %(period)s đang ở trạng thái “%(state)s”, đã khóa; "
                                "cán bộ phê duyệt có thể trả lại hoặc mở lại báo cáo để sửa.")
                        % {"form": data_set, "unit": org_unit.name, "period": period.code, "state": label})
    opens, closes = dataset_window(data_set=data_set, period=period)
    if user is not None and not opens <= today <= closes and not user_can_approve(
            user=user, data_set=data_set, org_unit=org_unit):
        return Conflict(gettext("Kỳ %(period)s chỉ mở nhập từ %(opens)s đến %(closes)s; ngoài thời gian này cần cán "
                                "bộ phê duyệt nhập thay.")
                        % {"period": period.code, "opens": f"{opens:%d/%m/%Y}", "closes": f"{closes:%d/%m/%Y}"})
    return None


@dataclass
class Check:
    errors: list[Finding]
    warnings: list[Finding]


_RULES_CACHE: dict[tuple, list[tuple[int | None, str, Rule]]] = {}


def rules_cache_clear() -> None:
    _RULES_CACHE.clear()


def _rules_all() -> list[tuple[int | None, str, Rule]]:
    """Active rules from the database as (owner id, owner path, rule); unreadable rows are skipped,
    never an error on a user's save."""
    from django.db.models import Count, Max

    stamp = tuple(ValidationRule.objects.aggregate(n=Count("pk"), hi=Max("pk"), at=Max("changed_at")).values())
    if stamp not in _RULES_CACHE:
        _RULES_CACHE.clear()
        rows = []
        for r in ValidationRule.objects.filter(active=True).select_related("owner"):
            try:
                rule = Rule(code=r.code, left=expression_parse(r.left), operator=r.operator,
                            right=expression_parse(r.right), for_each=tuple(r.for_each or ()),
                            severity=r.severity, message_vi=r.message_vi)
            except ValueError:
                continue
            rows.append((r.owner_id, r.owner.path if r.owner else "", rule))
        if not rows and stamp[0] == 0:
            from gdnn.indicators.models import CatalogSeed

            if not CatalogSeed.objects.filter(name="rules").exists():
                # Before the first seed merge (`gdnn upgrade`), the shipped rules apply as they are.
                from gdnn.collection.validation import rules_load

                rows = [(None, "", rule) for rule in rules_load()]
        _RULES_CACHE[stamp] = rows
    return _RULES_CACHE[stamp]


def rules_for(*, org_unit: OrgUnit) -> tuple[Rule, ...]:
    """The national rules and those of the province the unit lies in."""
    return tuple(rule for owner, path, rule in _rules_all()
                 if owner is None or org_unit.path.startswith(path))


def _findings(*, data_set: DataSet, unit: OrgUnit, period: Period, current: Values) -> list[Finding]:
    previous = values_of(data_set=data_set, org_unit=unit, period=period.previous().code)
    names = dict(data_set.elements.values_list("code", "name_vi"))
    return rules_run(current, rules_for(org_unit=unit)) + change_warnings(current, previous, names)


def submission_check(*, submission: Submission, period: Period) -> Check:
    """The validation findings of a submission: rule errors and warnings, change-vs-previous warnings."""
    data_set, unit = submission.data_set, submission.org_unit
    current = values_of(data_set=data_set, org_unit=unit, period=period.code)
    findings = _findings(data_set=data_set, unit=unit, period=period, current=current)
    return Check([f for f in findings if f.severity == "error"], [f for f in findings if f.severity != "error"])


def submission_review(*, data_set: DataSet, org_unit: OrgUnit, period: Period) -> Review:
    """What submitting this form would leave behind: its empty cells and the cells the checks warn
    about (gdnn.collection.grid.Review). The submit confirmation and the reply to a submit both
    read it, so they never disagree."""
    current = values_of(data_set=data_set, org_unit=org_unit, period=period.code)
    findings = _findings(data_set=data_set, unit=org_unit, period=period, current=current)
    return form_review(form=form_structure(data_set=data_set, period=period), values=current, findings=findings)


def submission_states(*, data_sets: list[DataSet], units: list[OrgUnit], periods: list[str]) -> dict[tuple, str]:
    """The state of each existing report, keyed (data set code, unit code, period), in one query;
    a form with no report yet is absent (not started)."""
    if not data_sets or not units or not periods:
        return {}
    rows = Submission.objects.filter(data_set__in=data_sets, org_unit__in=units, period__in=periods).values_list(
        "data_set__code", "org_unit__code", "period", "state")
    return {(d, u, p): state for d, u, p, state in rows}


def units_for_picker(*, user: User, data_set: DataSet, period: Period, query: str, today: dt.date,
                     limit: int = 50) -> list[tuple[OrgUnit, str]]:
    """The units that report this data set, within the user's scope and valid during the period,
    matching the query (the first by name when it is empty), each with its report's state for the
    period ("" = not started). Two queries: the units, then all their states at once."""
    from gdnn.accounts.selectors import orgunits_visible
    from gdnn.orgunits.selectors import orgunit_search

    on = min(period.end, today)
    within = orgunits_visible(user=user, qs=OrgUnit.objects.select_related("parent"))
    level = data_set.org_unit_level
    if query.strip():
        units = list(orgunit_search(query=query, on=on, limit=limit, level=level, within=within))
    else:
        units = list(within.filter(valid_on_q(on), level=level).order_by("name", "code")[:limit])
    units = [u for u in units if dataset_applies(data_set=data_set, org_unit=u)]
    states = submission_states(data_sets=[data_set], units=units, periods=[period.code])
    return [(u, states.get((data_set.code, u.code, period.code), "")) for u in units]


# --- coverage: how many of the expected units a figure rests on ---------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The expected reporting units of a figure and how many have an approved report behind it."""

    reported: int
    expected: int
    threshold: int  # % of the expected units needed before the figure may decide a status
    missing: tuple[str, ...] = ()  # names of the expected units without an approved report

    @property
    def complete(self) -> bool:
        return self.expected == 0 or self.reported * 100 >= self.threshold * self.expected

    @property
    def label(self) -> str:
        return f"{self.reported}/{self.expected}"

    @staticmethod
    def weakest(items: list[Coverage]) -> Coverage | None:
        """Of several data sets behind one figure, the least complete (the one that decides)."""
        if not items:
            return None
        return min(items, key=lambda c: (c.complete, c.reported / c.expected if c.expected else 1.0))


def _coverage_roots(*, area: OrgUnit | None, area_now: bool,
                    current_units: Callable[[OrgUnit], list[OrgUnit]]) -> list[OrgUnit] | None:
    """The units whose subtree holds the expected reporters (None: the whole country). A former unit
    (a district, a pre-reform commune or province) on a day of its own era holds its own subtree and
    the current units it lives on in: a reporter recorded once for both eras (an institution "since
    before our records") hangs under the current map, and the figures count it for the former unit
    through the same successions. Units of one era only are never valid in the other, so none is
    counted twice. Past its era, the current units alone."""
    if area is None:
        return None
    if not area.is_pre_reform:
        return [area]
    now = current_units(area)
    return [area, *now] if area_now else now


def validity_eras(*, level: str) -> Callable[[dt.date], tuple[int, int]]:
    """A key of dates for the units of a level: two dates with the same key have the same valid units
    (the key counts the validity starts and ends passed). One query."""
    starts, stops = set(), set()
    for start, stop in OrgUnit.objects.filter(level=level).values_list("valid_from", "valid_to").order_by().distinct():
        if start is not None:
            starts.add(start)
        if stop is not None:
            stops.add(stop)
    first, last = sorted(starts), sorted(stops)

    def era(on: dt.date) -> tuple[int, int]:
        return bisect.bisect_right(first, on), bisect.bisect_left(last, on)

    return era


@dataclass(frozen=True, slots=True)
class UnitRow:
    """What the coverage ledger keeps of an expected unit: thousands of model instances per page
    cost four times the query that reads these four columns."""

    pk: int
    code: str
    name: str
    path: str


def _rows(units: Iterable[OrgUnit]) -> list[UnitRow]:
    return [UnitRow(u.pk, u.code, u.name, u.path) for u in units]


def units_expected_under(*, data_set: DataSet, period: Period, area: OrgUnit | None) -> list[UnitRow]:
    """The units that owe `data_set` for `period` under `area`: those of the data set's level valid at
    the end of the period. History from before the July 2025 reform that was entered on the current
    map (no report of the period comes from a unit of that era) is expected from the current units."""
    return CoverageLedger(data_set=data_set, area=area).expected(period)


def reporting_coverage(*, data_set: DataSet, periods: list[str], area: OrgUnit | None) -> Coverage:
    """How many of the units expected under `area` have an approved `data_set` report for every one of
    `periods` (a year of half-year data needs both halves for a flow, the second for a stock)."""
    return CoverageLedger(data_set=data_set, area=area).coverage(periods)


class CoverageLedger:
    """The coverage of one data set under one area, for any number of periods, from a few queries.

    The expected units change only where a unit's validity starts or ends (the July 2025 reform),
    so they are listed once per era — a set of dates on which the same units are valid — and the
    approved reports of all periods are read with them in one query. A page asking for the coverage
    of every figure of every target therefore costs a fixed number of queries per data set and
    area, however many targets, periods and units there are (`reporting_coverage` is this ledger
    asked once)."""

    def __init__(self, *, data_set: DataSet, area: OrgUnit | None, shared: CoverageLedger | None = None) -> None:
        """shared: the data set's ledger for the whole country (area None), for a page asking many
        areas: an area whose expected units are those of the country under its path takes them, and
        their approvals, from it instead of listing them again (the same units, the same figures)."""
        self.data_set, self.area = data_set, area
        self._shared = shared if shared is not None and shared.area is None and area is not None else None
        self._periods: dict[str, tuple[bool, bool]] | None = None
        self._bounds: Callable[[dt.date], tuple[int, int]] | None = None
        self._roots: dict[bool, list[OrgUnit] | None] = {}
        self._eras: dict[tuple, tuple[list[UnitRow], dict[int, set[str]]]] = {}
        self._covered: dict[tuple[str, ...], Coverage] = {}
        self._successions: dict[str, dict[int, list[OrgUnit]]] = {}

    def _reported_from(self, period: Period) -> tuple[bool, bool]:
        """(any report of the period, any from a unit valid at the period's end), for every period
        of the data set from one query."""
        if self._shared is not None:
            return self._shared._reported_from(period)
        if self._periods is None:
            found: dict[str, tuple[bool, bool]] = {}
            rows = (Submission.objects.filter(data_set=self.data_set)
                    .values_list("period", "org_unit__valid_from", "org_unit__valid_to").order_by().distinct())
            for code, start, stop in rows:
                try:
                    end = period_parse(code).end
                except ValueError:
                    continue
                valid = (start is None or start <= end) and (stop is None or end <= stop)
                found[code] = (True, found.get(code, (True, False))[1] or valid)
            self._periods = found
        return self._periods.get(period.code, (False, False))

    def _on(self, period: Period) -> dt.date:
        from gdnn.orgunits.models import REFORM_DATE

        on = period.end
        if on < REFORM_DATE:
            any_report, any_of_era = self._reported_from(period)
            if any_report and not any_of_era:
                from gdnn.orgunits.selectors import today

                on = max(today(), REFORM_DATE)
        return on

    def _era(self, on: dt.date) -> tuple:
        """Dates with the same key have the same valid units of the data set's level."""
        if self._bounds is None:
            self._bounds = (self._shared._era_bounds() if self._shared is not None
                            else validity_eras(level=self.data_set.org_unit_level))
        area_now = self.area is None or self.area.is_valid_on(on) or not self.area.is_pre_reform
        return (*self._bounds(on), area_now)

    def _current_units(self, unit: OrgUnit) -> list[OrgUnit]:
        """`orgunit_current_units(unit=unit)`, with the successions of the unit's level read once."""
        from gdnn.orgunits.models import OrgUnitSuccession
        from gdnn.orgunits.selectors import orgunit_current_units, orgunit_successors

        if unit.level not in self._successions:
            found: dict[int, list[OrgUnit]] = {}
            for row in (OrgUnitSuccession.objects.filter(predecessor__level=unit.level)
                        .select_related("successor").order_by("successor__code")):
                found.setdefault(row.predecessor_id, []).append(row.successor)
            self._successions[unit.level] = found
        level = self._successions[unit.level]

        def successors(u: OrgUnit) -> list[OrgUnit]:
            return level.get(u.pk, []) if u.level == unit.level else [s.successor for s in orgunit_successors(unit=u)]

        return orgunit_current_units(unit=unit, successors=successors)

    def _era_bounds(self) -> Callable[[dt.date], tuple[int, int]]:
        if self._bounds is None:
            self._bounds = validity_eras(level=self.data_set.org_unit_level)
        return self._bounds

    def _roots_for(self, area_now: bool, on: dt.date) -> list[OrgUnit] | None:
        if area_now not in self._roots:
            # One area: its successions walked with a query per step (the whole level's, read by
            # `_current_units` for a page of many areas, would cost more than the walk).
            from gdnn.orgunits.selectors import orgunit_current_units

            self._roots[area_now] = _coverage_roots(area=self.area, area_now=area_now,
                                                    current_units=lambda unit: orgunit_current_units(unit=unit))
        return self._roots[area_now]

    def _units(self, on: dt.date) -> tuple[list[UnitRow], dict[int, set[str]]]:
        """The expected units on `on` and the periods each has an approved report for."""
        key = self._era(on)
        if key in self._eras:
            return self._eras[key]
        ds, area, level = self.data_set, self.area, self.data_set.org_unit_level
        if self._shared is not None and area is not None and area.level != level:
            # The country's units under the roots `_coverage_roots` gives (the area and the current
            # units a former area lives on in, from the successions read once for all areas).
            units, approved = self._shared._units(on)
            roots = _coverage_roots(area=area, area_now=key[-1], current_units=self._shared._current_units) or []
            units = [u for u in units if any(u.path.startswith(r.path) for r in roots)]
            self._eras[key] = (units, approved)
            return self._eras[key]
        roots = self._roots_for(key[-1], on)
        if area is not None and area.level == level:
            found = [area] if key[-1] else [u for u in roots or [] if u.level == level]
            units = _rows(u for u in found if dataset_applies(data_set=ds, org_unit=u))
            approvals = Submission.objects.filter(org_unit_id__in=[u.pk for u in units])
        else:
            where = valid_on_q(on) & Q(level=level)
            if ds.owner_id is not None:  # a province's own form is owed only under that province
                where &= Q(path__startswith=ds.owner.path)
            if roots is not None:
                under = Q(pk__in=[])
                for root in roots:
                    under |= Q(path__startswith=root.path)
                where &= under
            units = [UnitRow(*row) for row in
                     OrgUnit.objects.filter(where).order_by("code").values_list("pk", "code", "name", "path")]
            approvals = Submission.objects.filter(org_unit__in=OrgUnit.objects.filter(where).values("pk"))
        approved: dict[int, set[str]] = {}
        for unit_id, code in approvals.filter(data_set=ds, state=Submission.State.APPROVED).values_list(
                "org_unit_id", "period"):
            approved.setdefault(unit_id, set()).add(code)
        self._eras[key] = (units, approved)
        return units, approved

    def expected(self, period: Period) -> list[UnitRow]:
        return list(self._units(self._on(period))[0])

    def coverage(self, periods: list[str]) -> Coverage:
        key = tuple(periods)
        if key not in self._covered:
            units, approved = self._units(self._on(period_parse(periods[-1])))
            wanted = set(periods)
            done = {u.pk for u in units if wanted <= approved.get(u.pk, set())}
            missing = tuple(u.name for u in units if u.pk not in done)
            self._covered[key] = Coverage(len(done), len(units), self.data_set.completeness_threshold, missing)
        return self._covered[key]


def approved_values_under(*, data_set: str, elements: list[str], period: str,
                          area: OrgUnit) -> list[tuple[int, str, str, Decimal]]:
    """(org unit id, element code, disaggregation, value) of the APPROVED reports of a data set for
    one period, from the units under `area` (other apps read a form's figures through this)."""
    rows = DataValue.objects.filter(
        submission__data_set__code=data_set, submission__state=Submission.State.APPROVED,
        submission__period=period, data_element__code__in=elements, org_unit__path__startswith=area.path,
    ).values_list("org_unit_id", "data_element__code", "disaggregation", "value")
    return list(rows)
