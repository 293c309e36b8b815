"""The stratified expansion estimator and its standard error against a case worked by hand."""

import math

import pytest

from gdnn.labour.estimators import StratumData, proportional_allocation, stratified_total


def test_total_and_standard_error_match_the_hand_computation():
    # Stratum 1: N=10, y = 2, 4, 6 → mean 4, s² = (4 + 0 + 4)/2 = 4, total 40,
    #            V = 10² · (1 − 3/10) · 4/3 = 93.333…
    # Stratum 2: N=5, y = 1, 3 → mean 2, s² = 2, total 10, V = 5² · (1 − 2/5) · 2/2 = 15
    est = stratified_total([StratumData(10, [2, 4, 6]), StratumData(5, [1, 3])])
    assert est.total == pytest.approx(50.0)
    assert est.se == pytest.approx(math.sqrt(93.0 + 1 / 3 + 15.0))
    assert est.se == pytest.approx(10.4083, abs=1e-4)
    assert est.exact


def test_a_census_stratum_has_no_sampling_error():
    est = stratified_total([StratumData(3, [5, 7, 9])])
    assert est.total == pytest.approx(21.0)
    assert est.se == 0.0


def test_strata_without_enough_respondents_are_reported():
    est = stratified_total([StratumData(10, [2, 4]), StratumData(4, [8]), StratumData(6, [])])
    # 10·3 + 4·8, the empty stratum adds nothing; only stratum 1 has a variance term
    assert est.total == pytest.approx(62.0)
    assert est.se == pytest.approx(math.sqrt(100 * 0.8 * 2 / 2))
    assert (est.uncovered_strata, est.single_strata) == (1, 1)
    assert not est.exact


def test_proportional_allocation_sums_to_n_with_a_floor_of_two():
    alloc = proportional_allocation({"a": 100, "b": 50, "c": 3, "d": 1}, 20)
    assert sum(alloc.values()) == 20
    assert alloc["c"] == 2 and alloc["d"] == 1  # the floor, but never more than the stratum holds
    assert alloc["a"] > alloc["b"] > alloc["c"]
