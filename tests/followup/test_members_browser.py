"""In real Chromium: a province officer opens the agency members page from the user administration,
picks an account by typing (the picker's suggestions come from the server), adds it to an agency,
and takes it off again."""

import pytest
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.followup.models import AgencyMember
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.services import agency_register_sync
from tests.browser import login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_picks_an_account_adds_it_to_an_agency_and_removes_it(live_server, page):
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    user_with_role("canbo", Role.PROVINCE_OFFICER, province)
    officer = user_with_role("taichinh.ls", Role.PROVINCE_OFFICER, province)
    officer.full_name = "Trần Thị Tài Chính"
    officer.save(update_fields=["full_name"])
    base = live_server.url

    login(page, base, "canbo")
    page.goto(f"{base}/users/")
    page.locator("#agency-members-link").click()
    expect(page.locator("h1")).to_contain_text("Tỉnh Lạng Sơn")
    box = page.locator("#id_user")
    box.click()
    box.press_sequentially("taichinh")
    expect(page.locator("#id_user-options option[value='taichinh.ls']")).to_have_count(1)
    box.fill("taichinh.ls")
    page.locator("#id_agency").select_option(label="Sở Tài chính")
    page.get_by_role("button", name="Gán cán bộ").click()
    row = page.locator("tr[data-agency='so-tai-chinh']")
    expect(row.locator("[data-username='taichinh.ls']")).to_be_visible()
    screenshot(page, "agency-members")
    assert AgencyMember.objects.filter(user__username="taichinh.ls", agency__code="so-tai-chinh",
                                       org_unit=province).exists()

    page.once("dialog", lambda dialog: dialog.accept())  # "Bỏ cán bộ này khỏi cơ quan?"
    row.get_by_role("button", name="Bỏ").click()
    expect(row.locator("[data-username='taichinh.ls']")).to_have_count(0)
    assert not AgencyMember.objects.exists()
