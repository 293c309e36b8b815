"""Every target of a plan with its actual value, percent of target, status and projection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gdnn.analytics.selectors import (
    formula_for,
    formula_terms,
    fresh,
    indicator_from_sums,
    indicator_periods,
    term_sums,
)
from gdnn.analytics.trajectory import Progress, period_time, progress
from gdnn.plans.models import Plan, Target


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    series: list[tuple[str, float | None]]
    progress: Progress


def actual_series_for_kind(*, kind: str, series: list[tuple[str, float | None]], start_year: int | None
                           ) -> list[tuple[str, float | None]]:
    """How a target's kind turns the indicator's period values into what is compared with the target:
    "point" — the values as they are; "per_year" — each year's value from the first year of the
    target (every year is held to the target); "period_total" — the running total from the first
    year of the period (1.500 người trong giai đoạn 2026–2030 is met when the sum reaches 1.500)."""
    if kind == "point" or start_year is None:
        return series
    kept = [(p, v) for p, v in series if int(p[:4]) >= start_year]
    if kind == "per_year":
        return kept
    total, seen, out = 0.0, False, []
    for p, v in kept:
        if v is not None:
            total, seen = total + v, True
        out.append((p, total if seen else None))
    return out


def _now(as_of: dt.date) -> float:
    return as_of.year + (as_of.timetuple().tm_yday / 366.0)


def targets_progress(*, plan: Plan, as_of: dt.date) -> list[TargetProgress]:
    """One query per unit of the plan (usually one), then pure computation per target."""
    fresh()
    targets = list(plan.targets.select_related("indicator", "org_unit").exclude(review="not_target").order_by("order"))
    by_unit: dict[int | None, list[Target]] = {}
    for t in targets:
        unit = t.org_unit or plan.org_unit
        by_unit.setdefault(unit.pk if unit else None, []).append(t)
    results: dict[int, TargetProgress] = {}
    for group in by_unit.values():
        unit = group[0].org_unit or plan.org_unit
        formulas = {t.pk: formula_for(t.indicator) for t in group if t.indicator}
        terms = [term for f in formulas.values() for term in formula_terms(f)]
        sums = term_sums(unit=unit, terms=terms).get(None, {})
        for t in group:
            formula = formulas.get(t.pk)
            if formula is None or t.year is None:
                results[t.pk] = TargetProgress(t, [], progress(series=[], comparator=t.comparator, value_min=None,
                                                               value_max=None, target_year=t.year or as_of.year))
                continue
            series = [(p, indicator_from_sums(sums, formula, p).value)
                      for p in indicator_periods(sums, formula) if period_time(p) <= _now(as_of) + 1]
            series = actual_series_for_kind(kind=t.kind, series=series, start_year=t.start_year)
            target_year = t.year
            if t.kind == "per_year" and series:
                # Every year is held to the target: judge the latest year reported.
                target_year = min(t.year, int(series[-1][0][:4]))
            baseline = None
            if t.baseline_value is not None and t.baseline_year:
                baseline = (t.baseline_year + 1.0, float(t.baseline_value))
            results[t.pk] = TargetProgress(t, series, progress(
                series=series, comparator=t.comparator,
                value_min=float(t.value_min) if t.value_min is not None else None,
                value_max=float(t.value_max) if t.value_max is not None else None,
                target_year=target_year, higher=t.indicator.direction == "higher", baseline=baseline,
                now=min(_now(as_of), period_time(series[-1][0]) if series else _now(as_of)),
            ))
    return [results[t.pk] for t in targets]
