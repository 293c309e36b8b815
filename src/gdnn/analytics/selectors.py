"""Analytics reads: values of data elements and indicators for any unit, period and
disaggregation on the hierarchy of the unit's era, breakdowns, rankings of child units.

Sums are computed in DuckDB, one scan per question: each formula term (an element with a category
filter) becomes a conditional aggregate, so Python only combines a few numbers per period.
Selectors only read: they open the snapshot the store's manifest names and never write to it.
Approvals reach the store through the worker (`gdnn worker`), which takes in the collection outbox.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Min

from gdnn.analytics.engine import CATEGORY, option_categories, reader
from gdnn.analytics.services import cube_categories
from gdnn.indicators.formulas import Formula, Term
from gdnn.indicators.models import DataElement, Indicator
from gdnn.indicators.selectors import indicator_formula, indicator_formulas
from gdnn.orgunits.models import OrgUnit

# (term, year, half) -> summed value; a term absent for a period had no data
Sums = dict[tuple[Term, int, int], float]


def fresh() -> None:
    """Nothing: reads never write, so there is nothing to bring up to date here. The worker takes in
    approvals (see analytics.services.analytics_refresh). Kept for callers written before that."""


_element_cache: dict[tuple, tuple[tuple[str, int, str], ...]] = {}


def _element_rows() -> tuple[tuple[str, int, str], ...]:
    """Data elements (code, id, over_time), cached while the table's ids stay the same."""
    stamp = tuple(DataElement.objects.aggregate(n=Count("pk"), hi=Max("pk"), lo=Min("pk")).values())
    if stamp not in _element_cache:
        _element_cache.clear()
        _element_cache[stamp] = tuple(DataElement.objects.values_list("code", "pk", "over_time"))
    return _element_cache[stamp]


def element_ids() -> dict[str, int]:
    return {code: pk for code, pk, _ in _element_rows()}


def _over_time(code: str) -> str:
    return next((o for c, _pk, o in _element_cache_rows() if c == code), "sum")


def _element_cache_rows() -> tuple[tuple[str, int, str], ...]:
    return next(iter(_element_cache.values()), ()) or _element_rows()


def _split(period: str) -> tuple[int, int]:
    if "S" in period:
        y, h = period.split("S")
        return int(y), int(h)
    return int(period), 0


CUBE_COLUMNS = {"cur_province_id", "element_id", "disagg_id", "year", "half"}


def _current_column(level: str) -> str:
    """The fact column holding a row's current unit of this level (institutions: the unit itself)."""
    return {"province": "cur_province_id", "commune": "cur_commune_id"}.get(level, "cur_unit_id")


def _unit_filter(unit: OrgUnit | None, group_by: str | None = None,
                 terms: list[Term] | None = None) -> tuple[str, str, str, str, list]:
    """(source, join, where, weight, params) selecting the values under a unit in the hierarchy of its
    era. Province-level and national questions read the province cube when it holds the categories
    the terms filter on; others read the fact rows."""
    filtered = {cat for t in terms or [] for cat, _options in t.filter}
    cube_ok = (group_by is None or group_by in CUBE_COLUMNS) and filtered <= cube_categories()
    if unit is None and cube_ok:
        return "province_cube f", "", "TRUE", "f.value", []
    if unit is None:
        return "facts f", "", "TRUE", "f.value * f.share", []
    if unit.is_pre_reform or unit.level == OrgUnit.Level.DISTRICT:
        # Each exploded row carries its share of the leaf; the bridge share takes it into the old unit.
        return ("facts f", "JOIN bridge_old b ON b.leaf_id = f.leaf_id", "b.ancestor_id = ?",
                "f.value * f.share * b.share", [unit.pk])
    if unit.level == OrgUnit.Level.PROVINCE and cube_ok:
        return "province_cube f", "", "f.cur_province_id = ?", "f.value", [unit.pk]
    return "facts f", "", f"f.{_current_column(unit.level)} = ?", "f.value * f.share", [unit.pk]


def _filter_class(unit: OrgUnit) -> str:
    """Units of one class are read by one scan (`_units_filter`)."""
    return "bridge" if unit.is_pre_reform or unit.level == OrgUnit.Level.DISTRICT else unit.level


def _units_filter(units: list[OrgUnit], group_by: str | None = None,
                  terms: list[Term] | None = None) -> tuple[str, str, str, str, list, str]:
    """`_unit_filter` for several units of one `_filter_class` at once: (source, join, where, weight,
    params, the expression giving a row's unit). A row counts for each unit it lies under."""
    first = units[0]
    ids = [u.pk for u in units]
    marks = ", ".join("?" for _ in ids)
    filtered = {cat for t in terms or [] for cat, _options in t.filter}
    cube_ok = (group_by is None or group_by in CUBE_COLUMNS) and filtered <= cube_categories()
    if _filter_class(first) == "bridge":
        return ("facts f", "JOIN bridge_old b ON b.leaf_id = f.leaf_id", f"b.ancestor_id IN ({marks})",
                "f.value * f.share * b.share", ids, "b.ancestor_id")
    if first.level == OrgUnit.Level.PROVINCE and cube_ok:
        return "province_cube f", "", f"f.cur_province_id IN ({marks})", "f.value", ids, "f.cur_province_id"
    column = f"f.{_current_column(first.level)}"
    return "facts f", "", f"{column} IN ({marks})", "f.value * f.share", ids, column


def _term_condition(term: Term, ids: dict[str, int], joined: bool = False) -> str:
    """The SQL condition selecting a term's rows. joined: the query joins `disagg_options d` (see
    `_options_join`), so a filter reads the options' columns rather than a list of matching ids."""
    condition = f"f.element_id = {ids[term.element]}"
    if term.filter and joined and all(CATEGORY.match(category) for category, _ in term.filter):
        known = option_categories(reader().disaggs)
        for category, options in term.filter:
            if category not in known:
                return "FALSE"  # no disaggregation has the category: nothing matches
            values = ", ".join("'" + o.replace("'", "''") + "'" for o in options)
            condition += f' AND d."{category}" IN ({values or "NULL"})'
    elif term.filter:
        keep = [str(d) for d, options in reader().disaggs.items() if term.matches(options)]
        condition += f" AND f.disagg_id IN ({', '.join(keep) or 'NULL'})"
    return condition


def _options_join(terms: list[Term]) -> str:
    """The join giving each row its disaggregation's options, when a term filters on them."""
    return " LEFT JOIN disagg_options d ON d.disagg_id = f.disagg_id" if any(t.filter for t in terms) else ""


def term_sums(*, unit: OrgUnit | None, terms: list[Term], years: list[int] | None = None,
              group_by: str | None = None, units: list[OrgUnit] | None = None) -> dict[object, Sums]:
    """Sums of each term per (year, half), grouped by `group_by` (a fact column) or not at all; with
    `units` (of one `_filter_class`, `unit` None), grouped by each of those units' id."""
    ids = element_ids()
    terms = [t for t in dict.fromkeys(terms) if t.element in ids]
    if not terms:
        return {}
    if units:
        source, join, where, weight, params, by_unit = _units_filter(units, None, terms)
        group = f"{by_unit}, "
    else:
        source, join, where, weight, params = _unit_filter(unit, group_by, terms)
        group = f"f.{group_by}, " if group_by else "NULL, "
    aggregates = ", ".join(f"SUM(CASE WHEN {_term_condition(t, ids, True)} THEN {weight} END)" for t in terms)
    join += _options_join(terms)
    wanted = sorted({ids[t.element] for t in terms})
    sql = (f"SELECT {group}f.year, f.half, {aggregates} FROM {source} {join} WHERE {where} "
           f"AND f.element_id IN ({', '.join(map(str, wanted))})")
    if years:
        sql += f" AND f.year IN ({', '.join(str(int(y)) for y in years)})"
    sql += " GROUP BY ALL"
    out: dict[object, Sums] = defaultdict(dict)
    for row in reader().rows(sql, params):
        key, year, half, values = row[0], row[1], row[2], row[3:]
        for term, value in zip(terms, values, strict=True):
            if value is not None:
                out[key][(term, int(year), int(half))] = value
    return out


def term_value(sums: Sums, term: Term, period: str) -> float | None:
    """A term's value in the period; a year of half-year data adds flows and takes stocks' later half."""
    year, half = _split(period)
    halves = {h: v for (t, y, h), v in sums.items() if t == term and y == year}
    if not halves:
        return None
    if half:
        return halves.get(half)
    if 0 in halves:
        return halves[0]
    if _over_time(term.element) == "last":
        return halves.get(2, halves.get(1))
    return sum(halves.values())


@dataclass(frozen=True)
class IndicatorValue:
    value: float | None
    numerator: float | None
    denominator: float | None


def _side(sums: Sums, terms: tuple[Term, ...], period: str) -> float | None:
    present = [v for v in (term_value(sums, t, period) for t in terms) if v is not None]
    return sum(present) if present else None


def indicator_from_sums(sums: Sums, formula: Formula, period: str) -> IndicatorValue:
    num = _side(sums, formula.numerator, period)
    if not formula.is_ratio:
        return IndicatorValue(None if num is None else num * formula.factor, num, None)
    den = _side(sums, formula.denominator, period)
    if num is None or den is None or den == 0:
        return IndicatorValue(None, num, den)  # no data: never a division error, never a zero
    return IndicatorValue(num / den * formula.factor, num, den)


def formula_for(indicator: Indicator | str) -> Formula:
    """The indicator's formula as stored in the database (the run-time source of truth); an
    indicator without a formula, or an unknown code, gets an empty one whose value is "no data"."""
    if isinstance(indicator, str):
        row = Indicator.objects.filter(code=indicator).first()
        if row is None:
            return Formula(indicator=indicator, numerator=(), denominator=(), factor=1.0, period_type="annual")
        indicator = row
    return indicator_formula(indicator)


def formula_terms(formula: Formula) -> list[Term]:
    return [*formula.numerator, *formula.denominator]


def indicator_periods(sums: Sums, formula: Formula) -> list[str]:
    """The periods of the indicator's type for which any of its terms has data."""
    terms = set(formula_terms(formula))
    found = {(y, h) for (t, y, h) in sums if t in terms}
    if formula.period_type == "annual":
        return [str(y) for y in sorted({y for y, _h in found})]
    return [f"{y}S{h}" for y, h in sorted(found) if h]


def indicator_value(*, indicator: Indicator, unit: OrgUnit | None, period: str) -> IndicatorValue:
    formula = formula_for(indicator)
    sums = term_sums(unit=unit, terms=formula_terms(formula), years=[_split(period)[0]]).get(None, {})
    return indicator_from_sums(sums, formula, period)


def element_value(*, element: DataElement, unit: OrgUnit | None, period: str,
                  filter: dict[str, str] | None = None) -> float | None:
    term = Term(element.code, tuple((k, (v,)) for k, v in sorted((filter or {}).items())))
    sums = term_sums(unit=unit, terms=[term], years=[_split(period)[0]]).get(None, {})
    return term_value(sums, term, period)


def breakdown(*, element: DataElement, unit: OrgUnit | None, period: str, category: str) -> dict[str, float]:
    """The element's value in the period split by one category's options."""
    options = sorted({opts[category] for opts in reader().disaggs.values() if category in opts})
    terms = [Term(element.code, ((category, (o,)),)) for o in options]
    sums = term_sums(unit=unit, terms=terms, years=[_split(period)[0]]).get(None, {})
    values = {t.filter[0][1][0]: term_value(sums, t, period) for t in terms}
    return {o: v for o, v in values.items() if v is not None}


def child_ranking(*, indicator: Indicator, unit: OrgUnit | None, period: str,
                  level: str = "commune") -> list[tuple[OrgUnit, float | None]]:
    """The current units under a unit (provinces of the country when unit is None; communes or
    institutions of a province; the current ones on a pre-reform unit's ground) by indicator value,
    laggards first."""
    formula = formula_for(indicator)
    if formula.is_ratio:  # each unit's rate over the reporting units that gave both sides
        paired = _paired_grouped(unit, {0: formula}, group_by=_current_column(level), years=[_split(period)[0]])
        grouped = {k: v[0] for k, v in paired.items()}
    else:
        grouped = term_sums(unit=unit, terms=formula_terms(formula), years=[_split(period)[0]],
                            group_by=_current_column(level))
    units = OrgUnit.objects.in_bulk([k for k in grouped if k is not None])
    ranked = [(units[k], indicator_from_sums(sums, formula, period).value)
              for k, sums in grouped.items() if k in units and units[k].level == level]
    higher = indicator.direction == "higher"
    ranked.sort(key=lambda uv: (uv[1] is not None, (uv[1] or 0) if higher else -(uv[1] or 0)))
    return ranked


def national_rollup(*, period: str) -> dict[tuple[int, str], float | None]:
    """Every indicator for every current province in one period, from one scan."""
    formulas = indicator_formulas()
    terms = [t for f in formulas.values() for t in formula_terms(f)]
    grouped = term_sums(unit=None, terms=terms, years=[_split(period)[0]], group_by="cur_province_id")
    return {(province, code): indicator_from_sums(sums, formula, period).value
            for province, sums in grouped.items() if province is not None for code, formula in formulas.items()}


def formula_sums(*, unit: OrgUnit | None, formulas: dict[object, Formula]) -> dict[object, Sums]:
    """The sums each formula needs, per key. A ratio counts only the reporting units (leaves) that
    gave both its numerator and its denominator in a period, so a rate never divides one set of
    units by another; a count sums every unit. One scan for the counts, one for the ratios."""
    out: dict[object, Sums] = {key: {} for key in formulas}
    counts = {k: f for k, f in formulas.items() if not f.is_ratio}
    ratios = {k: f for k, f in formulas.items() if f.is_ratio}
    if counts:
        sums = term_sums(unit=unit, terms=[t for f in counts.values() for t in formula_terms(f)]).get(None, {})
        terms_of = {k: set(formula_terms(f)) for k, f in counts.items()}
        for key in counts:
            out[key] = {k: v for k, v in sums.items() if k[0] in terms_of[key]}
    if ratios:
        for key, sums in _paired_sums(unit, ratios).items():
            out[key] = sums
    return out


def formula_sums_many(*, units: list[OrgUnit | None], formulas: dict[object, Formula]) -> dict[int | None, dict[object, Sums]]:
    """`formula_sums` for several units, by unit id (None: the country): one scan for the counts and
    one for the ratios per class of unit (`_filter_class`: current provinces, communes, …, or former
    units through the bridge), however many units. The figures are those `formula_sums` gives each."""
    out: dict[int | None, dict[object, Sums]] = {}
    classes: dict[str, list[OrgUnit]] = {}
    for u in dict.fromkeys(units):
        if u is None:
            out[None] = formula_sums(unit=None, formulas=formulas)
        else:
            classes.setdefault(_filter_class(u), []).append(u)
    for name, group in list(classes.items()):
        if len(group) == 1:  # one unit: the very scan `formula_sums` makes
            out[group[0].pk] = formula_sums(unit=group[0], formulas=formulas)
            del classes[name]
    counts = {k: f for k, f in formulas.items() if not f.is_ratio}
    ratios = {k: f for k, f in formulas.items() if f.is_ratio}
    terms_of = {k: set(formula_terms(f)) for k, f in counts.items()}
    for group in classes.values():
        for u in group:
            out[u.pk] = {key: {} for key in formulas}
        if counts:
            grouped = term_sums(unit=None, terms=[t for f in counts.values() for t in formula_terms(f)], units=group)
            for pk, sums in grouped.items():
                if pk in out:
                    for key in counts:
                        out[pk][key] = {k: v for k, v in sums.items() if k[0] in terms_of[key]}  # type: ignore[index]
        if ratios:
            for pk, by_key in _paired_grouped(None, ratios, units=group).items():
                if pk in out:
                    out[pk].update(by_key)  # type: ignore[index]
    return out


def _paired_sums(unit: OrgUnit | None, formulas: dict[object, Formula]) -> dict[object, Sums]:
    return _paired_grouped(unit, formulas).get(None, {})


def _paired_grouped(unit: OrgUnit | None, formulas: dict[object, Formula], group_by: str | None = None,
                    years: list[int] | None = None,
                    units: list[OrgUnit] | None = None) -> dict[object, dict[object, Sums]]:
    """Paired sums (see `formula_sums`) per value of a fact column (None: not grouped), or with
    `units` (of one `_filter_class`, `unit` None) per unit id: the pairs are still made per leaf."""
    ids = element_ids()
    usable = {k: f for k, f in formulas.items() if all(t.element in ids for t in formula_terms(f))}
    terms = list(dict.fromkeys(t for f in usable.values() for t in formula_terms(f)))
    if not terms:
        return {}
    column = {t: f"t{i}" for i, t in enumerate(terms)}
    if units:
        source, join, where, weight, params, by_unit = _units_filter(units, "leaf_id", terms)
    else:
        source, join, where, weight, params = _unit_filter(unit, "leaf_id", terms)
        by_unit = f"f.{group_by}" if group_by else "NULL"
    inner = ", ".join(f"SUM(CASE WHEN {_term_condition(t, ids, True)} THEN {weight} END) AS {column[t]}"
                      for t in terms)
    join += _options_join(terms)
    wanted = sorted({ids[t.element] for t in terms})
    outer, layout = [], []
    for key, f in usable.items():
        both = (f"({' OR '.join(f'{column[t]} IS NOT NULL' for t in f.numerator)}) AND "
                f"({' OR '.join(f'{column[t]} IS NOT NULL' for t in f.denominator)})")
        for t in formula_terms(f):
            outer.append(f"SUM(CASE WHEN {both} THEN {column[t]} END)")
            layout.append((key, t))
    group = by_unit
    year_filter = f"AND f.year IN ({', '.join(str(int(y)) for y in years)}) " if years else ""
    sql = (f"SELECT grp, year, half, {', '.join(outer)} FROM (SELECT {group} AS grp, f.leaf_id, f.year, f.half, "
           f"{inner} FROM {source} {join} WHERE {where} AND f.element_id IN ({', '.join(map(str, wanted))}) "
           f"{year_filter}GROUP BY ALL) GROUP BY ALL")
    out: dict[object, dict[object, Sums]] = defaultdict(lambda: {key: {} for key in usable})
    for row in reader().rows(sql, params):
        grp, year, half = row[0], int(row[1]), int(row[2])
        for (key, term), value in zip(layout, row[3:], strict=True):
            if value is not None:
                out[grp][key][(term, year, half)] = value
    return out
