"""A small world for collection tests: one province with a commune and two institutions, users of
every role, the data sets synced. The current period is computed from today, so it stays open."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gdnn.accounts.models import Role
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create
from tests.factories import user_with_role


class World(dict):
    __getattr__ = dict.__getitem__


def make_institution(code: str, commune):
    return institution_create(code=code, name=f"Trường Cao đẳng {code}", commune=commune,
                              institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)


@pytest.fixture
def world(db):
    dataset_sync()
    lang_son, thai_nguyen = orgunit_get(code="20"), orgunit_get(code="19")
    commune = orgunit_get(code="06385")
    far_commune = orgunit_children(unit=thai_nguyen, on=thai_nguyen.valid_from).first()
    school, far_school = make_institution("CD-LS-01", commune), make_institution("CD-TN-01", far_commune)
    today = timezone.localdate()
    return World(
        province=lang_son, far_province=thai_nguyen, commune=commune, far_commune=far_commune,
        school=school, far_school=far_school,
        inst=dataset_get(code="INST_SEMIANNUAL"), comm=dataset_get(code="COMMUNE_ANNUAL"),
        prov=dataset_get(code="PROVINCE_ANNUAL"),
        half=period_for_date(today, "semiannual"), year=period_for_date(today, "annual"),
        reporter=user_with_role("baocao", Role.INSTITUTION_REPORTER, school),
        far_reporter=user_with_role("baocao-xa", Role.INSTITUTION_REPORTER, far_school),
        officer=user_with_role("canbo", Role.PROVINCE_OFFICER, lang_son),
        far_officer=user_with_role("canbo-tn", Role.PROVINCE_OFFICER, thai_nguyen),
        commune_officer=user_with_role("canbo-xa", Role.COMMUNE_OFFICER, commune),
        viewer=user_with_role("xem", Role.VIEWER, lang_son),
        admin=user_with_role("quantri", Role.SYSTEM_ADMIN, None),
    )
