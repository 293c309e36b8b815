"""A commune officer or an institution reporter reads (never edits) the province plan its unit
reports for, and sees its own figure beside the province's, with coverage."""

from __future__ import annotations

import datetime as dt

import pytest

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.models import Institution
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create
from gdnn.plans.services import plan_publish
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


@pytest.fixture
def province_plan(import_seed, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    plan = import_seed("000")
    communes = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))
    approved_values(communes[0], "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 372,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 1000})
    approved_values(communes[1], "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 10,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100})
    accept_any_coverage()
    analytics_rebuild()
    return plan, communes


def _publish(plan):
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    plan_publish(plan=plan, by=officer)
    plan.refresh_from_db()


def test_a_commune_officer_reads_the_province_plan_and_its_own_contribution(client, province_plan):
    plan, communes = province_plan
    _publish(plan)
    user_with_role("xa", Role.COMMUNE_OFFICER, communes[0])
    client.login(username="xa", password=PASSWORD)
    assert f'href="/plans/{plan.pk}/"' in client.get("/plans/").content.decode()
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Phần đóng góp của" in page and communes[0].name in page
    assert "37,2%" in page and "34,7%" in page  # the commune's rate beside the province's
    assert "đã báo cáo 1/1" in page and "đã báo cáo 2/" in page  # own coverage and the province's
    # No edit control is offered...
    for control in (f"/plans/{plan.pk}/edit/", f"/plans/{plan.pk}/status/", f"/plans/{plan.pk}/targets/new/",
                    f"/plans/{plan.pk}/publish/"):
        assert control not in page
    assert client.get(f"/dashboard/plans/{plan.pk}/").status_code == 200
    assert client.get(f"/plans/{plan.pk}/align/").status_code == 200
    # ...and none is accepted.
    title = plan.title
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/plans/{plan.pk}/edit/", {"title": "Đổi tên", "issuer": "x"}).status_code == 403
    assert client.post(f"/plans/{plan.pk}/status/", {"action": "withdraw"}).status_code == 403
    assert client.get(f"/plans/{plan.pk}/targets/new/").status_code == 403
    target = plan.targets.first()
    assert client.post(f"/plans/{plan.pk}/targets/{target.pk}/remove/", {"action": "not_target"}).status_code == 403
    plan.refresh_from_db()
    assert plan.title == title and plan.status == "published"


def test_an_institution_reporter_reads_the_plan_of_its_province(client, province_plan):
    plan, communes = province_plan
    _publish(plan)
    school = institution_create(code="TC-LS-09", name="Trường Trung cấp nghề thử", commune=communes[0],
                                institution_type=Institution.Type.SECONDARY, ownership=Institution.Ownership.PUBLIC)
    user_with_role("truong", Role.INSTITUTION_REPORTER, school)
    client.login(username="truong", password=PASSWORD)
    page = client.get(f"/plans/{plan.pk}/")
    assert page.status_code == 200
    assert "Phần đóng góp của" in page.content.decode() and "Trường Trung cấp nghề thử" in page.content.decode()
    assert client.post(f"/plans/{plan.pk}/publish/").status_code == 403


def test_a_draft_and_another_provinces_plan_stay_hidden(client, province_plan):
    plan, communes = province_plan
    user_with_role("xa", Role.COMMUNE_OFFICER, communes[0])
    client.login(username="xa", password=PASSWORD)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404  # still a draft
    _publish(plan)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    other = next(c for c in orgunit_children(unit=orgunit_get(code="19", on=NOW), on=NOW))
    user_with_role("xakhac", Role.COMMUNE_OFFICER, other)
    client.login(username="xakhac", password=PASSWORD)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/dashboard/plans/{plan.pk}/").status_code == 404
