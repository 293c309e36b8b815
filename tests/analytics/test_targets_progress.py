import datetime as dt

import pytest

from gdnn.analytics.progress import targets_progress
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.seeds import seed

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


def test_every_target_of_a_provincial_plan_gets_its_actual_status_and_projection():
    agency_register_sync()
    strategy_plans_load()
    province = orgunit_get(code="20", on=NOW)
    plan = plan_import_document(path=seed("000"), org_unit=province)
    commune = next(iter(orgunit_children(unit=province, on=NOW)))
    for year, cert in ((2022, 24), (2023, 26), (2024, 28)):
        approved_values(commune, str(year), {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
                                             ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100})
    accept_any_coverage()  # one commune of 65: this test is about the trajectory
    analytics_rebuild()
    rows = targets_progress(plan=plan, as_of=dt.date(2025, 3, 1))
    assert len(rows) == plan.targets.count()
    cert_2025 = next(r for r in rows if r.target.indicator and r.target.indicator.code == "GDNN.TRAINED_WORKERS_CERT"
                     and r.target.year == 2025)
    assert [v for _, v in cert_2025.series] == pytest.approx([24, 26, 28])
    p = cert_2025.progress
    assert p.actual == pytest.approx(28) and p.percent_of_target == pytest.approx(28 / 30 * 100)
    assert p.projected == pytest.approx(30) and p.year_met == 2025
    assert p.status in ("on_track", "behind")
    cert_2030 = next(r for r in rows if r.target.indicator and r.target.indicator.code == "GDNN.TRAINED_WORKERS_CERT"
                     and r.target.year == 2030)
    assert cert_2030.progress.year_met == 2028  # +2 points a year from 28% (2024): 34% in 2027, 36% in 2028
    assert {r.progress.status for r in rows if not r.series} == {"no_data"}
