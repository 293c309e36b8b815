"""A target's kind decides what its actual is: a per-year target is held to each year's value, a
total over a period to the running sum from its first year."""

import datetime as dt

import pytest

from gdnn.analytics.progress import targets_progress
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.services import plan_import_draft
from tests.analytics.factories import accept_any_coverage, approved_values

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


def test_per_year_and_period_total_targets_are_tracked_by_their_kind():
    province = orgunit_get(code="20", on=NOW)
    commune = next(iter(orgunit_children(unit=province, on=NOW)))
    accept_any_coverage()  # one commune's figures stand for the province here: the test is about kinds
    for year, jobs in ((2023, 900), (2024, 400), (2025, 500)):
        approved_values(commune, str(year), {("JOBS_CREATED", "sex:male"): jobs})
    analytics_rebuild()
    common = {"indicator": "GDNN.JOBS_CREATED", "unit": "persons", "year": 2030, "comparator": "ge"}
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "3/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "title": "Việc làm", "targets": [
            {**common, "text": "1.500 người trong giai đoạn 2024–2030", "value_min": 1500, "kind": "period_total",
             "start_year": 2024},
            {**common, "text": "450 người mỗi năm", "value_min": 450, "kind": "per_year", "start_year": 2024},
            {**common, "text": "đến 2030 có 600 người", "value_min": 600}]})
    total, per_year, point = targets_progress(plan=plan, as_of=dt.date(2026, 3, 1))
    assert total.series == [("2024", 400.0), ("2025", 500.0)]  # the yearly figures; 2023 is before the period
    assert total.progress.actual == pytest.approx(900), total.progress  # the running total is what meets 1.500
    assert per_year.series == [("2024", 400.0), ("2025", 500.0)]
    assert per_year.progress.actual == pytest.approx(500) and per_year.progress.status == "achieved"
    assert point.series == [("2023", 900.0), ("2024", 400.0), ("2025", 500.0)]
