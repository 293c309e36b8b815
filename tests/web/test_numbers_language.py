"""Web pages show numbers in their language: 34.7% on an English page, 34,7% on a Vietnamese one,
and the charts drawn on the page use the same decimal mark."""

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    return client


@pytest.mark.parametrize(("language", "shown", "other", "decimal", "thousands"), [
    ("en", "34.7%", "34,7%", ".", ","), ("vi", "34,7%", "34.7%", ",", "."),
])
def test_the_plan_dashboard_and_its_charts_use_the_pages_decimal_mark(officer, plan_with_data,  # noqa: F811
                                                                      language, shown, other, decimal, thousands):
    plan, _ = plan_with_data
    officer.cookies["django_language"] = language
    page = officer.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"}).content.decode()
    assert shown in page and other not in page
    specs = officer.get(f"/dashboard/plans/{plan.pk}/charts.json", {"as_of": "2025-03-01"}).json()["specs"]
    assert specs and all(s["config"]["locale"]["number"]["decimal"] == decimal for s in specs)
    assert all(s["config"]["locale"]["number"]["thousands"] == thousands for s in specs)
