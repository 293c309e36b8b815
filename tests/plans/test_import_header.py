"""The import page never saves a draft with an empty heading: it asks for the header fields the
document does not give (issuer, number, date) and saves the draft once they are given."""

from __future__ import annotations

import re
from io import BytesIO

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.models import Plan
from tests.factories import PASSWORD, user_with_role
from tests.seeds import seed

pytestmark = pytest.mark.django_db

NEWS = (
    "Tuyển sinh học nghề năm 2025\n\n"
    "Tỉnh phấn đấu năm 2025 tuyển sinh giáo dục nghề nghiệp cho 12.000 người, "
    "tỷ lệ lao động qua đào tạo đạt 70%.\n"
)


@pytest.fixture
def officer(client, db):
    user_with_role("officer-20", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    assert client.login(username="officer-20", password=PASSWORD)
    return client


def _upload(client, text: str, name: str = "tin.txt"):
    fh = BytesIO(text.encode("utf-8"))
    fh.name = name
    return client.post("/plans/", {"file": fh, "org_unit": "20"})


def _token(response) -> str:
    m = re.search(r'name="pending" value="([^"]+)"', response.content.decode())
    assert m, "the page should ask for the missing header fields"
    return m.group(1)


def test_a_document_with_its_full_header_is_saved_at_once(officer):
    with seed("000").open("rb") as fh:
        response = officer.post("/plans/", {"file": fh, "org_unit": "20"})
    assert response.status_code == 302
    assert Plan.objects.get(org_unit__code="20").doc_number == "141/KH-UBND"


def test_an_incomplete_header_is_asked_for_before_anything_is_saved(officer):
    page = _upload(officer, NEWS)
    html = page.content.decode()
    assert page.status_code == 200
    assert not Plan.objects.filter(org_unit__code="20").exists()
    for label in ("Cơ quan ban hành", "Số hiệu", "Ngày ban hành"):
        assert label in html


def test_the_draft_is_saved_with_the_fields_given(officer):
    token = _token(_upload(officer, NEWS))
    response = officer.post("/plans/", {
        "pending": token, "issuer": "UBND tỉnh Lạng Sơn", "doc_number": "45/KH-UBND", "date": "12/03/2025",
    })
    plan = Plan.objects.get(org_unit__code="20")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert (plan.issuer, plan.doc_number, plan.issued_on.isoformat()) == ("UBND tỉnh Lạng Sơn", "45/KH-UBND", "2025-03-12")
    assert plan.targets.count() == 2
    assert any("do người nhập bổ sung" in w for w in plan.warnings)


def test_a_missing_field_left_empty_is_asked_again(officer):
    token = _token(_upload(officer, NEWS))
    again = officer.post("/plans/", {"pending": token, "doc_number": "45/KH-UBND", "date": "31/02/2025"})
    html = again.content.decode()
    assert again.status_code == 200 and not Plan.objects.filter(org_unit__code="20").exists()
    assert "Hãy ghi cơ quan ban hành" in html and "Ngày không hợp lệ" in html
    assert _token(again) == token


def test_a_plan_without_number_or_day_is_saved_when_the_officer_says_so(officer):
    token = _token(_upload(officer, NEWS))
    officer.post("/plans/", {"pending": token, "issuer": "UBND tỉnh Lạng Sơn", "no_number": "on", "date": "03/2025"})
    plan = Plan.objects.get(org_unit__code="20")
    assert plan.doc_number is None and plan.date_text == "2025-03"


def test_a_forged_or_foreign_token_saves_nothing(officer, client):
    token = _token(_upload(officer, NEWS))
    forged = officer.post("/plans/", {"pending": token[:-2] + "xx", "issuer": "X", "no_number": "on", "no_date": "on"})
    assert "hết hạn hoặc không hợp lệ" in forged.content.decode()
    officer.logout()
    user_with_role("officer-20b", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    assert officer.login(username="officer-20b", password=PASSWORD)
    foreign = officer.post("/plans/", {"pending": token, "issuer": "X", "no_number": "on", "no_date": "on"})
    assert "hết hạn hoặc không hợp lệ" in foreign.content.decode()
    assert not Plan.objects.filter(org_unit__code="20").exists()
