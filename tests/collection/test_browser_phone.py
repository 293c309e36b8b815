"""The entry form on a 390×844 touch phone, in real Chromium: a comment typed in the bar, then a tap
on "Nộp báo cáo" opens the confirmation (the bar must not move under the finger when the comment box
loses focus), and the grid's row labels stay in view while its cells scroll sideways."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.periods import period_for_date
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium, live_server):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    school = OrgUnit.objects.filter(code="CD-PH-01", level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code="CD-PH-01", name="Trường Cao đẳng Điện Thoại", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    reporter = user_with_role("dienthoai", Role.INSTITUTION_REPORTER, school)
    client = Client()
    client.force_login(reporter)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN",
                                   device_scale_factor=1, is_mobile=True, has_touch=True)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    period = period_for_date(timezone.localdate(), "semiannual")
    page.goto(f"{live_server.url}/data/INST_SEMIANNUAL/{school.code}/{period.code}/")
    yield page
    context.close()


def test_tap_submit_after_typing_a_comment_opens_the_confirmation(phone):
    page = phone
    comment = page.get_by_label("Ghi chú", exact=True)
    comment.tap()
    comment.fill("Số liệu đã kiểm tra lại với phòng đào tạo")
    expect(comment).to_be_focused()
    button = page.get_by_role("button", name="Nộp báo cáo")
    before = button.bounding_box()
    button.tap()  # the tap blurs the comment box first: nothing may move under the finger
    expect(page.locator("#submit-dialog")).to_be_visible()
    screenshot(page, "collection-entry-phone-submit-dialog")
    page.keyboard.press("Escape")
    expect(page.locator("#submit-dialog")).to_be_hidden()
    after = button.bounding_box()
    assert before is not None and after is not None and abs(before["y"] - after["y"]) < 1


def test_row_labels_stay_in_view_while_the_grid_scrolls_sideways(phone):
    page = phone
    table = page.locator("table.grid").first
    scroller = page.locator(".table-scroll").first
    label = table.locator("tbody th.rowhead").first
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    scroller.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    box = label.bounding_box()
    assert box is not None and 0 <= box["x"] < 40 and box["width"] > 60


def test_tap_submit_straight_after_typing_a_cell_opens_the_confirmation(phone):
    page = phone
    cell = page.get_by_label("Số cán bộ quản lý – Số cán bộ quản lý – Giá trị", exact=True)
    cell.tap()
    cell.fill("9")
    button = page.get_by_role("button", name="Nộp báo cáo")
    button.scroll_into_view_if_needed()
    expect(cell).to_be_focused()
    button.tap()  # the tap saves the cell first (its status line changes): the button must stay put
    expect(page.locator("#submit-dialog")).to_be_visible()
