"""The figures of a report: each target's series, actual, comparison and status for one unit.

It follows `gdnn.analytics.progress.targets_progress` (same formulas, sums and trajectory rules)
but for any unit of the plan's area, with the series cut at the end of the report period.
"""

from __future__ import annotations

from gdnn.analytics.progress import actual_series_for_kind
from gdnn.analytics.selectors import (
    child_ranking,
    formula_for,
    formula_terms,
    fresh,
    indicator_from_sums,
    indicator_periods,
    term_sums,
)
from gdnn.analytics.trajectory import Progress, period_time, progress
from gdnn.collection.models import Submission
from gdnn.indicators.formulas import Formula
from gdnn.indicators.models import UNIT_LABELS_VI
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Target
from gdnn.reports.data import Ranking, TargetRow, UnitValue
from gdnn.reports.periods import FIVE_YEAR, ReportPeriod
from gdnn.reports.sentences import ASSESSMENT, change_sentence, target_sentence

Series = list[tuple[str, float | None]]


def _formula(target: Target) -> Formula | None:
    if target.indicator is None or target.year is None:
        return None
    try:
        return formula_for(target.indicator)
    except KeyError:
        return None


def _series(sums, formula: Formula, period: ReportPeriod) -> Series:
    """The indicator's values up to the end of the report period; a year report of half-year
    data uses whole years (flows added, stocks at year end) for the years with both halves."""
    limit = period_time(period.data_period)
    periods = indicator_periods(sums, formula)
    if formula.period_type != "annual" and not period.half:
        periods = [p[:4] for p in periods if p.endswith("S2")]
    return [(p, indicator_from_sums(sums, formula, p).value) for p in periods if period_time(p) <= limit]


def any_approved_data() -> bool:
    """Whether anything was ever approved; an analytics store with no facts is not queried at all."""
    return Submission.objects.filter(state=Submission.State.APPROVED).exists()


def _year_earlier(code: str) -> str:
    return f"{int(code[:4]) - 1}{code[4:]}"


def _period_note(actual_period: str | None, period: ReportPeriod) -> str:
    if actual_period is None or actual_period == period.data_period:
        return ""
    if "S" in actual_period:
        year, half = actual_period.split("S")
        return f" (số liệu 6 tháng {'đầu' if half == '1' else 'cuối'} năm {year})"
    return f" (số liệu năm {actual_period})"


def _unit_for(target: Target, unit: OrgUnit, area: OrgUnit | None) -> OrgUnit:
    """The reporting unit, or the part of it a target names ("huyện X đạt …") when it is inside it."""
    own = target.org_unit
    if own is not None and (area is None or own.pk != area.pk) and own.path.startswith(unit.path):
        return own
    return unit


def target_rows(*, targets: list[Target], unit: OrgUnit, period: ReportPeriod,
                area: OrgUnit | None = None) -> list[TargetRow]:
    """One row per target, in the plan's order; one DuckDB scan per unit (usually one)."""
    formulas = {t.pk: f for t in targets if (f := _formula(t)) is not None}
    by_unit: dict[int, tuple[OrgUnit, list[Target]]] = {}
    for t in targets:
        target_unit = _unit_for(t, unit, area)
        by_unit.setdefault(target_unit.pk, (target_unit, []))[1].append(t)
    sums: dict[int, dict] = {}
    if formulas and any_approved_data():
        fresh()
        for pk, (target_unit, group) in by_unit.items():
            terms = [term for t in group if t.pk in formulas for term in formula_terms(formulas[t.pk])]
            sums[pk] = term_sums(unit=target_unit, terms=terms).get(None, {}) if terms else {}
    rows = []
    for order, t in enumerate(targets, start=1):
        formula = formulas.get(t.pk)
        unit_sums = sums.get(_unit_for(t, unit, area).pk, {})
        series = _series(unit_sums, formula, period) if formula else []
        series = actual_series_for_kind(kind=t.kind, series=series, start_year=t.start_year)
        higher = t.indicator is None or t.indicator.direction == "higher"
        baseline = None
        if t.baseline_value is not None and t.baseline_year:
            baseline = (t.baseline_year + 1.0, float(t.baseline_value))
        result = progress(
            series=series, comparator=t.comparator,  # type: ignore[arg-type]
            value_min=float(t.value_min) if t.value_min is not None else None,
            value_max=float(t.value_max) if t.value_max is not None else None,
            target_year=t.year or period.last_year, higher=higher, baseline=baseline,
        )
        rows.append(_row(order, t, series, result, period))
    return rows


def _row(order: int, t: Target, series: Series, result: Progress, period: ReportPeriod) -> TargetRow:
    values = dict(series)
    five_year_end = result.actual_period == period.data_period and period.kind == FIVE_YEAR
    if result.actual_period is None or five_year_end:
        compare = period.comparison_period
    else:
        compare = _year_earlier(result.actual_period)
    previous = values.get(compare)
    label = f"cùng kỳ năm {compare[:4]}" if "S" in compare else f"năm {compare}"
    name = t.indicator.name_vi if t.indicator else (t.subject or t.text)[:1].upper() + (t.subject or t.text)[1:]
    sentence = target_sentence(
        name=name, unit=t.unit, target_year=t.year, plan_label=t.value_label, progress=result,
        period_note=_period_note(result.actual_period, period),
        change=change_sentence(result.actual, previous, t.unit, label),
    )
    return TargetRow(
        order=order, indicator_code=t.indicator.code if t.indicator else "", name=name, unit=t.unit,
        unit_label=UNIT_LABELS_VI.get(t.unit, ""), target_year=t.year, plan_label=t.value_label,
        threshold=result.threshold, actual=result.actual, actual_period=result.actual_period,
        percent_of_target=result.percent_of_target, previous=previous, previous_period=compare,
        status=result.status, assessment=ASSESSMENT[result.status], sentence=sentence, series=series,
        higher=t.indicator is None or t.indicator.direction == "higher",
    )


def laggard_rankings(*, rows: list[TargetRow], targets: list[Target], unit: OrgUnit, limit: int = 2) -> list[Ranking]:
    """For the first targets behind or at risk, the unit's communes on that indicator (province only)."""
    if unit.level != OrgUnit.Level.PROVINCE or unit.is_pre_reform:
        return []
    by_code = {t.indicator.code: t.indicator for t in targets if t.indicator}
    out: list[Ranking] = []
    seen: set[str] = set()
    for row in rows:
        if row.status not in ("behind", "at_risk") or row.indicator_code in seen or not row.actual_period:
            continue
        seen.add(row.indicator_code)
        ranked = child_ranking(indicator=by_code[row.indicator_code], unit=unit, period=row.actual_period)
        units = [UnitValue(u.code, u.name, v) for u, v in ranked if v is not None]
        if units:
            out.append(Ranking(row.name, row.unit, row.actual_period, row.threshold, units))
        if len(out) >= limit:
            break
    return out
