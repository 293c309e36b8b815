"""In real Chromium: an agency's officer fills and submits a task report, the lead returns it with a
comment, it is fixed and accepted, and the compiled report (the page and the generator) follows.

Transactional tests flush the database afterwards, so the fixture builds its own small world.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.followup.models import TaskAssignment
from gdnn.followup.services import agency_member_add, assignments_sync
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Agency, Assignment, Plan
from gdnn.plans.services import agency_register_sync
from gdnn.reports.generator import report_data
from tests.browser import login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIRST = "Bố trí 12 tỷ đồng cho các cơ sở giáo dục nghề nghiệp công lập."
FIXED = "Bố trí 15 tỷ đồng cho 6 cơ sở giáo dục nghề nghiệp công lập, giải ngân 92%."
EDITED = "Sở Tài chính đã bố trí 15 tỷ đồng (đoạn do cơ quan chủ trì biên tập)."


@pytest.fixture
def world(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.MEDIA_ROOT = tmp_path / "media"
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    plan = Plan.objects.create(doc_number="141/KH-UBND", issuer="UBND tỉnh Lạng Sơn", level=Plan.Level.PROVINCE,
                               title="Kế hoạch thực hiện Chiến lược phát triển GDNN", org_unit=province,
                               issued_on=dt.date(2022, 6, 15), status=Plan.Status.PUBLISHED)
    Assignment.objects.create(plan=plan, order=1, agency_name="Sở Giáo dục và Đào tạo", role="lead",
                              agency=Agency.objects.get(code="so-gddt"), duties="Chủ trì triển khai Kế hoạch.")
    Assignment.objects.create(plan=plan, order=2, agency_name="Sở Tài chính", role="lead",
                              agency=Agency.objects.get(code="so-tai-chinh"),
                              duties="Tham mưu bố trí kinh phí triển khai thực hiện Kế hoạch.")
    assignments_sync(plan=plan, by=None)
    for username, code in (("lanhdao", "so-gddt"), ("taichinh", "so-tai-chinh")):
        u = user_with_role(username, Role.PROVINCE_OFFICER, province)
        agency_member_add(user=u, agency=Agency.objects.get(code=code), org_unit=province, by=None)
    return plan, province


def _state(page, state):
    expect(page.locator("#report-state")).to_have_attribute("data-state", state)


def test_fill_submit_return_fix_accept_and_the_compiled_report_follows(live_server, page, world):
    plan, province = world
    base, period = live_server.url, str(timezone.localdate().year)
    finance = TaskAssignment.objects.get(plan=plan, agency__code="so-tai-chinh")
    compile_url = f"{base}/followup/plans/{plan.pk}/compile/{period}/"

    login(page, base, "taichinh")
    page.goto(f"{base}/followup/fill/{finance.pk}/{period}/")
    page.get_by_label("Tình hình thực hiện").select_option("in_progress")
    page.get_by_label("Kết quả thực hiện").fill(FIRST)
    page.get_by_label("Khó khăn, vướng mắc").fill("Nguồn thu ngân sách giảm.")
    page.get_by_role("button", name="Lưu và gửi").click()
    _state(page, "submitted")
    # another agency's report is not there for it to see
    lead_report = page.goto(f"{base}/followup/fill/{TaskAssignment.objects.get(plan=plan, source__order=1).pk}/{period}/")
    assert lead_report is not None and lead_report.status == 404

    login(page, base, "lanhdao")
    page.goto(f"{base}/followup/review/")
    item = page.locator(".review-item", has_text="Sở Tài chính")
    item.get_by_label("Nhận xét (bắt buộc khi trả lại)").fill("Đề nghị bổ sung số cơ sở và tỷ lệ giải ngân.")
    item.get_by_role("button", name="Trả lại").click()
    expect(page.locator("#review-empty")).to_be_visible()
    page.goto(compile_url)
    expect(page.locator("#not-reported")).to_contain_text("Sở Tài chính (bị trả lại, chưa gửi lại)")
    expect(page.locator("#section-tasks")).not_to_contain_text("12 tỷ đồng")

    login(page, base, "taichinh")
    page.goto(f"{base}/followup/fill/{finance.pk}/{period}/")  # the report exists: its page
    _state(page, "returned")
    expect(page.locator("#returned-comment")).to_contain_text("bổ sung số cơ sở và tỷ lệ giải ngân")
    page.get_by_label("Kết quả thực hiện").fill(FIXED)
    page.get_by_role("button", name="Lưu và gửi").click()
    _state(page, "submitted")

    login(page, base, "lanhdao")
    page.goto(f"{base}/followup/review/")
    page.locator(".review-item", has_text="Sở Tài chính").get_by_role("button", name="Chấp nhận").click()
    expect(page.locator("#review-empty")).to_be_visible()
    page.goto(compile_url)
    expect(page.locator("#section-tasks textarea")).to_have_value(f"Tình hình: đang triển khai. {FIXED}")
    expect(page.locator("#section-difficulties textarea")).to_have_value("Nguồn thu ngân sách giảm.")
    expect(page.locator("#not-reported")).not_to_contain_text("Sở Tài chính")
    expect(page.locator("#not-reported")).to_contain_text("Sở Giáo dục và Đào tạo")
    data = report_data(plan=plan, org_unit=province, period=period)
    finance_line = next(a for a in data.agencies if a.name == "Sở Tài chính")
    assert finance_line.results == (f"Sở Tài chính: Tình hình: đang triển khai. {FIXED}",)

    # the lead edits the paragraph; the generator uses the edited text
    page.locator("#section-tasks textarea").fill(EDITED)
    page.get_by_role("button", name="Lưu nội dung tổng hợp").click()
    expect(page.locator("#section-tasks")).to_contain_text("đã sửa")
    screenshot(page, "followup-compile")
    data = report_data(plan=plan, org_unit=province, period=period)
    finance_line = next(a for a in data.agencies if a.name == "Sở Tài chính")
    assert finance_line.results == (f"Sở Tài chính: {EDITED}",)
    assert data.not_reported == ["Sở Giáo dục và Đào tạo"]
