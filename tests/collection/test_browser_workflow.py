"""The whole workflow in real Chromium: enter → submit → return → fix → submit → approve → locked.

Transactional tests flush the database afterwards, so the fixture builds its own small world.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent
from gdnn.collection.periods import period_for_date
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import ARTIFACTS, login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COLLEGE = "Số người đang học – Cao đẳng – Nam · Kinh · Không khuyết tật"
INTERMEDIATE = "Số người đang học – Trung cấp – Nam · Kinh · Không khuyết tật"
MANAGERS = "Số cán bộ quản lý – Số cán bộ quản lý – Giá trị"


@pytest.fixture
def form_url(live_server):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    school = OrgUnit.objects.filter(code="CD-BR-01", level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code="CD-BR-01", name="Trường Cao đẳng Kỹ thuật Lạng Sơn", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    user_with_role("baocao", Role.INSTITUTION_REPORTER, school)
    user_with_role("canbo", Role.PROVINCE_OFFICER, province)
    period = period_for_date(timezone.localdate(), "semiannual")
    return f"{live_server.url}/data/INST_SEMIANNUAL/{school.code}/{period.code}/"




def type_into(page, label, text):
    cell = page.get_by_label(label, exact=True)
    cell.click()
    cell.fill(text)
    return cell


def wait_saved(page):
    expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"))  # no eval: the CSP forbids it


def submit(page):
    """Submit through the confirmation that lists what is empty."""
    page.get_by_role("button", name="Nộp báo cáo").click()
    dialog = page.locator("#submit-dialog")
    dialog.get_by_role("button", name="Xác nhận nộp").click()
    expect(dialog).to_be_hidden()  # the page after the redirect
    page.wait_for_load_state()


def state(page):
    return page.locator("[data-state]").get_attribute("data-state")


def test_enter_submit_return_fix_submit_approve_locked(live_server, page, form_url):
    base = live_server.url
    login(page, base, "baocao")
    page.goto(form_url)
    assert page.get_by_role("heading", name="Báo cáo 6 tháng của cơ sở giáo dục nghề nghiệp").is_visible()

    # Vietnamese numbers, Enter moves down a row, live totals.
    type_into(page, COLLEGE, "1.234")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == INTERMEDIATE
    page.keyboard.type("mười")
    page.keyboard.press("Tab")
    alert = page.locator("section:has(table[data-element=ENROLMENT]) .cell-msg")
    alert.wait_for(state="visible")
    assert "không phải là số" in alert.inner_text()
    type_into(page, INTERMEDIATE, "12")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == COLLEGE
    wait_saved(page)
    assert alert.is_hidden()
    grand = page.locator("table[data-element=ENROLMENT] [data-grand-total]")
    assert grand.inner_text() == "1.246"
    type_into(page, MANAGERS, "9")
    page.keyboard.press("Tab")
    wait_saved(page)
    screenshot(page, "collection-entry-draft")
    submit(page)
    assert state(page) == "submitted"
    assert page.get_by_label(COLLEGE, exact=True).get_attribute("readonly") is not None

    # The province officer returns it with a reason.
    login(page, base, "canbo")
    page.goto(form_url)
    # The return is confirmed in a dialog that asks for the reason (the comment typed in the bar
    # is carried into it); without a reason it does not go.
    page.get_by_role("button", name="Trả lại để sửa").click()
    dialog = page.locator("#return-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Trường Cao đẳng Kỹ thuật Lạng Sơn")
    reason = dialog.get_by_label("Lý do trả lại (bắt buộc)")
    expect(reason).to_be_focused()
    dialog.get_by_role("button", name="Xác nhận trả lại").click()  # empty: the browser asks for it
    expect(dialog).to_be_visible()
    assert Submission.objects.get().state == "submitted"
    dialog.get_by_role("button", name="Quay lại").click()
    expect(dialog).to_be_hidden()
    page.get_by_label("Ghi chú", exact=True).fill("Số học sinh cao đẳng nam chưa đúng")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(reason).to_have_value("Số học sinh cao đẳng nam chưa đúng")
    dialog.get_by_role("button", name="Xác nhận trả lại").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "returned")
    screenshot(page, "collection-entry-returned")

    # The reporter sees the reason, fixes the cell, sees its history, submits again.
    login(page, base, "baocao")
    page.goto(form_url)
    # The reviewer's comment is on top of the form (issue 13), as well as in the history below.
    assert "Số học sinh cao đẳng nam chưa đúng" in page.locator("[data-returned] blockquote").inner_text()
    type_into(page, COLLEGE, "1.200")
    page.keyboard.press("Tab")
    wait_saved(page)
    page.get_by_role("button", name="Lịch sử ô").click()  # the drawer beside the grid
    page.get_by_label(COLLEGE, exact=True).focus()
    page.locator("#history table").wait_for()
    history = page.locator("#history").inner_text()
    assert "1234" in history.replace(".", "") and "1200" in history.replace(".", "") and "baocao" in history
    screenshot(page, "collection-entry-history")
    page.screenshot(path=str(ARTIFACTS / "collection-entry-history-viewport.png"))  # what 1366×768 shows
    submit(page)
    assert state(page) == "submitted"

    # Approved: the values are locked.
    login(page, base, "canbo")
    page.goto(form_url)
    # Approving says what is approved (unit, period, empty cells) and waits for a yes.
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    dialog = page.locator("#approve-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Trường Cao đẳng Kỹ thuật Lạng Sơn")
    expect(dialog).to_contain_text(re.compile(r"Còn \d+ trên \d+ ô để trống\."))
    screenshot(page, "collection-entry-approve-dialog")
    dialog.get_by_role("button", name="Quay lại").click()
    expect(dialog).to_be_hidden()
    assert state(page) == "submitted" and Submission.objects.get().state == "submitted"
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    dialog.get_by_role("button", name="Xác nhận phê duyệt").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "approved")
    assert page.get_by_label(COLLEGE, exact=True).get_attribute("readonly") is not None
    assert page.get_by_role("button", name="Nộp báo cáo").count() == 0
    screenshot(page, "collection-entry-approved")

    assert Submission.objects.get().state == "approved"
    assert DataValue.objects.get(disaggregation__contains="college", data_element__code="ENROLMENT").value == 1200
    assert list(SubmissionEvent.objects.values_list("to_state", flat=True)) == [
        "submitted", "returned", "submitted", "approved"]
    assert DataValueAudit.objects.filter(channel="web").count() == 4

    # A phone sees the same form, scrolled sideways inside each table.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(form_url)
    assert page.get_by_label(COLLEGE, exact=True).is_visible()
    screenshot(page, "collection-entry-phone")
