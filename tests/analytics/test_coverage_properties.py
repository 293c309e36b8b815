"""Coverage: with k of n institutions approved, the province's status does not move until the
completeness threshold is met, and the figure says k/n; a rate divides the same units' figures."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdnn.analytics.progress import targets_progress
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.models import DataSet
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create
from gdnn.plans.services import plan_import_draft
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 7, 20)  # 2026S1 is over
N = 4


def _values(accredited: int, active: int | None = 1) -> dict:
    values = {("INSTITUTION_ACCREDITED", ""): accredited}
    if active is not None:
        values[("INSTITUTION_ACTIVE", "")] = active
    return values


@pytest.fixture
def province_plan():
    """Four institutions of Lạng Sơn, half of them accredited through 2025; in 2026S1 every one of
    them reports itself accredited, so counting any partial 2026S1 figure would read 100 % and flip
    the target (≥ 80 % by 2027) to achieved."""
    dataset_sync()
    province = orgunit_get(code="20", on=ON)
    commune = next(iter(orgunit_children(unit=province, on=ON)))
    schools = [institution_create(code=f"LS-T-{i}", name=f"Trường thử {i}", commune=commune,
                                  institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC,
                                  managing_agency="") for i in range(N)]
    for i, school in enumerate(schools):
        for half in ("2025S1", "2025S2"):
            approved_values(school, half, _values(int(i < 2)))
    submissions = [approved_values(s, "2026S1", _values(1), state="submitted") for s in schools]
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "9/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "level": "province", "date": "2025-01-10",
        "targets": [{"text": "Tỷ lệ cơ sở GDNN đạt kiểm định chất lượng đạt 80%.", "subject": "tỷ lệ cơ sở GDNN đạt kiểm định",
                     "value_min": 80, "value_max": None, "unit": "percent", "comparator": "ge", "year": 2027,
                     "indicator": "GDNN.INSTITUTIONS_ACCREDITED"}],
    })
    analytics_rebuild()
    [baseline] = targets_progress(plan=plan, as_of=ON)
    assert baseline.progress.actual_period == "2025S2" and baseline.progress.actual == pytest.approx(50.0)
    return plan, submissions, baseline.progress.status


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.integers(0, N), threshold=st.integers(1, 100))
def test_no_status_moves_until_the_threshold_is_met_and_the_coverage_is_k_of_n(province_plan, k, threshold):
    plan, submissions, baseline = province_plan
    DataSet.objects.filter(code="INST_SEMIANNUAL").update(completeness_threshold=threshold)
    for i, submission in enumerate(submissions):
        approved_values(submission.org_unit, "2026S1", _values(1), state="approved" if i < k else "submitted")
    analytics_rebuild()
    [item] = targets_progress(plan=plan, as_of=ON)
    if k * 100 < threshold * N:  # below the threshold: provisional, shown, not counted
        assert item.progress.status == baseline and item.progress.actual_period == "2025S2"
        assert item.coverage.label == f"{N}/{N}"
        if k:
            assert item.provisional.period == "2026S1" and item.provisional.coverage.label == f"{k}/{N}"
            assert len(item.provisional.coverage.missing) == N - k
        else:
            assert item.provisional is None
    else:  # complete enough: the new half-year decides, and says on how many units
        assert item.progress.actual_period == "2026S1" and item.coverage.label == f"{k}/{N}"
        assert item.progress.status == "achieved" and item.provisional is None


def test_a_rate_divides_the_figures_of_the_same_units_only():
    dataset_sync()
    DataSet.objects.update(completeness_threshold=0)
    province = orgunit_get(code="20", on=ON)
    commune = next(iter(orgunit_children(unit=province, on=ON)))
    both, half = (institution_create(code=f"LS-R-{i}", name=f"Trường {i}", commune=commune,
                                     institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC,
                                     managing_agency="") for i in range(2))
    approved_values(both, "2025S2", _values(1))  # accredited, and says it is active
    approved_values(half, "2025S2", _values(1, active=None))  # no denominator: cannot count
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "10/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "level": "province", "date": "2025-01-10",
        "targets": [{"text": "100% cơ sở đạt kiểm định.", "subject": "tỷ lệ cơ sở GDNN đạt kiểm định",
                     "value_min": 100, "value_max": None, "unit": "percent", "comparator": "ge", "year": 2030,
                     "indicator": "GDNN.INSTITUTIONS_ACCREDITED"}],
    })
    analytics_rebuild()
    [item] = targets_progress(plan=plan, as_of=ON)
    assert item.series == [("2025S2", pytest.approx(100.0))]  # 1 of 1, never 2 of 1 = 200 %


def test_the_threshold_is_set_from_the_command_line(capsys):
    from gdnn.collection.cli import main

    dataset_sync()
    assert main(["threshold", "--dataset", "commune_annual", "--percent", "90"]) == 0
    assert DataSet.objects.get(code="COMMUNE_ANNUAL").completeness_threshold == 90
    assert "90%" in capsys.readouterr().out
    assert main(["threshold", "--dataset", "COMMUNE_ANNUAL", "--percent", "101"]) == 2
    assert "từ 0 đến 100" in capsys.readouterr().err
