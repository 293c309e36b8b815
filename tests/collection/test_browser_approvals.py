"""The bulk approvals page in real Chromium: approving or returning the ticked reports asks first and
names how many; "Cancel" moves nothing; a return without a reason is stopped at the comment box."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.models import Submission
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get
from gdnn.collection.services.datasets import dataset_sync
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_submit
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import login
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submitted(code, commune, data_set, half):
    school = OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code=code, name=f"Trường Cao đẳng {code}", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    reporter = user_with_role(f"bc-{code.lower()}", Role.INSTITUTION_REPORTER, school)
    datavalue_set(data_set=data_set, org_unit=school, period=half, element="MANAGERS", key="", raw="3",
                  by=reporter, channel="web")
    s = Submission.objects.get(data_set=data_set, org_unit=school, period=half.code)
    return submission_submit(submission=s, by=reporter)


def test_bulk_approve_and_return_ask_first_with_the_count(live_server, page):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    data_set, half = dataset_get(code="INST_SEMIANNUAL"), period_for_date(timezone.localdate(), "semiannual")
    reports = [submitted(code, commune, data_set, half) for code in ("CD-BA-01", "CD-BA-02", "CD-BA-03")]
    user_with_role("duyetloat", Role.PROVINCE_OFFICER, province)
    login(page, live_server.url, "duyetloat")
    page.goto(f"{live_server.url}/data/approvals/")
    asked: list[str] = []
    answer = {"accept": False}

    def on_dialog(dialog):
        asked.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.get_by_label("Trường Cao đẳng CD-BA-01").check()
    page.get_by_label("Trường Cao đẳng CD-BA-02").check()

    # Approve, then "Cancel": asked with the count, nothing moves.
    page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn").click()
    expect(page.get_by_role("button", name="Phê duyệt các báo cáo đã chọn")).to_be_enabled()
    assert asked and "Phê duyệt 2 báo cáo đã chọn?" in asked[-1]
    assert set(Submission.objects.values_list("state", flat=True)) == {"submitted"}

    # Return without a reason: stopped at the comment box, before any question or request.
    asked.clear()
    page.get_by_role("button", name="Trả lại các báo cáo đã chọn").click()
    comment = page.get_by_label("Ghi chú (bắt buộc khi trả lại)")
    expect(comment).to_be_focused()
    assert asked == [] and set(Submission.objects.values_list("state", flat=True)) == {"submitted"}

    # With a reason and a yes: the two ticked reports are returned, the third stays.
    comment.fill("Thiếu số học sinh nữ.")
    answer["accept"] = True
    page.get_by_role("button", name="Trả lại các báo cáo đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lại 2 báo cáo.")
    assert "Trả lại 2 báo cáo đã chọn" in asked[-1]
    states = {s.org_unit.code: s.state for s in Submission.objects.select_related("org_unit")}
    assert states == {reports[0].org_unit.code: "returned", reports[1].org_unit.code: "returned",
                      reports[2].org_unit.code: "submitted"}
