"""The manpower-requirements forecast against a case worked by hand."""

import pytest

from gdnn.labour.forecast import forecast_needs


def test_expansion_and_replacement_demand_match_the_hand_computation():
    # Industry C: 100 workers growing 10%/year; F: 50 workers, no growth. Occupation X holds 20% of
    # C and 10% of F: O(0) = 20 + 5 = 25, O(1) = 22 + 5 = 27, O(2) = 24.2 + 5 = 29.2.
    # Year 1: expansion 2, replacement 5% · 25 = 1.25, need 3.25.
    # Year 2: expansion 2.2, replacement 5% · 27 = 1.35, need 3.55.
    needs = forecast_needs(base_year=2026, horizon=2,
                           industries={"C": {"employment": 100, "growth": 0.10}, "F": {"employment": 50, "growth": 0}},
                           shares={"X": {"C": 0.2, "F": 0.1}}, exit_rate=0.05)
    y1, y2 = needs["X"]
    assert (y1.year, y2.year) == (2027, 2028)
    assert (y1.employment, y1.expansion, y1.replacement, y1.need) == pytest.approx((27, 2, 1.25, 3.25))
    assert (y2.employment, y2.expansion, y2.replacement, y2.need) == pytest.approx((29.2, 2.2, 1.35, 3.55))


def test_a_shrinking_occupation_needs_no_training_rather_than_a_negative_number():
    needs = forecast_needs(base_year=2026, horizon=1, industries={"B": {"employment": 100, "growth": -0.5}},
                           shares={"Y": {"B": 0.1}}, exit_rate=0.05)
    (y1,) = needs["Y"]
    assert y1.expansion == pytest.approx(-5.0)
    assert y1.replacement == pytest.approx(0.5)
    assert y1.need == 0.0


@pytest.mark.parametrize("horizon", [0, 6])
def test_the_horizon_is_one_to_five_years(horizon):
    with pytest.raises(ValueError):
        forecast_needs(base_year=2026, horizon=horizon, industries={}, shares={}, exit_rate=0.0)
