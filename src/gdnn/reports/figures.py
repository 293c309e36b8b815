"""The figures of a report: each target's series, actual, comparison and status for one unit.

Every number comes from `gdnn.analytics.progress.targets_progress` (the one progress computation
the pages, the API and the charts also read), measured on the reporting unit, with the series cut
at the end of the report period and the statuses judged at that end.
"""

from __future__ import annotations

from gdnn.analytics.progress import TargetProgress, targets_progress
from gdnn.analytics.selectors import child_ranking
from gdnn.analytics.trajectory import period_time
from gdnn.collection.models import DataSetElement, Submission
from gdnn.indicators.formulas import load_element_catalog
from gdnn.indicators.models import UNIT_LABELS_VI
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan, Target
from gdnn.reports.data import Ranking, TargetRow, UnitValue
from gdnn.reports.periods import FIVE_YEAR, ReportPeriod
from gdnn.reports.sentences import ASSESSMENT, change_sentence, provisional_note, target_sentence

Series = list[tuple[str, float | None]]


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


def target_rows(*, plan: Plan, targets: list[Target], unit: OrgUnit, period: ReportPeriod,
                area: OrgUnit | None = None, as_of=None) -> list[TargetRow]:
    """One row per target, in the plan's order, from the one progress computation."""
    from gdnn.orgunits.selectors import today

    on = as_of or today()
    items = targets_progress(plan=plan, as_of=on, unit=unit, until=period.data_period,
                             whole_years=not period.half, area=area, targets=targets)
    return [_row(order, item, period) for order, item in enumerate(items, start=1)]


def _row(order: int, item: TargetProgress, period: ReportPeriod) -> TargetRow:
    t, result, series = item.target, item.progress, item.series
    values = dict(series)
    five_year_end = result.actual_period == period.data_period and period.kind == FIVE_YEAR
    if result.actual_period is None or five_year_end:
        compare = period.comparison_period
    else:
        compare = _year_earlier(result.actual_period)
    previous = values.get(compare)
    label = f"cùng kỳ năm {compare[:4]}" if "S" in compare else f"năm {compare}"
    name = t.indicator.name_vi if t.indicator else (t.subject or t.text)[:1].upper() + (t.subject or t.text)[1:]
    provisional = item.provisional
    coverage = item.coverage
    note = provisional_note(provisional.period, provisional.value, t.unit, provisional.coverage.label) \
        if provisional is not None and provisional.coverage is not None else ""
    sentence = target_sentence(
        name=name, unit=t.unit, target_year=t.year, plan_label=t.value_label, progress=result,
        period_note=_period_note(result.actual_period, period),
        change=change_sentence(result.actual, previous, t.unit, label),
        past=t.year is not None and period_time(period.data_period) >= t.year + 1.0, provisional=note,
        coverage=_incomplete_coverage(item),
    )
    return TargetRow(
        order=order, indicator_code=t.indicator.code if t.indicator else "", name=name, unit=t.unit,
        unit_label=UNIT_LABELS_VI.get(t.unit, ""), target_year=t.year, plan_label=t.value_label,
        threshold=result.threshold, actual=result.actual, actual_period=result.actual_period,
        percent_of_target=result.percent_of_target, previous=previous, previous_period=compare,
        status=result.status, assessment=ASSESSMENT[result.status], sentence=sentence, series=series,
        higher=t.indicator is None or t.indicator.direction == "higher",
        coverage=coverage.label if coverage else "", gap=result.gap,
        provisional_period=provisional.period if provisional else None,
        provisional_value=provisional.value if provisional else None,
        provisional_coverage=provisional.coverage.label if provisional and provisional.coverage else "",
        target_org_unit_level=t.org_unit.level if t.org_unit else "",
    )


def _incomplete_coverage(item: TargetProgress) -> str:
    """For a target with figures but none complete: "12/65 đơn vị đã báo cáo năm 2025"."""
    if item.progress.status != "incomplete" or not item.points:
        return ""
    last = item.points[-1]
    return last.coverage.label if last.coverage else ""


def commune_level_indicators() -> set[str]:
    """The indicators every term of which communes report (their own data set): only these are
    ranked commune by commune."""
    by_element: dict[str, set[str]] = {}
    for code, level in DataSetElement.objects.values_list("data_element__code", "data_set__org_unit_level"):
        by_element.setdefault(code, set()).add(level)
    out = set()
    for code, formula in load_element_catalog().formulas.items():
        elements = {t.element for t in (*formula.numerator, *formula.denominator)}
        if elements and all(OrgUnit.Level.COMMUNE in by_element.get(e, set()) for e in elements):
            out.add(code)
    return out


def laggard_rankings(*, rows: list[TargetRow], targets: list[Target], unit: OrgUnit, limit: int = 2) -> list[Ranking]:
    """For the first targets lagging or missed, the unit's communes on that indicator (province only,
    indicators communes report only). The target line is drawn only from a commune-level target —
    a province's target is not each commune's."""
    if unit.level != OrgUnit.Level.PROVINCE or unit.is_pre_reform:
        return []
    by_code = {t.indicator.code: t.indicator for t in targets if t.indicator}
    commune_level = commune_level_indicators()
    commune_targets = {t.indicator.code: t for t in targets
                       if t.indicator and t.org_unit is not None and t.org_unit.level == OrgUnit.Level.COMMUNE}
    out: list[Ranking] = []
    seen: set[str] = set()
    for row in rows:
        if row.status not in ("behind", "at_risk", "not_achieved") or row.indicator_code in seen \
                or not row.actual_period or row.indicator_code not in commune_level:
            continue
        seen.add(row.indicator_code)
        ranked = child_ranking(indicator=by_code[row.indicator_code], unit=unit, period=row.actual_period)
        units = [UnitValue(u.code, u.name, v) for u, v in ranked if v is not None]
        own = commune_targets.get(row.indicator_code)
        threshold = float(own.value_min if own.value_min is not None else own.value_max) \
            if own is not None and (own.value_min is not None or own.value_max is not None) else None
        if units:
            out.append(Ranking(row.name, row.unit, row.actual_period, threshold, units))
        if len(out) >= limit:
            break
    return out
