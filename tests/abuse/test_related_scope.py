"""Scope on related objects (issue 14, item 5): a plan's parents, its targets and the reports under
a unit are shown only to those who may see them on their own pages; each relation is followed."""

from __future__ import annotations

import pytest

from gdnn.accounts.services import apitoken_create
from gdnn.plans.selectors import plan_alignment
from gdnn.plans.services import plan_import_draft
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TARGET = {"indicator": "GDNN.GRAD_TO_VET", "year": 2025, "comparator": "range", "value_min": 41, "value_max": 46,
          "unit": "percent", "text": "Tỷ lệ học sinh tốt nghiệp THCS vào học GDNN 41-46%."}


def cited_plan(doc_number: str, issuer: str, unit) -> object:
    return plan_import_draft(data={"doc_number": doc_number, "issuer": issuer, "level": "province",
                                   "title": f"Kế hoạch {doc_number}", "targets": [TARGET]},
                             source_text=TARGET["text"], org_unit=unit)


@pytest.fixture
def plans(world, import_seed):
    lang_son_plan = import_seed("000")  # cites 2239/QĐ-TTg, 1120/LĐTBXH-TCGDNN and 97/KH-UBND among others
    foreign_draft = cited_plan("97/KH-UBND", "UBND tỉnh Thái Nguyên", world.far_province)
    own_draft = cited_plan("1120/LĐTBXH-TCGDNN", "UBND tỉnh Lạng Sơn", world.province)
    return lang_son_plan, foreign_draft, own_draft


def page(client, username: str, url: str):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client.get(url)


def test_the_alignment_page_hides_a_cited_draft_of_another_province(world, plans, client):
    plan, foreign, _own = plans
    response = page(client, "canbo", f"/plans/{plan.pk}/align/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2239/QĐ-TTg" in text and "1120/LĐTBXH-TCGDNN" in text  # the national strategy, its own draft
    assert "97/KH-UBND" not in text and "UBND tỉnh Thái Nguyên" not in text
    # ... exactly as its own page and the API answer for this user
    assert page(client, "canbo", f"/plans/{foreign.pk}/").status_code == 404
    token = apitoken_create(user=world.officer, name="scope")[1]
    api = client.get(f"/api/v1/plans/{foreign.pk}/progress", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 404


def test_the_selector_follows_the_users_scope_and_the_operator_sees_every_parent(world, plans):
    plan, _foreign, _own = plans
    seen = {p["plan"] for p in plan_alignment(plan=plan, user=world.officer)["parents"]}
    assert {"2239/QĐ-TTg", "1120/LĐTBXH-TCGDNN"} <= seen and "97/KH-UBND" not in seen
    assert "97/KH-UBND" in {p["plan"] for p in plan_alignment(plan=plan, user=world.far_officer)["parents"]}
    assert "97/KH-UBND" in {p["plan"] for p in plan_alignment(plan=plan)["parents"]}  # `gdnn plan align`


def test_a_target_of_another_plan_is_not_reachable_through_a_visible_plan(world, plans, client):
    plan, foreign, own = plans
    other_target = foreign.targets.first()
    assert page(client, "canbo", f"/plans/{plan.pk}/targets/{other_target.pk}/").status_code == 404
    assert page(client, "canbo", f"/plans/{foreign.pk}/targets/{other_target.pk}/").status_code == 404
    own_target = own.targets.first()
    assert page(client, "canbo", f"/plans/{own.pk}/targets/{own_target.pk}/").status_code == 200


def test_reports_of_a_unit_outside_the_scope_are_not_reachable_by_code(world, client):
    token = apitoken_create(user=world.officer, name="scope")[1]
    far = f"/api/v1/submissions/{world.inst.code}/{world.far_school.code}/{world.half.code}"
    assert client.get(far, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    near = f"/api/v1/submissions/{world.inst.code}/{world.school.code}/{world.half.code}"
    assert client.get(near, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    values = client.get("/api/v1/datavalues", {"period": world.half.code, "orgUnit": world.far_school.code},
                        HTTP_AUTHORIZATION=f"Bearer {token}")
    assert values.status_code == 404
