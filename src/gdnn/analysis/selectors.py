"""Reads for the analysis pages: a target's figure by province (the map) and indicator × unit ×
period (the pivot). Neither computes a figure its own way: the map reads `targets_progress_many` on the
provinces, the pivot reads `indicator_points_many` (the same series, sums and coverage); a total is the
figure of the parent unit, computed the same way, never a sum of rows (rates do not add up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from math import ceil

from django.utils.translation import gettext

from gdnn.analysis.boundaries import MapLabel, ProvinceShape, province_shapes
from gdnn.analytics.progress import Point, indicator_points_many, targets_progress_many
from gdnn.analytics.selectors import formula_for
from gdnn.analytics.trajectory import period_time
from gdnn.collection.selectors import Coverage
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import PRE_REFORM_END, REFORM_DATE, OrgUnit, valid_on_q
from gdnn.plans.models import Plan, Target

ERAS = ("new", "old")
# A sequential blue ramp (ColorBrewer "Blues", colour-blind safe); fewer classes spread over it.
CLASS_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def class_colours(n: int) -> list[str]:
    if n <= 1:
        return [CLASS_COLOURS[3]][:n]
    return [CLASS_COLOURS[round(i * (len(CLASS_COLOURS) - 1) / (n - 1))] for i in range(n)]


def era_on(era: str, as_of: dt.date) -> dt.date:
    """The date on which an era's provinces are valid."""
    return PRE_REFORM_END if era == "old" else max(as_of, REFORM_DATE)


def provinces_of(era: str, as_of: dt.date) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(valid_on_q(era_on(era, as_of)), level=OrgUnit.Level.PROVINCE).order_by("code"))


@dataclass(frozen=True)
class MapCell:
    shape: ProvinceShape
    unit: OrgUnit | None
    value: float | None = None
    coverage: Coverage | None = None
    in_scope: bool = True
    klass: int | None = None  # the class's index; None: no data
    colour: str | None = None


@dataclass(frozen=True)
class ClassBreak:
    low: float
    high: float
    colour: str


@dataclass
class TargetMap:
    target: Target
    era: str
    period: str | None
    periods: list[str]
    cells: list[MapCell]
    breaks: list[ClassBreak]
    width: float
    height: float
    source: str
    values: dict[str, float | None] = field(default_factory=dict)  # province code -> value
    labels: tuple[MapLabel, ...] = ()  # the archipelagos' names, placed on the map


def class_breaks(values: list[float], classes: int = 5) -> list[tuple[float, float]]:
    """Quantile classes over the distinct values (each class holds about as many of them), at most
    `classes`; each class is (its lowest value, its highest value) and none is empty."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    n = min(classes, len(distinct))
    out = []
    start = 0
    for i in range(n):
        end = ceil((i + 1) * len(distinct) / n)
        out.append((distinct[start], distinct[end - 1]))
        start = end
    return out


def class_of(value: float, breaks: list[tuple[float, float]]) -> int:
    for i, (_low, high) in enumerate(breaks):
        if value <= high:
            return i
    return len(breaks) - 1


def _point_in(points: list[Point], period: str | None) -> Point | None:
    if period is None:
        return points[-1] if points else None
    return next((p for p in points if p.period == period), None)


def target_map(*, plan: Plan, target: Target, era: str, as_of: dt.date, period: str | None = None,
               in_scope=lambda unit: True) -> TargetMap:
    """The target's indicator on every province of the era: each province's figure is the one the
    plan's progress computation gives for that province (`targets_progress(unit=province)`, all
    provinces read in one pass by `targets_progress_many`), with its
    coverage. `period`: the figures of that period (default: the latest period any province has up
    to the target's year)."""
    drawing = province_shapes()
    units = {u.code: u for u in provinces_of(era, as_of)}
    shown = [unit for unit in units.values() if in_scope(unit)]
    items = targets_progress_many(plan=plan, as_of=as_of, units=list(shown), area=plan.org_unit, targets=[target])
    series: dict[str, list[Point]] = {unit.code: progress[0].points for unit, progress in zip(shown, items, strict=True)}
    periods = sorted({p.period for points in series.values() for p in points}, key=period_time)
    if period not in periods:
        # The latest figures by the target's year: a 2025 target opens on 2025, not on later data.
        by_year = [p for p in periods if target.year is None or int(p[:4]) <= target.year]
        chosen_from = by_year or periods
        period = chosen_from[-1] if chosen_from else None
    chosen = {code: _point_in(points, period) if period else None for code, points in series.items()}
    values = [p.value for p in chosen.values() if p is not None and p.value is not None]
    breaks = class_breaks(values)
    colours = class_colours(len(breaks))
    cells = []
    for shape in drawing.shapes[era]:
        point = chosen.get(shape.code)
        value = point.value if point is not None else None
        klass = class_of(value, breaks) if value is not None else None
        cells.append(MapCell(shape, units.get(shape.code), value, point.coverage if point is not None else None,
                             shape.code in units and shape.code in series, klass,
                             colours[klass] if klass is not None else None))
    return TargetMap(target, era, period, periods, cells,
                     [ClassBreak(lo, hi, colours[i]) for i, (lo, hi) in enumerate(breaks)],
                     drawing.width, drawing.height, drawing.source,
                     {c.shape.code: c.value for c in cells}, drawing.labels)


# --- pivot -------------------------------------------------------------------------------------

LEVELS = ("province", "commune", "institution")
MAX_UNITS = 400


@dataclass(frozen=True)
class PivotCell:
    value: float | None
    coverage: Coverage | None


@dataclass(frozen=True)
class PivotRow:
    indicator: Indicator
    unit: OrgUnit | None  # None: the whole country
    cells: list[PivotCell]  # one per period of the pivot
    total: bool = False  # the parent unit's own figure


@dataclass
class Pivot:
    indicators: list[Indicator]
    parent: OrgUnit | None
    level: str
    era: str
    periods: list[str]
    rows: list[PivotRow]
    truncated: int = 0  # units left out past MAX_UNITS


def pivot_units(*, parent: OrgUnit | None, level: str, era: str, as_of: dt.date) -> list[OrgUnit]:
    """The units of a level under the parent (the whole country: None) in the parent's era."""
    if parent is None:
        if level == "province":
            return provinces_of(era, as_of)
        qs = OrgUnit.objects.filter(valid_on_q(era_on(era, as_of)), level=level)
    else:
        on = PRE_REFORM_END if parent.is_pre_reform else max(as_of, REFORM_DATE)
        qs = OrgUnit.objects.filter(valid_on_q(on), level=level, path__startswith=parent.path).exclude(pk=parent.pk)
    return list(qs.order_by("code"))


def pivot_table(*, indicators: list[Indicator], parent: OrgUnit | None, level: str, era: str, as_of: dt.date,
                periods: list[str] | None = None, in_scope=lambda unit: True) -> Pivot:
    """Indicator × unit × period with coverage; per indicator, the parent's own figure as its total."""
    formulas = {i.code: formula_for(i) for i in indicators}
    all_units = [u for u in pivot_units(parent=parent, level=level, era=era, as_of=as_of) if in_scope(u)]
    units, truncated = all_units[:MAX_UNITS], max(0, len(all_units) - MAX_UNITS)
    figures: dict[tuple[int | None, str], dict[str, Point]] = {}
    asked = [parent, *units]
    for unit, points in zip(asked, indicator_points_many(formulas=dict(formulas), units=asked, as_of=as_of),  # type: ignore[arg-type]
                            strict=True):
        for code, series in points.items():
            figures[(unit.pk if unit else None, str(code))] = {p.period: p for p in series}
    found = sorted({p for by_period in figures.values() for p in by_period}, key=period_time)
    chosen = [p for p in found if p in periods] if periods else found
    rows = []
    for indicator in indicators:
        for unit, is_total in [(u, False) for u in units] + [(parent, True)]:
            by_period = figures.get((unit.pk if unit else None, indicator.code), {})
            cells = [PivotCell(by_period[p].value, by_period[p].coverage) if p in by_period else PivotCell(None, None)
                     for p in chosen]
            rows.append(PivotRow(indicator, unit, cells, is_total))
    return Pivot(indicators, parent, level, era, chosen, rows, truncated)


@dataclass(frozen=True)
class PivotQuery:
    """What a user asked the pivot for, as parsed from a page's query (also a job's parameters)."""

    indicators: tuple[str, ...]
    unit: str  # an org unit's code, or "VN" for the whole country
    level: str
    era: str
    first: str = ""  # first year shown ("" = all)
    last: str = ""
    as_of: dt.date | None = None

    def params(self) -> dict:
        return {"indicators": list(self.indicators), "unit": self.unit, "level": self.level, "era": self.era,
                "first": self.first, "last": self.last, "as_of": self.as_of.isoformat() if self.as_of else None}

    @classmethod
    def from_params(cls, p: dict) -> PivotQuery:
        return cls(tuple(p["indicators"]), p["unit"], p["level"], p["era"], p.get("first", ""), p.get("last", ""),
                   dt.date.fromisoformat(p["as_of"]) if p.get("as_of") else None)


def pivot_parent(*, user, query: PivotQuery, on: dt.date) -> OrgUnit | None:
    """The unit the pivot is under (None: the country); NotFound outside the user's scope."""
    from gdnn.accounts.selectors import orgunit_in_scope
    from gdnn.common.errors import NotFound
    from gdnn.orgunits.selectors import orgunit_get

    if query.unit.upper() == "VN":
        return None
    unit = orgunit_get(code=query.unit, on=on)
    if not orgunit_in_scope(user=user, unit=unit):
        raise NotFound(gettext("Không tìm thấy đơn vị trong phạm vi của bạn."))
    return unit


def pivot_size(*, user, query: PivotQuery, on: dt.date) -> int:
    """How many rows the pivot will have (to decide whether it runs as a job)."""
    from gdnn.accounts.selectors import orgunit_in_scope

    parent = pivot_parent(user=user, query=query, on=on)
    era = ("old" if parent.is_pre_reform else "new") if parent is not None else query.era
    units = [u for u in pivot_units(parent=parent, level=query.level, era=era, as_of=on)
             if orgunit_in_scope(user=user, unit=u)]
    return min(len(units), MAX_UNITS) * len(query.indicators)


def pivot_for_user(*, user, query: PivotQuery, on: dt.date) -> Pivot | None:
    """The pivot a user asked for, within the user's scope, restricted to the years asked; the
    country's own total for national users only. None when no indicator was chosen."""
    from gdnn.accounts.selectors import orgunit_in_scope, user_is_national

    indicators = list(Indicator.objects.filter(code__in=query.indicators).order_by("code"))[:10]
    if not indicators:
        return None
    parent = pivot_parent(user=user, query=query, on=on)
    era = ("old" if parent.is_pre_reform else "new") if parent is not None else query.era
    pivot = pivot_table(indicators=indicators, parent=parent, level=query.level, era=era, as_of=on,
                        in_scope=lambda unit: orgunit_in_scope(user=user, unit=unit))
    if query.first or query.last:
        keep = [i for i, p in enumerate(pivot.periods)
                if (not query.first or p[:4] >= query.first[:4]) and (not query.last or p[:4] <= query.last[:4])]
        pivot.periods = [pivot.periods[i] for i in keep]
        pivot.rows = [PivotRow(r.indicator, r.unit, [r.cells[i] for i in keep], r.total) for r in pivot.rows]
    if parent is None and not user_is_national(user=user):
        pivot.rows = [r for r in pivot.rows if not r.total]
    return pivot
