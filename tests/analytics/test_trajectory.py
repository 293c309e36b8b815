import math

from hypothesis import given
from hypothesis import strategies as st

from gdnn.analytics.trajectory import STATUSES, least_squares, period_time, progress


def test_period_times():
    assert period_time("2025S1") == 2025.5
    assert period_time("2025S2") == period_time("2025") == 2026.0


def test_a_steady_climb_is_on_track_and_projects_the_year_it_meets_the_target():
    series = [("2022", 30.0), ("2023", 32.0), ("2024", 34.0)]
    p = progress(series=series, comparator="ge", value_min=40, value_max=None, target_year=2027)
    assert p.status == "on_track"
    assert math.isclose(p.projected, 40.0)
    assert p.year_met == 2027
    assert math.isclose(p.percent_of_target, 85.0)


def test_a_slow_climb_is_behind_then_at_risk():
    slow = progress(series=[("2022", 30.0), ("2023", 30.5), ("2024", 31.5)], comparator="ge", value_min=34,
                    value_max=None, target_year=2025, baseline=(2022.0, 28.0))
    assert slow.status in ("behind", "at_risk")
    flat = progress(series=[("2022", 30.0), ("2023", 29.0), ("2024", 28.0)], comparator="ge", value_min=40,
                    value_max=None, target_year=2025)
    assert flat.status == "at_risk" and flat.year_met is None


def test_achieved_and_no_data():
    assert progress(series=[("2025", 41.0)], comparator="range", value_min=40, value_max=45,
                    target_year=2025).status == "achieved"
    assert progress(series=[("2025", 30.0)], comparator="gt", value_min=30, value_max=None,
                    target_year=2025).status != "achieved"
    assert progress(series=[], comparator="eq", value_min=1, value_max=1, target_year=2025).status == "no_data"


def test_lower_is_better_mirrors():
    p = progress(series=[("2023", 12.0), ("2024", 10.0)], comparator="le", value_min=None, value_max=9,
                 target_year=2025, higher=False)
    assert (p.status, p.year_met) == ("on_track", 2025)


@given(st.lists(st.tuples(st.integers(2015, 2035), st.floats(-1e6, 1e6)), min_size=0, max_size=20),
       st.sampled_from(["ge", "gt", "le", "eq", "range", "approx"]), st.floats(0, 1e6), st.integers(2020, 2040),
       st.booleans())
def test_progress_never_crashes(points, comparator, value, year, higher):
    series = [(str(y), v) for y, v in sorted(dict(points).items())]
    p = progress(series=series, comparator=comparator, value_min=value, value_max=value * 1.1, target_year=year,
                 higher=higher)
    assert p.status in STATUSES


@given(st.floats(-100, 100), st.floats(-1000, 1000))
def test_least_squares_recovers_a_line(slope, intercept):
    pts = [(t, slope * t + intercept) for t in (2020.0, 2021.0, 2022.5, 2024.0)]
    s, i = least_squares(pts)
    assert math.isclose(s, slope, abs_tol=1e-6 * (1 + abs(slope)))
    assert math.isclose(s * 2030 + i, slope * 2030 + intercept, abs_tol=1e-3 * (1 + abs(slope * 2030 + intercept)))
