"""Projections stay within the indicator's domain, and a target whose year is over is decided."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnn.analytics.trajectory import COUNT, DECIDED, HORIZON_YEARS, RATE, period_time, progress

YEARS = st.integers(2015, 2030)
COMPARATORS = st.sampled_from(["ge", "gt", "le", "eq", "range", "approx"])


def _series(points: dict[int, float]) -> list[tuple[str, float]]:
    return [(str(y), v) for y, v in sorted(points.items())]


@settings(max_examples=300)
@given(st.dictionaries(YEARS, st.floats(0, 100), min_size=1, max_size=10), COMPARATORS, st.floats(0, 100),
       st.integers(2020, 2040), st.booleans())
def test_a_rate_is_never_projected_outside_0_to_100(points, comparator, value, year, higher):
    series = _series(points)
    p = progress(series=series, comparator=comparator, value_min=value, value_max=min(value + 5, 100),
                 target_year=year, higher=higher, domain=RATE, now=period_time(series[-1][0]))
    if p.projected is not None:
        assert 0.0 <= p.projected <= 100.0
    if p.year_met is not None:
        assert p.year_met <= year + HORIZON_YEARS


@settings(max_examples=200)
@given(st.dictionaries(YEARS, st.integers(0, 10_000).map(float), min_size=1, max_size=10), st.integers(1, 20_000),
       st.integers(2020, 2040))
def test_a_count_is_projected_whole_and_not_negative(points, value, year):
    series = _series(points)
    p = progress(series=series, comparator="ge", value_min=value, value_max=None, target_year=year, domain=COUNT,
                 now=period_time(series[0][0]))
    if p.projected is not None:
        assert p.projected >= 0 and p.projected == math.floor(p.projected)


@settings(max_examples=300)
@given(st.dictionaries(YEARS, st.floats(-1e4, 1e4), min_size=1, max_size=10), COMPARATORS, st.floats(0, 1e4),
       st.integers(2015, 2030), st.booleans(), st.floats(0, 10))
def test_a_target_whose_year_has_passed_is_only_achieved_or_not(points, comparator, value, year, higher, later):
    now = year + 1.0 + later  # at or after the end of the target's year
    p = progress(series=_series(points), comparator=comparator, value_min=value, value_max=value * 1.1,
                 target_year=year, higher=higher, now=now)
    assert p.status in DECIDED
    assert p.projected is None and p.year_met is None  # no forecast for a year that is over
    if p.status == "not_achieved":
        assert p.gap is not None and p.gap >= 0


def test_the_year_is_judged_on_its_own_figure_not_a_later_one():
    series = [("2024", 26.0), ("2025", 28.0), ("2026", 31.0)]
    p = progress(series=series, comparator="ge", value_min=30, value_max=None, target_year=2025, now=2027.5)
    assert (p.status, p.actual_period, p.actual) == ("not_achieved", "2025", 28.0)
    assert math.isclose(p.gap, 2.0)


def test_a_year_met_beyond_the_horizon_is_not_promised():
    # +0,1 point a year from 20 %: 50 % would take three centuries.
    series = [("2022", 20.0), ("2023", 20.1), ("2024", 20.2)]
    p = progress(series=series, comparator="ge", value_min=50, value_max=None, target_year=2030, domain=RATE)
    assert p.status == "at_risk" and p.year_met is None and p.horizon == 2030 + HORIZON_YEARS


def test_a_cumulative_target_projects_the_sum_of_the_yearly_flows():
    # 1 000 persons trained a year against 5 000 for 2021-2025: on track, met in 2025.
    series = [("2021", 1000.0), ("2022", 1000.0), ("2023", 1000.0)]
    p = progress(series=series, comparator="ge", value_min=5000, value_max=None, target_year=2025, domain=COUNT,
                 cumulative=True)
    assert p.actual == 3000 and p.projected == 5000 and p.year_met == 2025 and p.status == "on_track"


@pytest.mark.django_db
def test_a_count_of_a_flow_over_a_range_of_years_is_cumulative():
    from gdnn.analytics.progress import element_over_time, target_domain, target_is_cumulative
    from gdnn.analytics.selectors import formula_for
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.plans.models import Target

    indicator_catalog_sync()
    over_time = element_over_time()
    admissions = formula_for("GDNN.ADMISSIONS")
    total = Target(text="Tuyển sinh 50.000 người giai đoạn 2021-2025", unit="persons", comparator="ge")
    yearly = Target(text="Năm 2025 tuyển sinh 12.000 người", unit="persons", comparator="ge")
    stock = Target(text="Giai đoạn 2021-2025 có 2 trường chất lượng cao", unit="institutions", comparator="ge")
    assert target_is_cumulative(total, admissions, over_time) and not target_is_cumulative(yearly, admissions, over_time)
    assert not target_is_cumulative(stock, formula_for("GDNN.HIGH_QUALITY_INSTITUTIONS"), over_time)  # a stock: no sum
    assert target_domain(total, admissions) == COUNT
    assert target_domain(Target(unit="percent"), formula_for("GDNN.IT_SKILLS")) == RATE
