"""Every target of a plan with its figures, their coverage, and its status and projection.

The one progress computation: the plan's progress page, the API, the charts, the DOCX and XLSX
reports and the alignment page all read `targets_progress`, so they cannot disagree.

Each figure carries its coverage — how many of the units expected to report it have an approved
report behind it. A figure below its data set's completeness threshold is provisional: it is shown,
never used to decide a status. The status is decided on the latest complete figure and names it.
The rules are written out in docs/analytics.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gdnn.analytics.selectors import (
    formula_for,
    formula_sums_many,
    fresh,
    indicator_from_sums,
    indicator_periods,
)
from gdnn.analytics.trajectory import COUNT, RATE, Domain, Progress, period_time, progress
from gdnn.collection.models import DataSet, DataSetElement, Submission
from gdnn.collection.selectors import Coverage, CoverageLedger
from gdnn.indicators.formulas import Formula
from gdnn.indicators.models import DataElement
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan, Target

_RANGE_OF_YEARS = re.compile(r"(giai đoạn|trong \d+ năm|\b(19|20)\d\d\s*[-–]\s*(19|20)\d\d\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    """One figure of a target's series, with the reporting units it rests on."""

    period: str
    value: float | None
    coverage: Coverage | None = None

    @property
    def provisional(self) -> bool:
        return self.coverage is not None and not self.coverage.complete


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    points: list[Point]
    progress: Progress
    unit: OrgUnit | None = None  # where the target is measured
    domain: Domain = field(default_factory=Domain)

    @property
    def series(self) -> list[tuple[str, float | None]]:
        """Every figure, complete or provisional, in time order."""
        return [(p.period, p.value) for p in self.points]

    @property
    def coverage(self) -> Coverage | None:
        """The coverage of the figure the status was decided on."""
        return next((p.coverage for p in self.points if p.period == self.progress.actual_period), None)

    @property
    def provisional(self) -> Point | None:
        """The latest figure when it is newer than the deciding one and not yet complete."""
        if not self.points or not self.points[-1].provisional:
            return None
        last = self.points[-1]
        if self.progress.actual_period and period_time(last.period) <= period_time(self.progress.actual_period):
            return None
        return last


def as_of_time(as_of: dt.date) -> float:
    """A date as a fractional year (1 January 2026 → 2026.0)."""
    return as_of.year + (as_of.timetuple().tm_yday - 1) / 366.0


def _formula(target: Target) -> Formula | None:
    if target.indicator is None or target.year is None:
        return None
    try:
        return formula_for(target.indicator)
    except KeyError:
        return None


def target_domain(target: Target, formula: Formula | None) -> Domain:
    """Rates stay within 0-100; counts are whole and not negative."""
    if target.unit == "percent":
        return RATE if formula is None or (formula.is_ratio and formula.factor == 100) else Domain(0.0, None)
    return COUNT


def element_over_time() -> dict[str, str]:
    """How each data element adds up over time ("sum" for flows, "last" for stocks), from the database."""
    return dict(DataElement.objects.values_list("code", "over_time"))


def target_is_cumulative(target: Target, formula: Formula | None, over_time: dict[str, str]) -> bool:
    """A total over a period ("1.500 người trong giai đoạn 2026–2030") is tracked as a running sum of
    the yearly figures: the target's kind says so, or, for a target stored before kinds existed, a
    count of a flow whose sentence names a range of years."""
    if formula is None or formula.is_ratio or target.unit == "percent":
        return False
    if any(over_time.get(t.element, "sum") != "sum" for t in formula.numerator):
        return False
    if target.kind == Target.Kind.PERIOD_TOTAL:
        return True
    return target.kind == Target.Kind.POINT and bool(_RANGE_OF_YEARS.search(target.text or ""))


def measured_unit(target: Target, unit: OrgUnit | None, area: OrgUnit | None) -> OrgUnit | None:
    """The reporting unit, or the part of it a target names ("huyện X đạt …") when it lies inside it."""
    own = target.org_unit
    if own is not None and unit is not None and (area is None or own.pk != area.pk) and own.path.startswith(unit.path):
        return own
    if own is not None and unit is None:
        return own
    return unit


class _CoverageBook:
    """Coverage figures for one computation: one ledger per data set and unit measured, so the
    queries do not grow with the number of targets or periods."""

    def __init__(self, *, many: bool = False) -> None:
        """many: the computation asks many areas; their ledgers share each data set's national one."""
        self._many = many
        self._shared: dict[int, CoverageLedger] = {}
        self._data_sets: dict[str, list[DataSet]] = {}
        rows = DataSetElement.objects.select_related("data_set__owner", "data_element")
        for row in rows:
            self._data_sets.setdefault(row.data_element.code, []).append(row.data_set)
        self.over_time = element_over_time()
        self._ledgers: dict[tuple[int, int | None], CoverageLedger] = {}
        self._any = Submission.objects.exists()

    def data_sets(self, formula: Formula) -> list[DataSet]:
        found: dict[int, DataSet] = {}
        for term in (*formula.numerator, *formula.denominator):
            for ds in self._data_sets.get(term.element, []):
                found[ds.pk] = ds
        return list(found.values())

    def coverage(self, formula: Formula, period: str, unit: OrgUnit | None) -> Coverage | None:
        if not self._any:
            return None
        items = []
        for ds in self.data_sets(formula):
            key = (ds.pk, unit.pk if unit else None)
            if key not in self._ledgers:
                shared = None
                if self._many and unit is not None:
                    shared = self._shared.setdefault(ds.pk, CoverageLedger(data_set=ds, area=None))
                self._ledgers[key] = CoverageLedger(data_set=ds, area=unit, shared=shared)
            items.append(self._ledgers[key].coverage(self._submission_periods(ds, formula, period)))
        return Coverage.weakest(items)

    def _submission_periods(self, ds: DataSet, formula: Formula, period: str) -> list[str]:
        if ds.period_type == DataSet.PeriodType.SEMIANNUAL and "S" not in period:
            elements = {t.element for t in (*formula.numerator, *formula.denominator)}
            flows = any(self.over_time.get(e, "sum") == "sum" for e in elements)
            return [f"{period}S1", f"{period}S2"] if flows else [f"{period}S2"]
        if ds.period_type == DataSet.PeriodType.ANNUAL and "S" in period:
            return [period[:4]]
        return [period]


def targets_progress(*, plan: Plan, as_of: dt.date, unit: OrgUnit | None = None, until: str | None = None,
                     whole_years: bool = False, area: OrgUnit | None = None,
                     targets: list[Target] | None = None) -> list[TargetProgress]:
    """Every target of the plan, in the plan's order, measured on `unit` (default: the plan's unit).

    until: the last period a report covers (its figures stop there and its statuses are judged at
    its end); without it, figures run to `as_of` and statuses are judged on that date.
    whole_years: a year report of half-year indicators judges whole years (both halves reported).
    The one-unit case of `targets_progress_many`."""
    unit = unit if unit is not None else plan.org_unit
    return targets_progress_many(plan=plan, as_of=as_of, units=[unit], until=until, whole_years=whole_years,
                                 area=area, targets=targets)[0]


def targets_progress_many(*, plan: Plan, as_of: dt.date, units: list[OrgUnit | None], until: str | None = None,
                          whole_years: bool = False, area: OrgUnit | None = None,
                          targets: list[Target] | None = None) -> list[list[TargetProgress]]:
    """`targets_progress` on each of several units (None: the country), in the order given: one list
    of the plan's targets per unit. One DuckDB scan per kind of formula (counts, ratios) and class
    of unit measured (`formula_sums_many`), and the coverage of a data set read once for all units,
    so the work does not grow with the number of units."""
    if targets is None:
        targets = list(plan.targets.select_related("indicator", "org_unit").exclude(review="not_target")
                       .order_by("order", "pk"))
    area = area if area is not None else plan.org_unit
    t_now = as_of_time(as_of)
    if until is not None:
        t_now = min(t_now, period_time(until))
    formulas = {t.pk: f for t in targets if (f := _formula(t)) is not None}
    # Per unit asked: where each target is measured (the unit, or the part of it the target names).
    wheres = [{t.pk: measured_unit(t, unit, area) for t in targets} for unit in units]
    measured: dict[int | None, OrgUnit | None] = {}
    for by_target in wheres:
        for where in by_target.values():
            measured.setdefault(where.pk if where else None, where)
    sums: dict[int | None, dict] = {}
    if formulas and Submission.objects.filter(state=Submission.State.APPROVED).exists():
        fresh()
        wanted_at: dict[int | None, set[int]] = {}
        for by_target in wheres:
            for pk, where in by_target.items():
                if pk in formulas:
                    wanted_at.setdefault(where.pk if where else None, set()).add(pk)
        # Units wanting the same targets share one scan (usually all of them: one group).
        by_wanted: dict[frozenset[int], list[OrgUnit | None]] = {}
        for key, wanted in wanted_at.items():
            by_wanted.setdefault(frozenset(wanted), []).append(measured[key])
        for wanted, group in by_wanted.items():
            sums.update(formula_sums_many(units=group, formulas={pk: formulas[pk] for pk in sorted(wanted)}))  # type: ignore[arg-type]
    book = _CoverageBook(many=len(measured) > 1)
    out = []
    for by_target in wheres:
        results = []
        for t in targets:
            where = by_target[t.pk]
            formula = formulas.get(t.pk)
            domain = target_domain(t, formula)
            found = sums.get(where.pk if where else None, {}).get(t.pk, {})
            points = _points(found, formula, where, book, t_now, until, whole_years) if formula else []
            if t.kind != Target.Kind.POINT and t.start_year:
                # A per-year target holds each year of its period to it; a period total sums the
                # period's years (progress(cumulative=True)): years before the period do not count.
                points = [p for p in points if int(p.period[:4]) >= t.start_year]
            results.append(TargetProgress(t, points, _judge(t, formula, points, t_now, domain, book.over_time),
                                          where, domain))
        out.append(results)
    return out


def _points(sums, formula: Formula, unit: OrgUnit | None, book: _CoverageBook, t_now: float, until: str | None,
            whole_years: bool) -> list[Point]:
    periods = indicator_periods(sums, formula)
    if whole_years and formula.period_type != "annual":
        periods = [p[:4] for p in periods if p.endswith("S2")]
    limit = period_time(until) if until is not None else t_now + 1.0  # the running year's figures count
    out = []
    for p in periods:
        if period_time(p) > limit + 1e-9:
            continue
        value = indicator_from_sums(sums, formula, p).value
        if value is None:
            continue
        out.append(Point(p, value, book.coverage(formula, p, unit)))
    return out


def _judge(t: Target, formula: Formula | None, points: list[Point], t_now: float, domain: Domain,
           over_time: dict[str, str]) -> Progress:
    higher = t.indicator is None or t.indicator.direction == "higher"
    vmin = float(t.value_min) if t.value_min is not None else None
    vmax = float(t.value_max) if t.value_max is not None else None
    year = t.year or int(t_now)
    complete = [(p.period, p.value) for p in points if not p.provisional]
    if t.kind == Target.Kind.PER_YEAR and complete:
        year = min(year, int(complete[-1][0][:4]))  # every year is held to the target: judge the latest
    if not complete or formula is None:
        empty = progress(series=[], comparator=t.comparator, value_min=vmin, value_max=vmax, target_year=year,
                         higher=higher)
        status = "incomplete" if points else "no_data"
        return Progress(None, None, empty.threshold, None, None, None, None, status)
    baseline = None
    if t.baseline_value is not None and t.baseline_year:
        baseline = (t.baseline_year + 1.0, float(t.baseline_value))
    return progress(series=complete, comparator=t.comparator, value_min=vmin, value_max=vmax, target_year=year,
                    higher=higher, baseline=baseline, now=t_now, domain=domain,
                    cumulative=target_is_cumulative(t, formula, over_time))


def chart_progress(*, plan: Plan, as_of: dt.date) -> tuple[list[TargetProgress], Plan | None]:
    """What a plan's charts draw: its own targets; or, for a plan stating no measurable target, the
    rate targets of the plan it implements, measured on its own area (with that plan, to say so).
    Counts are not borrowed: a country's count is no target for a province."""
    items = targets_progress(plan=plan, as_of=as_of)
    if any(i.target.indicator_id and i.target.year for i in items):
        return items, None
    from gdnn.plans.selectors import plan_parents

    for parent, _via in plan_parents(plan=plan, user=None):
        rates = [t for t in parent.targets.select_related("indicator", "org_unit").order_by("order", "pk")
                 if t.indicator_id and t.year and t.unit == "percent"]
        if rates:
            return targets_progress(plan=parent, as_of=as_of, unit=plan.org_unit, area=plan.org_unit,
                                    targets=rates), parent
    return items, None


def indicator_points(*, formulas: dict[object, Formula], unit: OrgUnit | None, as_of: dt.date,
                     book: _CoverageBook | None = None) -> dict[object, list[Point]]:
    """Each formula's figures on a unit with their coverage, up to `as_of`'s year: the series
    `targets_progress` draws for a target of that indicator on that unit, read without a target
    (the analysis pivot). The one-unit case of `indicator_points_many`."""
    return indicator_points_many(formulas=formulas, units=[unit], as_of=as_of, book=book)[0]


def indicator_points_many(*, formulas: dict[object, Formula], units: list[OrgUnit | None], as_of: dt.date,
                          book: _CoverageBook | None = None) -> list[dict[object, list[Point]]]:
    """`indicator_points` on each unit, in the order given, from one scan per kind of formula and
    class of unit (`formula_sums_many`) and one coverage read per data set for all units."""
    book = book if book is not None else _CoverageBook(many=len(units) > 1)
    if not formulas or not Submission.objects.filter(state=Submission.State.APPROVED).exists():
        return [{key: [] for key in formulas} for _ in units]
    sums = formula_sums_many(units=units, formulas=formulas)
    t_now = as_of_time(as_of)
    return [{key: _points(sums[u.pk if u else None].get(key, {}), f, u, book, t_now, None, False)
             for key, f in formulas.items()} for u in units]


CoverageBook = _CoverageBook
