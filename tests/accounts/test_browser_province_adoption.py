"""A new province runs GDNN on its own, in real Chromium, without opening a Django admin page: the
system administrator creates a province officer by the province's name; the officer changes the
temporary password, bulk-imports 50 accounts from XLSX; a reporter from that file fills in and
submits the institution form; the officer bulk-approves from the worklist.

Transactional tests flush the database afterwards, so the fixture builds its own small world."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from gdnn.accounts.models import User
from gdnn.collection.models import Submission, SubmissionEvent
from gdnn.collection.periods import period_for_date
from gdnn.collection.services.datasets import dataset_sync
from gdnn.indicators.services import indicator_catalog_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import login, screenshot
from tests.factories import PASSWORD, unit_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Mật-khẩu-riêng-của-tôi-2026"
MANAGERS = "Số cán bộ quản lý – Số cán bộ quản lý – Giá trị"


@pytest.fixture
def world(live_server):
    indicator_catalog_sync()
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    schools = [OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code=code, name=f"Trường Trung cấp nghề số {i}", commune=commune,
        institution_type=Institution.Type.SECONDARY, ownership=Institution.Ownership.PUBLIC)
        for i, code in enumerate(("TC-LS-01", "TC-LS-02"), start=1)]
    User.objects.create_superuser("quantri", "quantri@example.vn", PASSWORD)  # as `createsuperuser` does
    return {"base": live_server.url, "schools": schools, "commune": commune}


def accounts_xlsx(schools) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đăng nhập", "Họ và tên", "Email", "Vai trò", "Đơn vị (mã hoặc tên)"])
    ws.append(["baocao01", "Người báo cáo 1", "", "Cán bộ báo cáo của cơ sở GDNN", schools[0].code])
    for i in range(2, 51):
        if i % 2:
            ws.append([f"baocao{i:02d}", f"Người báo cáo {i}", f"bc{i}@example.vn", "institution_reporter",
                       schools[1].name])
        else:
            ws.append([f"xa{i:02d}", f"Cán bộ xã {i}", f"xa{i}@example.vn", "Cán bộ cấp xã", "Hữu Lũng"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def temporary_password(page, username) -> str:
    row = page.locator("table.created tr", has_text=username)
    return row.locator("code.password").inner_text().strip()


def change_password(page, base, old):
    page.wait_for_url(re.compile(r".*/account/password/.*"))
    page.get_by_label("Mật khẩu cũ").fill(old)
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW_PASSWORD)
    page.locator("#main button[type=submit]").click()
    page.wait_for_url(f"{base}/account/")


def test_a_province_adopts_gdnn_without_the_django_admin(page, world):
    base, schools = world["base"], world["schools"]
    admin_pages: list[str] = []
    page.on("request", lambda r: admin_pages.append(r.url) if "/admin/" in r.url else None)

    # The system administrator creates the province officer, choosing the province by its name.
    login(page, base, "quantri")
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("tinh.ls")
    page.get_by_label("Họ và tên").fill("Cán bộ Sở GD&ĐT Lạng Sơn")
    page.get_by_label("Vai trò").select_option(label="Cán bộ cấp tỉnh")
    unit = page.get_by_label("Đơn vị (tên hoặc mã)")
    unit.fill("Lạng Sơn")
    page.wait_for_selector('datalist option[value="Tỉnh Lạng Sơn (20)"]', state="attached")
    screenshot(page, "adoption-1-new-officer")
    page.get_by_role("button", name="Tạo tài khoản").click()
    officer_password = temporary_password(page, "tinh.ls")

    # The officer must choose a password before anything else.
    login_first(page, base, "tinh.ls", officer_password)
    change_password(page, base, officer_password)

    # 50 accounts from one XLSX file, checked whole and created in one go.
    page.goto(f"{base}/users/import/")
    page.get_by_label("Tệp danh sách tài khoản (.xlsx hoặc .csv)").set_input_files(
        {"name": "tai-khoan.xlsx", "mimeType": "application/octet-stream", "buffer": accounts_xlsx(schools)})
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_selector("table.created")
    assert page.locator("table.created tbody tr").count() == 50
    screenshot(page, "adoption-2-imported")
    reporter_password = temporary_password(page, "baocao01")
    assert User.objects.filter(username__regex=r"^(baocao|xa)\d\d$").count() == 50

    # A reporter from the file fills in the form and submits it.
    login_first(page, base, "baocao01", reporter_password)
    change_password(page, base, reporter_password)
    page.goto(f"{base}/")
    page.locator("#work-to-fill a").first.click()
    cell = page.get_by_label(MANAGERS, exact=True)
    cell.click()
    cell.fill("7")
    cell.press("Tab")
    expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"))  # no eval: the CSP forbids it
    page.locator('button[name="action"][value="submit"]').click()
    page.wait_for_selector('[data-state="submitted"]')

    # The officer sees it waiting on the home page and approves it in bulk.
    login(page, base, "tinh.ls", NEW_PASSWORD)
    page.locator("#work-awaiting").get_by_role("link", name="Xem và phê duyệt").click()
    page.locator("#all").check()
    screenshot(page, "adoption-3-approvals")
    page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn").click()
    page.wait_for_selector("ul.messages li.success")
    period = period_for_date(timezone.localdate(), "semiannual").code
    submission = Submission.objects.get(org_unit=schools[0], period=period)
    assert submission.state == Submission.State.APPROVED
    assert SubmissionEvent.objects.filter(submission=submission, action="approve", by__username="tinh.ls").exists()
    assert admin_pages == []


def login_first(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
