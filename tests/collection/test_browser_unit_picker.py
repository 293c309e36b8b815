"""The unit box of the entry page, in real Chromium: after a data set and period are chosen, the
suggestions list the officer's units with each form's state, and no other province's unit."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.models import Submission
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import login
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def school(code, name, commune):
    return OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code=code, name=name, commune=commune, institution_type=Institution.Type.COLLEGE,
        ownership=Institution.Ownership.PUBLIC)


def test_the_unit_suggestions_show_each_forms_state(live_server, page):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    far = unit_ensure(code="19", name="Tỉnh Thái Nguyên", level=OrgUnit.Level.PROVINCE)
    far_commune = unit_ensure(code="05500", name="Xã Xa", level=OrgUnit.Level.COMMUNE, parent=far)
    submitted = school("CD-PK-01", "Trường Cao đẳng Chọn Một", commune)
    school("CD-PK-02", "Trường Cao đẳng Chọn Hai", commune)
    elsewhere = school("CD-PK-09", "Trường Cao đẳng Tỉnh Khác", far_commune)
    data_set = dataset_get(code="INST_SEMIANNUAL")
    half = period_for_date(timezone.localdate(), "semiannual")
    for unit in (submitted, elsewhere):
        Submission.objects.create(data_set=data_set, org_unit=unit, period=half.code, state="submitted")
    user_with_role("duyet", Role.PROVINCE_OFFICER, province)

    login(page, live_server.url, "duyet")
    page.goto(f"{live_server.url}/data/")
    # The picker starts on the officer's own form and unit; another data set clears that unit.
    expect(page.locator("#id_dataset")).to_have_value("PROVINCE_ANNUAL")
    expect(page.locator("#id_org_unit")).to_have_value(re.compile(r"^Tỉnh Lạng Sơn"))
    page.locator("#id_dataset").select_option("INST_SEMIANNUAL")
    expect(page.locator("#id_org_unit")).to_have_value("")
    expect(page.locator(f"#id_period option[value='{half.code}']")).to_have_count(1)
    page.locator("#id_period").select_option(half.code)
    box = page.locator("#id_org_unit")
    box.focus()
    options = page.locator("#id_org_unit-options option")
    expect(options).to_have_count(2)
    expect(page.locator("#id_org_unit-options option[value^='Trường Cao đẳng Chọn Một']")).to_have_text(
        re.compile("^Đã nộp"))
    expect(page.locator("#id_org_unit-options option[value^='Trường Cao đẳng Chọn Hai']")).to_have_text(
        re.compile("^Chưa nhập"))
    box.fill("Tỉnh Khác")  # another province's school is never offered
    expect(options).to_have_count(0)
    box.fill("Chọn Một")
    expect(options).to_have_count(1)
    box.fill("Trường Cao đẳng Chọn Một (CD-PK-01)")
    page.get_by_role("button", name="Mở").click()
    expect(page).to_have_url(re.compile(f"/data/INST_SEMIANNUAL/CD-PK-01/{half.code}/$"))
