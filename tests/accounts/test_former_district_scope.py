"""The former-district rule: a pre-2025 district's plan belongs to the province (its officer edits
and publishes it); a commune officer on part of its ground reads it but cannot change it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gdnn.accounts.models import Role
from gdnn.accounts.selectors import orgunit_in_scope, user_can_edit
from gdnn.common.errors import PermissionDenied
from gdnn.orgunits.selectors import orgunit_current_units, orgunit_get
from gdnn.plans.models import Plan
from gdnn.plans.services import plan_publish
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_plan(import_seed):
    district = orgunit_get(code="186", on=dt.date(2025, 6, 30))  # Huyện Hữu Lũng, abolished in 2025
    plan = import_seed("001")
    plan.org_unit = district
    plan.save(update_fields=["org_unit"])
    return plan


def test_a_commune_on_the_former_districts_ground_reads_but_does_not_edit_it(district_plan):
    district = district_plan.org_unit
    commune = orgunit_current_units(unit=district)[0]
    commune_officer = user_with_role("xa", Role.COMMUNE_OFFICER, commune)
    province_officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    assert orgunit_in_scope(user=commune_officer, unit=district)
    assert not user_can_edit(user=commune_officer, unit=district)
    assert user_can_edit(user=commune_officer, unit=commune)  # their own commune is unchanged
    assert user_can_edit(user=province_officer, unit=district)
    with pytest.raises(PermissionDenied):
        plan_publish(plan=district_plan, by=commune_officer)
    assert Plan.objects.get(pk=district_plan.pk).status == Plan.Status.DRAFT


def test_on_the_pages_the_commune_sees_the_plan_and_the_province_publishes_it(district_plan):
    commune = orgunit_current_units(unit=district_plan.org_unit)[0]
    user_with_role("xa", Role.COMMUNE_OFFICER, commune)
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    xa = Client()
    xa.login(username="xa", password=PASSWORD)
    assert xa.get(f"/plans/{district_plan.pk}/").status_code == 200
    assert xa.post(f"/plans/{district_plan.pk}/publish/").status_code == 403
    target = district_plan.targets.first()
    assert xa.post(f"/plans/{district_plan.pk}/targets/{target.pk}/", {}).status_code == 403
    tinh = Client()
    tinh.login(username="tinh", password=PASSWORD)
    tinh.post(f"/plans/{district_plan.pk}/publish/")
    assert Plan.objects.get(pk=district_plan.pk).status == Plan.Status.PUBLISHED
