"""A former district's figure rests on the institutions that report for it: those recorded once for
both eras hang under the current communes its communes became, and count there, as in its values."""

import datetime as dt

import pytest

from gdnn.analytics.progress import targets_progress
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.selectors import orgunit_current_units, orgunit_get
from gdnn.orgunits.services import institution_create
from gdnn.plans.services import plan_import_draft
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 7, 20)


def _district_and_its_current_commune() -> tuple[OrgUnit, OrgUnit]:
    """A district of Lạng Sơn and a current commune made only of that district's former communes."""
    province = orgunit_get(code="20", on=dt.date(2024, 1, 1))
    for district in OrgUnit.objects.filter(level=OrgUnit.Level.DISTRICT, path__startswith=province.path).order_by("code"):
        for old in OrgUnit.objects.filter(parent=district, level=OrgUnit.Level.COMMUNE).order_by("code"):
            now = orgunit_current_units(unit=old)
            if len(now) == 1:
                return district, now[0]
    raise AssertionError("no district of Lạng Sơn has a commune with one successor")


@pytest.mark.parametrize("approved", [1, 2, 3])
def test_a_former_districts_coverage_counts_the_institutions_under_its_current_communes(approved):
    dataset_sync()
    district, commune = _district_and_its_current_commune()
    schools = [institution_create(code=f"HL-T-{i}", name=f"Trường thử {i}", commune=commune,
                                  institution_type=Institution.Type.COLLEGE,
                                  ownership=Institution.Ownership.PUBLIC) for i in range(3)]
    for i, school in enumerate(schools):
        for half in ("2024S1", "2024S2"):
            approved_values(school, half, {("INSTITUTION_ACCREDITED", ""): 1, ("INSTITUTION_ACTIVE", ""): 1},
                            state="approved" if i < approved else "submitted")
    plan = plan_import_draft(org_unit=district, source_text="", data={
        "doc_number": "7/KH-UBND", "issuer": f"UBND {district.name}", "level": "district", "date": "2023-01-10",
        "targets": [{"text": "Tỷ lệ cơ sở GDNN đạt kiểm định chất lượng đạt 80%.",
                     "subject": "tỷ lệ cơ sở GDNN đạt kiểm định", "value_min": 80, "value_max": None,
                     "unit": "percent", "comparator": "ge", "year": 2024,
                     "indicator": "GDNN.INSTITUTIONS_ACCREDITED"}],
    })
    analytics_rebuild()
    [item] = targets_progress(plan=plan, as_of=ON)
    point = next(p for p in item.points if p.period == "2024S2")
    assert point.coverage is not None and point.coverage.label == f"{approved}/3"
    assert point.coverage.complete is (approved == 3)
    if approved < 3:  # a partial figure decides nothing
        assert item.progress.actual_period is None and item.progress.status == "incomplete"
