"""A new province runs GDNN from a fresh install, without the demo and without opening a Django admin
page, in real Chromium (issue 13):

the system administrator (created as `createsuperuser` does) creates the province officer by the
province's name; the officer changes the temporary password, bulk-imports 50 accounts from XLSX,
adds a data element on the province's own form, a provincial indicator with its formula (a count
divided by something is refused first), a validation rule (checked against last period first) and
opens an entry window; imports a plan document, corrects its header, deletes the junk target the
parser took from an annex reference, adds a target on the new indicator and publishes; a commune
officer and an institution reporter from the imported file fill in and submit their forms; the
officer bulk-approves from the worklist; then the plan's dashboard, the API (with a token made on the tokens page) and the DOCX
report (a job, run here as `gdnn worker --batch` would) all show the new indicator's value.

Transactional tests flush the database afterwards, so the fixture builds its own small world."""

import datetime as dt
import io
import re

import docx
import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from gdnn.accounts.models import User
from gdnn.analytics.services import analytics_refresh
from gdnn.collection.models import DataSet, DataSetWindow, Submission, SubmissionEvent, ValidationRule
from gdnn.collection.periods import period_for_date
from gdnn.collection.services.datasets import dataset_sync
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from gdnn.plans.models import Plan, PlanEvent
from gdnn.plans.services import agency_register_sync
from tests.browser import login, screenshot
from tests.factories import PASSWORD, unit_ensure
from tests.jobs.helpers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Mật-khẩu-riêng-của-tôi-2026"
INDICATOR = "Lao động nữ nông thôn được đào tạo nghề"
MANAGERS = "Số cán bộ quản lý – Số cán bộ quản lý – Giá trị"
# A short plan as a province issues it; its last target line only points at an annex (junk).
PLAN_TEXT = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 45/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
Thực hiện công tác giáo dục nghề nghiệp năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng đào tạo nghề nghiệp, gắn đào tạo với nhu cầu thị trường lao động của tỉnh.

II. CHỈ TIÊU
1. Tuyển sinh đào tạo nghề nghiệp cho 12.000 người.
2. Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 32% vào năm 2026.
3. Đạt 100% theo Phụ lục 3 kèm theo Kế hoạch này.

III. TỔ CHỨC THỰC HIỆN
Sở Giáo dục và Đào tạo chủ trì, phối hợp với các sở, ngành và UBND các xã triển khai thực hiện Kế hoạch này.
"""


@pytest.fixture
def world(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    dataset_sync()
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    schools = [OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code=code, name=f"Trường Trung cấp nghề số {i}", commune=commune,
        institution_type=Institution.Type.SECONDARY, ownership=Institution.Ownership.PUBLIC)
        for i, code in enumerate(("TC-LS-01", "TC-LS-02"), start=1)]
    User.objects.create_superuser("quantri", "quantri@example.vn", PASSWORD)  # as `createsuperuser` does
    return {"base": live_server.url, "schools": schools, "commune": commune, "province": province}


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
            email = "" if i == 2 else f"xa{i}@example.vn"  # without an e-mail the page shows the password
            ws.append([f"xa{i:02d}", f"Cán bộ xã {i}", email, "Cán bộ cấp xã", "Hữu Lũng"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def temporary_password(page, username) -> str:
    row = page.locator("table.created tr", has_text=username)
    return row.locator("code.password").inner_text().strip()


def login_first(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def change_password(page, base, old):
    page.wait_for_url(re.compile(r".*/account/password/.*"))
    page.get_by_label("Mật khẩu cũ").fill(old)
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW_PASSWORD)
    page.locator("#main button[type=submit]").click()
    page.wait_for_url(f"{base}/account/")


def create_officer(page, base):
    """The system administrator creates the province officer, choosing the province by its name."""
    login(page, base, "quantri")
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("tinh.ls")
    page.get_by_label("Họ và tên").fill("Cán bộ Sở GD&ĐT Lạng Sơn")
    page.get_by_label("Vai trò").select_option(label="Cán bộ cấp tỉnh")
    unit = page.get_by_label("Đơn vị (tên hoặc mã)")
    unit.fill("Lạng Sơn")
    page.wait_for_selector('datalist option[value="Tỉnh Lạng Sơn (20)"]', state="attached")
    screenshot(page, "province-1-new-officer")
    page.get_by_role("button", name="Tạo tài khoản").click()
    return temporary_password(page, "tinh.ls")


def import_accounts(page, base, schools) -> dict[str, str]:
    """50 accounts from one XLSX file, checked whole and created in one go."""
    page.goto(f"{base}/users/import/")
    page.get_by_label("Tệp danh sách tài khoản (.xlsx hoặc .csv)").set_input_files(
        {"name": "tai-khoan.xlsx", "mimeType": "application/octet-stream", "buffer": accounts_xlsx(schools)})
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_selector("table.created")
    assert page.locator("table.created tbody tr").count() == 50
    screenshot(page, "province-2-imported")
    assert User.objects.filter(username__regex=r"^(baocao|xa)\d\d$").count() == 50
    return {name: temporary_password(page, name) for name in ("xa02", "baocao01")}


def configure_catalog(page, base) -> None:
    """A data element on the province's own commune form, an indicator, a rule, an entry window."""
    page.goto(f"{base}/")
    page.get_by_role("link", name="Danh mục").first.click()
    page.get_by_role("link", name="Thêm phần tử dữ liệu").click()
    page.get_by_label("Mã (chữ in hoa, chữ số, _)").fill("LS_RURAL_TRAINED")
    page.get_by_label("Tên phần tử dữ liệu").fill("Lao động nông thôn được đào tạo nghề")
    page.get_by_label("Cấp báo cáo").select_option("commune")
    page.get_by_label("Kỳ báo cáo").select_option("annual")
    page.get_by_label("Giới tính").check()
    page.get_by_role("button", name="Lưu phần tử").click()
    page.wait_for_selector("text=Đã lưu phần tử dữ liệu LS_RURAL_TRAINED")

    page.get_by_role("link", name="Bộ biểu (biểu mẫu)").click()
    page.get_by_role("link", name="Thêm bộ biểu").click()
    page.get_by_label("Mã bộ biểu").fill("LS_EXTRA")
    page.get_by_label("Tên bộ biểu").fill("Biểu bổ sung của tỉnh Lạng Sơn")
    page.get_by_label("Cấp nhập biểu").select_option("commune")
    page.get_by_label("Kỳ báo cáo").select_option("annual")
    page.get_by_role("button", name="Lưu bộ biểu").click()
    page.wait_for_selector("text=Đã lưu bộ biểu LS_EXTRA")
    page.get_by_label("Phần tử dữ liệu").select_option(label="Lao động nông thôn được đào tạo nghề")
    page.get_by_label("Mục (tiêu đề nhóm trên biểu)").fill("Phần A. Đào tạo nghề nông thôn")
    page.get_by_role("button", name="Thêm vào biểu").click()
    page.wait_for_selector("text=Đã thêm phần tử vào biểu")
    screenshot(page, "province-3-dataset")

    page.goto(f"{base}/catalog/")
    page.get_by_role("link", name="Thêm chỉ số").click()
    page.get_by_label("Mã (ví dụ TN.HOC_NGHE_NONG_THON)").fill("LS.RURAL_TRAINED_FEMALE")
    page.get_by_label("Tên chỉ số").fill(INDICATOR)
    page.get_by_label("Đơn vị").select_option("persons")
    page.get_by_label("Công thức").fill("LS_RURAL_TRAINED[sex:female] / LABOUR_FORCE * 100")
    page.get_by_role("button", name="Lưu chỉ số").click()
    assert "không có phép chia" in page.locator("[role=alert]").first.inner_text()  # a count is not a ratio
    page.get_by_label("Công thức").fill("LS_RURAL_TRAINED[sex:female]")
    page.get_by_role("button", name="Lưu chỉ số").click()
    page.wait_for_selector("text=Đã lưu chỉ số LS.RURAL_TRAINED_FEMALE")

    page.get_by_role("link", name="Quy tắc kiểm tra").click()
    page.get_by_role("link", name="Thêm quy tắc").click()
    page.get_by_label("Mã quy tắc").fill("LS_FEMALE_LE_TOTAL")
    page.get_by_label("Vế trái").fill("LS_RURAL_TRAINED[sex:female]")
    page.get_by_label("Phép so sánh").select_option("<=")
    page.get_by_label("Vế phải").fill("LS_RURAL_TRAINED")
    page.get_by_label("Thông báo cho người nhập").fill("Số nữ ({left}) không được lớn hơn tổng ({right}).")
    page.get_by_role("button", name="Kiểm tra quy tắc").click()
    page.wait_for_selector("text=Kiểm tra với số liệu kỳ trước")
    assert not ValidationRule.objects.filter(code="LS_FEMALE_LE_TOTAL").exists()
    page.get_by_role("button", name="Lưu quy tắc").click()
    page.wait_for_selector("text=Đã lưu quy tắc LS_FEMALE_LE_TOTAL")

    page.goto(f"{base}/catalog/")
    page.get_by_role("link", name="Kỳ báo cáo và thời hạn nhập").click()
    year = str(timezone.localdate().year)
    closes = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label(f"Đóng ngày Biểu bổ sung của tỉnh Lạng Sơn {year}").fill(closes.strftime("%d/%m/%Y"))
    page.get_by_label(f"Đóng ngày Biểu bổ sung của tỉnh Lạng Sơn {year}").press("Enter")
    page.wait_for_selector(f"text=Đã mở kỳ {year} của Biểu bổ sung của tỉnh Lạng Sơn")
    screenshot(page, "province-4-windows")
    assert DataSetWindow.objects.get(data_set__code="LS_EXTRA", period=year).closes_on == closes


def import_and_correct_plan(page, base) -> Plan:
    """Upload the plan document, correct its header, delete the junk target, add one, publish."""
    page.goto(f"{base}/plans/")
    page.get_by_label("Văn bản kế hoạch (.txt, .md, .docx, .pdf)").set_input_files(
        {"name": "45-KH-UBND.txt", "mimeType": "text/plain", "buffer": PLAN_TEXT.encode()})
    page.get_by_label("Đơn vị ban hành kế hoạch (tên hoặc mã)").fill("Tỉnh Lạng Sơn (20)")
    page.locator("#main form[enctype] button[type=submit]").click()
    page.wait_for_selector("text=Đã nhập thành dự thảo")
    plan = Plan.objects.get(doc_number="45/KH-UBND")
    assert plan.status == Plan.Status.DRAFT and plan.title.startswith("KẾ HOẠCH")  # the parser kept the label
    assert [t.text for t in plan.targets.order_by("order")][2].startswith("Đạt 100% theo Phụ lục 3")

    page.get_by_role("link", name="Sửa phần đầu").click()
    page.get_by_label("Trích yếu (tên kế hoạch)").fill("Thực hiện công tác giáo dục nghề nghiệp năm 2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("h1:has-text('Thực hiện công tác giáo dục nghề nghiệp năm 2026')")
    junk = plan.targets.order_by("order")[2]
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Xóa chỉ tiêu 3").click()  # asks first; "Cancel" sends nothing
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Xóa chỉ tiêu “") and plan.targets.filter(pk=junk.pk).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa chỉ tiêu 3").click()
    page.wait_for_selector("text=Đã xóa chỉ tiêu “")
    assert not plan.targets.filter(pk=junk.pk).exists()
    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    page.get_by_label("Câu chỉ tiêu như trong văn bản").fill("Mỗi năm đào tạo nghề cho 500 lao động nữ nông thôn")
    page.get_by_label("Chỉ số").select_option(label=INDICATOR)
    page.get_by_label("Loại chỉ tiêu").select_option("per_year")
    page.get_by_label("Từ năm").fill("2026")
    page.get_by_label("Năm (năm cuối)").fill("2030")
    page.get_by_label("Phép so sánh").select_option("ge")
    page.get_by_label("Giá trị (nhỏ nhất)").fill("500")
    page.get_by_label("Đơn vị").select_option("persons")
    page.get_by_role("button", name="Thêm").click()
    page.wait_for_selector("text=Đã thêm chỉ tiêu")
    page.get_by_role("button", name="Ban hành").first.click()
    page.wait_for_selector("text=Lịch sử thay đổi")
    screenshot(page, "province-5-plan-published")

    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED and plan.title == "Thực hiện công tác giáo dục nghề nghiệp năm 2026"
    assert [t.indicator.code if t.indicator else None for t in plan.targets.order_by("order")] == [
        "GDNN.ADMISSIONS", "GDNN.TRAINED_WORKERS_CERT", "LS.RURAL_TRAINED_FEMALE"]
    assert set(PlanEvent.objects.filter(plan=plan).values_list("action", flat=True)) >= {
        "edit", "target_delete", "target_add", "published"}
    return plan


def fill_commune_form(page, base, password) -> None:
    """A commune officer from the imported file fills in the province's own form and submits it."""
    login_first(page, base, "xa02", password)
    change_password(page, base, password)
    page.goto(f"{base}/")
    page.locator("#work-to-fill a", has_text="Biểu bổ sung của tỉnh Lạng Sơn").first.click()
    page.wait_for_selector("#save-status", state="attached")
    for label, value in (("Nam", "300"), ("Nữ", "260")):
        cell = page.locator(f'input[aria-label^="Lao động nông thôn được đào tạo nghề"][aria-label*="{label}"]')
        cell.click()
        cell.fill(value)
        cell.press("Tab")
        expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"))  # no eval: the CSP forbids it
    screenshot(page, "province-6-commune-form")
    page.locator('[data-entry-bar] button[name="action"][value="submit"]').click()
    page.locator('#submit-dialog button[value="submit"]').click()  # the confirmation listing empty cells
    page.wait_for_selector('[data-state="submitted"]')


def fill_institution_form(page, base, password) -> None:
    """An institution reporter from the file fills in the national institution form and submits it."""
    login_first(page, base, "baocao01", password)
    change_password(page, base, password)
    page.goto(f"{base}/")
    page.locator("#work-to-fill a").first.click()
    cell = page.get_by_label(MANAGERS, exact=True)
    cell.click()
    cell.fill("7")
    cell.press("Tab")
    expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"))  # no eval: the CSP forbids it
    page.locator('[data-entry-bar] button[name="action"][value="submit"]').click()
    page.locator('#submit-dialog button[value="submit"]').click()  # the confirmation listing empty cells
    page.wait_for_selector('[data-state="submitted"]')


def test_a_new_province_runs_gdnn_from_a_fresh_install_without_the_admin(page, world):
    base, schools, commune = world["base"], world["schools"], world["commune"]
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))

    officer_password = create_officer(page, base)
    login_first(page, base, "tinh.ls", officer_password)  # the officer must choose a password first
    change_password(page, base, officer_password)
    passwords = import_accounts(page, base, schools)
    configure_catalog(page, base)
    plan = import_and_correct_plan(page, base)
    fill_commune_form(page, base, passwords["xa02"])
    fill_institution_form(page, base, passwords["baocao01"])

    # The officer sees it waiting on the home page and approves it in bulk.
    login(page, base, "tinh.ls", NEW_PASSWORD)
    page.locator("#work-awaiting").get_by_role("link", name="Xem và phê duyệt").click()
    page.locator("#all").check()
    screenshot(page, "province-7-approvals")
    page.once("dialog", lambda dialog: dialog.accept())  # "Phê duyệt N báo cáo đã chọn?"
    page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn").click()
    page.wait_for_selector("ul.messages li.success")
    year = str(timezone.localdate().year)
    submission = Submission.objects.get(org_unit=commune, data_set__code="LS_EXTRA", period=year)
    assert submission.state == Submission.State.APPROVED
    assert SubmissionEvent.objects.filter(submission=submission, action="approve", by__username="tinh.ls").exists()
    school_report = Submission.objects.get(
        org_unit=schools[0], period=period_for_date(timezone.localdate(), "semiannual").code)
    assert school_report.state == Submission.State.APPROVED
    assert SubmissionEvent.objects.filter(submission=school_report, action="approve", by__username="tinh.ls").exists()
    analytics_refresh()  # what the worker's store thread does within a second of the approval

    # The plan's dashboard shows the new indicator with the approved value.
    page.goto(f"{base}/dashboard/plans/{plan.pk}/")
    row = page.locator("tr", has_text=INDICATOR).first
    assert "260" in row.inner_text(), row.inner_text()
    screenshot(page, "province-8-dashboard")

    # The API, with a token the officer makes on the tokens page.
    page.goto(f"{base}/account/tokens/")
    page.locator("input[name=name]").fill("Kho dữ liệu tỉnh")
    page.locator('button[name="action"][value="create"]').click()
    token = page.locator("code.token").inner_text().strip()
    response = page.request.get(f"{base}/api/v1/plans/{plan.pk}/progress",
                                headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, response.text()
    body = response.text()
    assert INDICATOR in body or "LS.RURAL_TRAINED_FEMALE" in body, body[:2000]
    targets = [t for t in response.json()["targets"] if "LS.RURAL_TRAINED_FEMALE" in str(t)]
    assert len(targets) == 1 and "260" in str(targets[0]), targets

    # The DOCX report, a job the worker runs; the page polls until its download link appears.
    page.goto(f"{base}/reports/?plan={plan.pk}")
    page.get_by_label("Kỳ").fill(year)
    page.get_by_label("Định dạng").select_option("docx")
    page.get_by_role("button", name="Lập báo cáo").click()
    page.wait_for_selector("text=Đang chờ đến lượt")
    run_queued_jobs()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Tải về .*\.docx")).click()
    document = docx.Document(info.value.path())
    rows = [" | ".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    text = "\n".join([p.text for p in document.paragraphs] + rows)
    assert INDICATOR in text, text[:3000]
    assert any(INDICATOR in line and "260" in line for line in text.splitlines()), text[:3000]
    screenshot(page, "province-9-report")

    assert Indicator.objects.get(code="LS.RURAL_TRAINED_FEMALE").owner == world["province"]
    assert DataSet.objects.get(code="LS_EXTRA").members.get().section == "Phần A. Đào tạo nghề nông thôn"
    assert [u for u in requested if "/admin/" in u] == []
