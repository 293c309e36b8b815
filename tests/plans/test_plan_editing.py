"""A plan's owner edits it: header, targets, kinds, withdrawal and archiving, delivered duties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.indicators.models import Indicator
from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.models import Plan, PlanEvent, Target
from gdnn.plans.selectors import overdue_reports, plan_follows_duties, plans_similar, reporting_calendar
from gdnn.plans.services import plan_import_draft, plan_publish
from gdnn.plans.services.editing import (
    duty_delivered,
    plan_archive,
    plan_update_header,
    plan_withdraw,
    target_add,
    target_delete,
    target_mark_not_a_target,
)
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def officer(db):
    return user_with_role("tinh-ls", Role.PROVINCE_OFFICER, orgunit_get(code="20"))


@pytest.fixture
def far_officer(db):
    return user_with_role("tinh-tn", Role.PROVINCE_OFFICER, orgunit_get(code="19"))


def _draft(title: str | None = "None", text: str = "", targets: list | None = None, number: str = "12/KH-UBND") -> Plan:
    data = {"doc_number": number, "issuer": "UBND tỉnh Lạng Sơn", "title": title, "date": "2026-03-01",
            "level": "province", "targets": targets or []}
    return plan_import_draft(data=data, source_text=text, org_unit=orgunit_get(code="20"))


def test_the_owner_corrects_a_header_and_each_change_is_an_event(officer, far_officer):
    plan = _draft()
    plan_update_header(plan=plan, by=officer, issuer="UBND tỉnh Lạng Sơn", doc_number="12/KH-UBND",
                       issued_on=D(2026, 3, 2), title="Kế hoạch phát triển giáo dục nghề nghiệp 2026–2030")
    plan.refresh_from_db()
    assert plan.title.startswith("Kế hoạch phát triển") and plan.date_text == "2026-03-02"
    events = {(e.field, e.old, e.new, e.actor_id) for e in PlanEvent.objects.filter(plan=plan, action="edit")}
    assert ("title", "None", plan.title, officer.pk) in events
    assert ("issued_on", "2026-03-01", "2026-03-02", officer.pk) in events
    with pytest.raises(PermissionDenied):
        plan_update_header(plan=plan, by=far_officer, issuer="x", doc_number=None, issued_on=None, title="x")
    _draft(number="13/KH-UBND", text="khác hẳn")
    with pytest.raises(DomainError, match="Đã có kế hoạch số 13/KH-UBND"):
        plan_update_header(plan=plan, by=officer, issuer="UBND tỉnh Lạng Sơn", doc_number="13/KH-UBND",
                           issued_on=None, title="x")
    with pytest.raises(DomainError, match="trích yếu"):
        plan_update_header(plan=plan, by=officer, issuer="UBND tỉnh Lạng Sơn", doc_number=None, issued_on=None,
                           title="None")


def test_a_second_import_of_the_same_plan_is_refused_in_the_language_of_the_request(db):
    first = _draft(number="14/KH-UBND")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        _draft(number="14/KH-UBND", text="khác hẳn")
    assert str(refused.value) == f"UBND tỉnh Lạng Sơn already has a plan numbered 14/KH-UBND (#{first.pk})."


def test_a_unit_mismatch_is_refused_in_the_language_of_the_request(officer):
    plan = _draft()
    share = Indicator.objects.get(code="GDNN.TRAINED_WORKERS")
    assert share.unit == "percent" and share.name_en and share.name_en != share.name_vi
    with translation.override("en"), pytest.raises(DomainError) as refused:
        target_add(plan=plan, by=officer, indicator=share, year=2030, comparator="ge", value_min=Decimal(1500),
                   value_max=None, unit="persons", kind="period_total", start_year=2026)
    assert str(refused.value) == (
        f"The target's unit (persons) does not match indicator GDNN.TRAINED_WORKERS — {share.name_en} (unit: %). "
        "Choose an indicator in the same unit or add a new indicator to the catalogue.")
    assert not plan.targets.exists()


def test_a_target_is_added_by_hand_and_a_unit_mismatch_is_refused(officer):
    plan = _draft()
    share = Indicator.objects.get(code="GDNN.TRAINED_WORKERS")
    with pytest.raises(DomainError, match=r"không khớp chỉ số GDNN\.TRAINED_WORKERS"):
        target_add(plan=plan, by=officer, indicator=share, year=2030, comparator="ge", value_min=Decimal(1500),
                   value_max=None, unit="persons", kind="period_total", start_year=2026)
    count = Indicator.objects.filter(unit="persons").first()
    target = target_add(plan=plan, by=officer, indicator=count, year=2030, comparator="ge", value_min=Decimal(1500),
                        value_max=None, unit="persons", kind="period_total", start_year=2026,
                        text="1.500 người trong giai đoạn 2026–2030")
    assert (target.kind, target.start_year, target.review) == ("period_total", 2026, "corrected")
    assert PlanEvent.objects.filter(plan=plan, action="target_add").count() == 1


def test_an_imported_count_is_never_linked_to_a_percentage_indicator():
    plan = _draft(targets=[{"text": "1.500 người trong giai đoạn 2026–2030", "indicator": "GDNN.TRAINED_WORKERS",
                            "unit": "persons", "year": 2030, "comparator": "ge", "value_min": 1500,
                            "kind": "period_total", "start_year": 2026},
                           {"text": "30.000 người/năm", "indicator": None, "unit": "persons", "year": 2030,
                            "comparator": "ge", "value_min": 30000, "kind": "per_year"},
                           {"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS", "unit": "percent", "year": 2030,
                            "comparator": "ge", "value_min": 70}])
    first, second, third = plan.targets.order_by("order")
    assert first.indicator is None and any("không khớp" in w for w in plan.warnings)
    assert (first.kind, first.start_year) == ("period_total", 2026)
    assert (second.kind, third.kind) == ("per_year", "point")
    assert third.indicator.code == "GDNN.TRAINED_WORKERS"


def test_junk_targets_are_deleted_or_marked_and_the_plan_publishes(officer):
    plan = _draft(targets=[{"text": "rác", "unit": "other", "comparator": "eq", "value_min": 3},
                           {"text": "câu không phải chỉ tiêu", "unit": "other", "comparator": "eq", "value_min": 2},
                           {"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS", "unit": "percent", "year": 2030,
                            "comparator": "ge", "value_min": 70}])
    junk, statement, real = plan.targets.order_by("order")
    with pytest.raises(DomainError, match="chưa gắn chỉ số"):
        plan_publish(plan=plan, by=officer)
    target_delete(target=junk, by=officer, note="rác")
    target_mark_not_a_target(target=statement, by=officer)
    plan_publish(plan=Plan.objects.get(pk=plan.pk), by=officer)
    assert Plan.objects.get(pk=plan.pk).status == "published"
    deleted = PlanEvent.objects.get(plan=plan, action="target_delete")
    assert deleted.old["text"] == "rác" and deleted.actor == officer
    with pytest.raises(DomainError, match="đánh dấu"):
        target_delete(target=real, by=officer)


def test_withdraw_and_archive_leave_events_and_clear_the_calendar(officer, far_officer):
    plan = _draft(title="Kế hoạch", targets=[{"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS",
                                              "unit": "percent", "year": 2030, "comparator": "ge", "value_min": 70}])
    plan.reporting_duties.create(who="Sở GD&ĐT", frequency="annual", to="UBND tỉnh", order=0)
    plan_publish(plan=plan, by=officer)
    today = D(2027, 1, 10)
    assert overdue_reports(plans=Plan.objects.filter(pk=plan.pk), today=today)
    with pytest.raises(DomainError, match="lý do"):
        plan_withdraw(plan=plan, by=officer, note="")
    with pytest.raises(PermissionDenied):
        plan_withdraw(plan=plan, by=far_officer, note="nhầm")
    plan_withdraw(plan=plan, by=officer, note="Thay bằng kế hoạch 20/KH-UBND")
    assert not plan_follows_duties(plan=plan, today=today)
    assert overdue_reports(plans=Plan.objects.filter(pk=plan.pk), today=today) == []
    plan_archive(plan=plan, by=officer)
    with pytest.raises(DomainError, match="Không chuyển được"):
        plan_withdraw(plan=plan, by=officer, note="lại")
    assert [(e.action, e.old, e.new) for e in PlanEvent.objects.filter(plan=plan, field="status")] == [
        ("published", "draft", "published"), ("withdrawn", "published", "withdrawn"),
        ("archived", "withdrawn", "archived")]


def test_an_expired_plan_leaves_the_calendar():
    plan = _draft(title="Cũ", targets=[{"text": "đạt 50%", "indicator": "GDNN.TRAINED_WORKERS", "unit": "percent",
                                         "year": 2022, "comparator": "ge", "value_min": 50}])
    assert plan_follows_duties(plan=plan, today=D(2022, 6, 1))
    assert not plan_follows_duties(plan=plan, today=D(2023, 1, 5))


def test_a_delivered_duty_is_no_longer_overdue(officer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    plan = _draft(title="Kế hoạch", targets=[{"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS",
                                              "unit": "percent", "year": 2030, "comparator": "ge", "value_min": 70}])
    duty = plan.reporting_duties.create(who="Sở GD&ĐT", frequency="annual", to="UBND tỉnh", order=0)
    today = D(2027, 1, 10)
    assert [e.status for e in reporting_calendar(plan=plan, today=today) if e.report.period == "2026"] == ["overdue"]
    with pytest.raises(DomainError, match="số văn bản, đường dẫn hoặc tải tệp"):
        duty_delivered(duty=duty, by=officer, period="2026", delivered_on=D(2026, 12, 1))
    report = duty_delivered(duty=duty, by=officer, period="2026", delivered_on=D(2026, 12, 1),
                            reference="301/BC-SGDĐT", file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"))
    assert report.recorded_by == officer and report.file.read() == b"%PDF-1.4 test"
    entry = next(e for e in reporting_calendar(plan=plan, today=today) if e.report.period == "2026")
    assert (entry.status, entry.delivered_on) == ("delivered", D(2026, 12, 1))


def test_duplicates_are_found_on_content_under_another_number():
    text = ("Kế hoạch phát triển giáo dục nghề nghiệp tỉnh Lạng Sơn giai đoạn 2026–2030. Mục tiêu: tỷ lệ lao động "
            "qua đào tạo đạt 70% vào năm 2030; tuyển sinh mới 30.000 người mỗi năm; nâng cao chất lượng đào tạo.")
    first = _draft(title="A", text=text, number="12/KH-UBND")
    second = _draft(title="A", text=text.replace("70%", "72%"), number="99/KH-UBND")
    assert [p.pk for p, _ in plans_similar(text=second.source_text, org_unit=second.org_unit, exclude=second.pk)] == [
        first.pk]
    assert any(f"#{first.pk}" in w for w in second.warnings)
    third = _draft(title="B", text="Một văn bản hoàn toàn khác về chuyển đổi số trong trường học.", number="5/KH")
    assert not any("giống" in w for w in third.warnings)


def test_plan_editing_pages_refuse_other_scopes(client, officer, far_officer):
    plan = _draft(targets=[{"text": "rác", "unit": "other", "comparator": "eq", "value_min": 3}])
    target = plan.targets.get()
    assert client.login(username="tinh-tn", password=PASSWORD)
    for url in (f"/plans/{plan.pk}/edit/", f"/plans/{plan.pk}/targets/new/"):
        assert client.get(url).status_code == 404
    for url, data in ((f"/plans/{plan.pk}/status/", {"action": "withdraw", "note": "x"}),
                      (f"/plans/{plan.pk}/targets/{target.pk}/remove/", {}),
                      (f"/plans/{plan.pk}/duties/delivered/", {})):
        assert client.post(url, data).status_code == 404
    client.logout()
    user_with_role("xem-ls", Role.VIEWER, orgunit_get(code="20"))
    assert client.login(username="xem-ls", password=PASSWORD)
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/plans/{plan.pk}/targets/{target.pk}/remove/").status_code == 403
    assert Target.objects.filter(pk=target.pk).exists()
    client.logout()
    assert client.login(username="tinh-ls", password=PASSWORD)
    response = client.post(f"/plans/{plan.pk}/edit/", {"title": "Kế hoạch đã sửa", "issuer": "UBND tỉnh Lạng Sơn",
                                                       "doc_number": "12/KH-UBND", "issued_on": "01/03/2026",
                                                       "place": "Lạng Sơn", "org_unit": "20"})
    assert response.status_code == 302
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Kế hoạch đã sửa" in page and "Lịch sử thay đổi" in page
    client.post(f"/plans/{plan.pk}/targets/{target.pk}/remove/", {"action": "delete"})
    assert not Target.objects.filter(pk=target.pk).exists()


def test_a_duty_is_marked_delivered_through_the_plan_page(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    plan = _draft(title="Kế hoạch", targets=[{"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS",
                                              "unit": "percent", "year": 2030, "comparator": "ge", "value_min": 70}])
    duty = plan.reporting_duties.create(who="Sở GD&ĐT", frequency="annual", to="UBND tỉnh", order=0)
    assert client.login(username="tinh-ls", password=PASSWORD)
    assert "Ghi nhận báo cáo đã gửi" in client.get(f"/plans/{plan.pk}/").content.decode()
    response = client.post(f"/plans/{plan.pk}/duties/delivered/", {
        "duty": duty.pk, "period": "2026", "delivered_on": "01/12/2026", "link": "https://vanban.langson.gov.vn/301"})
    assert response.status_code == 302
    report = duty.reports.get()
    assert (report.period, report.link, report.recorded_by) == ("2026", "https://vanban.langson.gov.vn/301", officer)
    assert PlanEvent.objects.filter(plan=plan, action="duty_delivered", actor=officer).exists()


def test_without_a_kind_from_the_parser_the_sentence_decides():
    def kind_of(text, unit="persons", **extra):
        plan = _draft(number=None, targets=[{"text": text, "unit": unit, "year": 2030, "comparator": "ge",
                                             "value_min": 1, **extra}])
        target = plan.targets.get()
        return target.kind, target.start_year

    assert kind_of("Tuyển sinh 30.000 người/năm") == ("per_year", 2030)
    assert kind_of("Hằng năm đào tạo nghề cho 5.000 lao động nông thôn") == ("per_year", 2030)
    assert kind_of("Đào tạo 1.500 người trong giai đoạn 2026–2030") == ("period_total", 2026)
    assert kind_of("Tỷ lệ lao động qua đào tạo đạt 70% trong giai đoạn 2026–2030", unit="percent") == ("point", None)
    assert kind_of("Đến năm 2030 có 20 trường chất lượng cao") == ("point", None)
    assert kind_of("Tuyển sinh 30.000 người/năm", kind="point") == ("point", None)  # the parser's word wins


def test_the_calendar_page_drops_a_withdrawn_plan(client, officer):
    plan = _draft(title="Kế hoạch", number="44/KH-UBND", targets=[
        {"text": "đạt 70%", "indicator": "GDNN.TRAINED_WORKERS", "unit": "percent", "year": 2030,
         "comparator": "ge", "value_min": 70}])
    plan.reporting_duties.create(who="Sở GD&ĐT", frequency="6-monthly", to="UBND tỉnh", order=0)
    plan_publish(plan=plan, by=officer)
    assert client.login(username="tinh-ls", password=PASSWORD)
    assert "44/KH-UBND" in client.get("/plans/calendar/").content.decode()
    client.post(f"/plans/{plan.pk}/status/", {"action": "withdraw", "note": "Ban hành nhầm"})
    assert Plan.objects.get(pk=plan.pk).status == "withdrawn"
    assert "44/KH-UBND" not in client.get("/plans/calendar/").content.decode()
