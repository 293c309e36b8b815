import datetime as dt

import pytest

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_current_units, orgunit_get
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")


@pytest.fixture
def plan_with_data(import_seed):
    plan = import_seed("000")
    communes = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))
    for year, (cert, labour) in {2022: (300, 1000), 2023: (330, 1000), 2024: (372, 1000)}.items():
        approved_values(communes[0], str(year), {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
                                                 ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): labour})
    approved_values(communes[1], "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 10,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100})
    accept_any_coverage()
    analytics_rebuild()
    return plan, communes


def test_the_plan_dashboard_shows_values_the_vietnamese_way_with_status(client, plan_with_data):
    plan, _ = plan_with_data
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    page = client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"}).content.decode()
    assert "34,7%" in page  # 2024 over both communes: (372 + 10) / (1000 + 100)
    assert "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ" in page
    assert "chưa có số liệu" in page
    assert 'class="spark"' in page


def test_the_drilldown_lists_laggard_communes_first(client, plan_with_data):
    _, communes = plan_with_data
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    page = client.get("/dashboard/units/20/", {"indicator": "GDNN.TRAINED_WORKERS_CERT", "period": "2024"}).content.decode()
    assert page.index(communes[1].name) < page.index(communes[0].name)
    assert "10,0%" in page and "37,2%" in page


def test_dashboards_respect_scope(client, plan_with_data):
    plan, _ = plan_with_data
    user_with_role("khac", Role.PROVINCE_OFFICER, orgunit_get(code="19"))
    client.login(username="khac", password=PASSWORD)
    assert client.get(f"/dashboard/plans/{plan.pk}/").status_code == 404
    assert client.get("/dashboard/units/20/").status_code == 404


def test_the_country_drilldown_ranks_the_provinces_within_scope(client, plan_with_data):
    user_with_role("quocgia", Role.SYSTEM_ADMIN, None)
    client.login(username="quocgia", password=PASSWORD)
    page = client.get("/dashboard/units/VN/", {"indicator": "GDNN.TRAINED_WORKERS_CERT", "period": "2024"}).content.decode()
    assert "Tỉnh Lạng Sơn" in page and "34,7%" in page
    user_with_role("khac", Role.PROVINCE_OFFICER, orgunit_get(code="19"))
    client.login(username="khac", password=PASSWORD)
    page = client.get("/dashboard/units/VN/", {"indicator": "GDNN.TRAINED_WORKERS_CERT", "period": "2024"}).content.decode()
    assert "Tỉnh Lạng Sơn" not in page


def test_a_pre_reform_unit_drills_down_to_the_current_communes_on_its_ground(client, import_seed):
    district = orgunit_get(code="186", on=dt.date(2025, 6, 30))  # Huyện Hữu Lũng
    communes = orgunit_current_units(unit=district)
    outside = next(c for c in orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW) if c not in communes)
    for commune, cert in ((communes[0], 150), (outside, 50)):
        approved_values(commune, "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 1000})
    analytics_rebuild()
    plan = import_seed("000")
    plan.org_unit = district
    plan.save(update_fields=["org_unit"])
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    dashboard = client.get(f"/dashboard/plans/{plan.pk}/").content.decode()
    assert "/dashboard/units/186/?as_of=2025-06-30" in dashboard
    page = client.get("/dashboard/units/186/", {"as_of": "2025-06-30", "period": "2024"}).content.decode()
    assert communes[0].name in page and "15,0%" in page
    assert outside.name not in page and ">5,0%<" not in page
    assert 'name="as_of" value="2025-06-30"' in page  # the form keeps the date the unit existed on
    assert client.get("/dashboard/units/186/").status_code == 404  # no such unit today


def test_a_national_plan_drills_down_by_province(client, import_seed):
    plan = import_seed("000", unit_code=None)
    user_with_role("quocgia", Role.SYSTEM_ADMIN, None)
    client.login(username="quocgia", password=PASSWORD)
    assert "/dashboard/units/VN/" in client.get(f"/dashboard/plans/{plan.pk}/").content.decode()
