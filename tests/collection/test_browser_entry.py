"""The entry form as a reporter uses it, in real Chromium: a whole form filled by keyboard only, a
rejected value that stays out of the total, the submit confirmation listing empty cells, the
connection dropped mid-entry (and a reload while the server is unreachable) with nothing lost, and
the reviewer's comment read at the top of the page without scrolling.

One page load for the entry; the values are 1 (and 120 in the first cell), which pass every rule.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.models import DataValue, DataValueAudit, Submission
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get, form_structure
from gdnn.collection.services.datasets import dataset_sync
from gdnn.collection.services.workflow import submission_transition
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import ARTIFACTS, login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RETURN_COMMENT = "Số tuyển mới cao đẳng nam 120 là quá cao, hãy kiểm tra lại"


@pytest.fixture
def world(live_server):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    school = OrgUnit.objects.filter(code="CD-KB-01", level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code="CD-KB-01", name="Trường Cao đẳng Bàn Phím", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    period = period_for_date(timezone.localdate(), "semiannual")
    data_set = dataset_get(code="INST_SEMIANNUAL")
    return {
        "url": f"{live_server.url}/data/INST_SEMIANNUAL/{school.code}/{period.code}/",
        "cells": len(form_structure(data_set=data_set, period=period).cells()),
        "reporter": user_with_role("nhaplieu", Role.INSTITUTION_REPORTER, school),
        "officer": user_with_role("duyet", Role.PROVINCE_OFFICER, province),
    }


def fill(page, values):
    for value in values:
        page.keyboard.type(value)
        page.keyboard.press("Tab")


def all_saved(page):
    # The queue drains through the page's retries (and a busy machine answers slowly): this waits
    # for the outcome, it does not time it.
    expect(page.locator("#entry input.cell.queued")).to_have_count(0, timeout=30_000)
    expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"), timeout=30_000)


def test_a_reporter_fills_the_whole_form_by_keyboard_and_loses_nothing_offline(live_server, page, world):
    n = world["cells"]
    assert n >= 150  # the institution's 6-month form: about 160 cells
    login(page, live_server.url, "nhaplieu")
    page.goto(world["url"])
    cells = page.locator("#entry input.cell")
    expect(cells).to_have_count(n)
    bar = page.locator("[data-entry-bar]")
    status = page.locator("#save-status")

    # Keyboard only from the first cell: a value, Tab, the next one.
    cells.first.focus()
    fill(page, ["120", "-5"])
    # The rejected value is marked and stays out of the row total.
    second = cells.nth(1)
    expect(second).to_have_attribute("aria-invalid", "true")
    expect(page.locator("section:has(table[data-element=ADMISSIONS]) .cell-msg")).to_contain_text("không được âm")
    first_row_total = page.locator("table[data-element=ADMISSIONS] tbody tr").first.locator("[data-row-total]")
    expect(first_row_total).to_have_text("120")
    page.keyboard.press("Shift+Tab")  # back to the rejected cell (its text selected), corrected
    fill(page, ["1"])
    expect(second).not_to_have_attribute("aria-invalid", "true")
    expect(first_row_total).to_have_text("121")
    fill(page, ["1"] * 38)  # 40 cells filled
    all_saved(page)

    # Submit: the confirmation lists the empty cells, with links to them, and waits for a yes.
    page.get_by_role("button", name="Nộp báo cáo").click()
    dialog = page.locator("#submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Còn {n - 40} trên {n} ô để trống.")
    expect(dialog.get_by_role("button", name="Xác nhận nộp")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "collection-entry-submit-review.png"))  # what 1366×768 shows
    dialog.locator("a[data-goto]").first.click()  # "go to the first empty cell": entry goes on there
    expect(dialog).to_be_hidden()
    expect(cells.nth(40)).to_be_focused()
    assert Submission.objects.get().state == "draft"

    # The connection drops mid-entry: edits wait (and say so), then go when it is back.
    fill(page, ["1"] * 40)
    all_saved(page)
    page.context.set_offline(True)
    fill(page, ["1"] * 20)
    expect(status).to_contain_text("Mất kết nối")
    expect(bar).to_have_class(re.compile(r"\boffline\b"))
    expect(status).to_contain_text("20 thay đổi")  # all of them wait; nothing is dropped
    page.context.set_offline(False)
    all_saved(page)
    expect(bar).not_to_have_class(re.compile(r"\boffline\b"))

    # The server unreachable while the page is reloaded: the waiting edits come back from the
    # browser's storage and are sent once it answers again.
    fill(page, ["1"] * (n - 100 - 5))
    all_saved(page)
    page.route("**/cell/", lambda route: route.abort())
    fill(page, ["1"] * 5)
    expect(status).to_contain_text("5 thay đổi")
    page.reload()
    expect(cells.last).to_have_value("1")
    expect(page.locator("#entry input.cell.queued")).to_have_count(5)
    page.unroute("**/cell/")
    all_saved(page)

    # Nothing lost, nothing saved twice.
    assert DataValue.objects.count() == n
    assert DataValueAudit.objects.count() == n  # one row per cell: -5 was never stored, no replay doubled
    assert DataValue.objects.filter(value=120).count() == 1
    expect(page.locator("[data-fill-count]")).to_have_text(f"{n}/{n} ô đã nhập")

    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(dialog).to_contain_text("Mọi ô đã có số liệu.")
    dialog.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    assert Submission.objects.get().state == "submitted"

    # Returned with a comment: the reporter reads it at the top, and it stays in view while scrolling.
    submission_transition(submission=Submission.objects.get(), action="return", by=world["officer"],
                          comment=RETURN_COMMENT)
    page.reload()
    comment = page.locator("[data-returned] blockquote")
    expect(comment).to_have_text(RETURN_COMMENT)
    expect(comment).to_be_in_viewport()
    page.mouse.wheel(0, 4000)
    expect(comment).to_be_in_viewport()
    # A cell focused far down the form is not under the bar.
    cells.nth(n - 3).focus()
    cell_box, bar_box = cells.nth(n - 3).bounding_box(), bar.bounding_box()
    assert cell_box["y"] >= bar_box["y"] + bar_box["height"]
    # The cell history opens beside the grid, not over it, and closes.
    page.get_by_role("button", name="Lịch sử ô").click()
    drawer = page.locator("#history-drawer")
    expect(drawer.locator("table")).to_be_visible()
    grid_box, drawer_box = page.locator("#entry").bounding_box(), drawer.bounding_box()
    assert grid_box["x"] + grid_box["width"] <= drawer_box["x"]
    screenshot(page, "collection-entry-returned-bar")
    drawer.get_by_role("button", name="Đóng").click()
    expect(drawer).to_be_hidden()

    # Something slow (the Excel template, held back here) shows a busy, disabled button; a second
    # click starts nothing.
    held = []
    page.route("**/template.xlsx", lambda route: held.append(route))
    link = page.locator("[data-entry-bar] a[data-busy]")
    link.click()
    expect(link).to_have_attribute("aria-busy", "true")
    expect(link).to_have_attribute("aria-disabled", "true")
    expect(link).to_have_text("Đang tạo tệp…")
    for _ in range(100):  # the held request reaches the route handler
        if held:
            break
        page.wait_for_timeout(50)
    link.click(force=True)  # Playwright itself sees it disabled; a person may still click
    page.wait_for_timeout(300)  # time enough for a second request, had one been sent
    assert len(held) == 1
    held[0].continue_()
    expect(link).not_to_have_attribute("aria-busy", "true")
    expect(link).to_have_text("Tải mẫu Excel")
    assert len(held) == 1

    # A phone: the form is as wide as the screen (tables scroll inside their boxes), the return
    # comment still on top.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(world["url"])
    expect(comment).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "collection-entry-phone-returned")
