import re

import pytest

from gdnn.accounts.models import Role
from gdnn.indicators.models import Indicator
from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.models import Plan, Target
from tests.factories import PASSWORD, user_with_role
from tests.seeds import seed

pytestmark = pytest.mark.django_db


def login(client, role, code):
    user_with_role(f"u-{role}-{code}", role, orgunit_get(code=code) if code else None)
    assert client.login(username=f"u-{role}-{code}", password=PASSWORD)


def test_a_province_officer_imports_reviews_and_publishes_through_the_pages(client, national):
    login(client, Role.PROVINCE_OFFICER, "20")
    with seed("001").open("rb") as fh:  # its number is blank ("Số: /KH-UBND"): the page asks for it first
        asked = client.post("/plans/", {"file": fh, "org_unit": "20"})
    assert asked.status_code == 200 and not Plan.objects.filter(org_unit__code="20").exists()
    token = re.search(r'name="pending" value="([^"]+)"', asked.content.decode()).group(1)
    response = client.post("/plans/", {"pending": token, "no_number": "on"})
    plan = Plan.objects.get(issuer="UBND huyện Hữu Lũng")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Dự thảo" in page and "600 – 800 người" in page
    target = plan.targets.get(unit="persons")
    review = client.get(f"/plans/{plan.pk}/targets/{target.pk}/").content.decode()
    assert "<mark>" in review and target.text[:40] in review
    bad = client.post(f"/plans/{plan.pk}/targets/{target.pk}/", {
        "indicator": Indicator.objects.get(code="GDNN.HIGH_QUALITY_INSTITUTIONS").pk, "year": 2022, "comparator": "range",
        "value_min": "600", "value_max": "800", "unit": "persons"})
    assert bad.status_code == 200
    for t in plan.targets.all():
        code = {"persons": "GDNN.ADMISSIONS_UNDER_3M"}.get(t.unit) or (t.indicator.code if t.indicator else "GDNN.TRAINED_WORKERS")
        client.post(f"/plans/{plan.pk}/targets/{t.pk}/", {
            "indicator": Indicator.objects.get(code=code).pk, "year": t.year, "comparator": t.comparator,
            "value_min": t.value_min, "value_max": t.value_max or "", "unit": t.unit})
    assert not Target.objects.filter(plan=plan, review="unreviewed").exists()
    client.post(f"/plans/{plan.pk}/publish/")
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.PUBLISHED


def test_a_plan_is_hidden_outside_its_scope_and_read_only_for_viewers(client, import_seed):
    plan = import_seed("000")
    login(client, Role.PROVINCE_OFFICER, "19")
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    assert "141/KH-UBND" not in client.get("/plans/").content.decode()
    assert client.get("/plans/").content.decode().count("2239/QĐ-TTg") >= 1
    client.logout()
    login(client, Role.VIEWER, "20")
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    target = plan.targets.first()
    assert client.post(f"/plans/{plan.pk}/targets/{target.pk}/", {}).status_code == 403
    assert client.post(f"/plans/{plan.pk}/publish/").status_code == 403


def test_the_alignment_page_shows_the_verdicts_in_vietnamese(client, import_seed):
    plan = import_seed("000")
    login(client, Role.PROVINCE_OFFICER, "20")
    page = client.get(f"/plans/{plan.pk}/align/").content.decode()
    assert "2239/QĐ-TTg" in page and "40 – 45%" in page and "35 – 40%" in page
    assert "kém tham vọng hơn" in page
    assert "Mức của kế hoạch (35 – 40%) thấp hơn mức 40 – 45% của 2239/QĐ-TTg." in page  # every verdict says why
    assert "chưa có số liệu" in page  # each child target's status, from the progress computation


def test_the_calendar_page_lists_overdue_reports(client, import_seed):
    import_seed("000")
    login(client, Role.PROVINCE_OFFICER, "20")
    page = client.get("/plans/calendar/").content.decode()
    assert "Lịch báo cáo" in page and "quá hạn" in page
    # The plan sends its reports to Sở LĐTBXH, dissolved on 01/3/2025: the page names who gets them today.
    assert "Sở Giáo dục và Đào tạo, UBND tỉnh <span class=\"muted\">(kế hoạch ghi: Sở Lao động" in page
    assert "Bộ Giáo dục và Đào tạo <span class=\"muted\">(kế hoạch ghi: Thủ tướng Chính phủ, Bộ Lao động" in page
