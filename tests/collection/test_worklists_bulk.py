"""Worklists, bulk approval and return, notices and reminders: each report moves through the workflow
services (an event each), a refused one stops them all, and the reporters are told."""

import datetime as dt

import pytest

from gdnn.collection.models import Submission, SubmissionEvent
from gdnn.collection.selectors import dataset_window
from gdnn.collection.services.reminders import reminders_send
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_submit, submissions_bulk
from gdnn.collection.worklists import awaiting_approval, forms_to_fill, returned_to
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.notifications.models import Notification
from tests.collection.conftest import make_institution
from tests.factories import PASSWORD, user_with_role
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


def submitted(world, school, reporter):
    datavalue_set(data_set=world.inst, org_unit=school, period=world.half, element="MANAGERS",
                  key="", raw="3", by=reporter, channel="web")
    s = Submission.objects.get(data_set=world.inst, org_unit=school, period=world.half.code)
    return submission_submit(submission=s, by=reporter)


@pytest.fixture
def reports(world):
    from gdnn.accounts.models import Role

    own = [submitted(world, world.school, world.reporter)]
    for i in range(2):
        school = make_institution(f"CD-LS-1{i}", world.commune)
        own.append(submitted(world, school, user_with_role(f"bc{i}", Role.INSTITUTION_REPORTER, school)))
    far = submitted(world, world.far_school, world.far_reporter)
    return own, far


def test_an_officer_bulk_approves_with_an_event_and_a_notice_each(world, reports, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    own, _ = reports
    world.reporter.email = "bc@example.vn"
    world.reporter.save()
    assert {s.pk for s in awaiting_approval(user=world.officer)} == {s.pk for s in own}
    assert Notification.objects.filter(kind="awaiting", user=world.officer).count() == 3  # told on each submit
    assert Notification.objects.filter(kind="awaiting", user=world.far_officer).count() == 1
    assert not Notification.objects.filter(kind="awaiting", user=world.admin).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = submissions_bulk(submission_ids=[s.pk for s in own], action="approve", by=world.officer)
    assert {s.state for s in done} == {Submission.State.APPROVED}
    assert SubmissionEvent.objects.filter(action="approve", by=world.officer).count() == 3
    assert Notification.objects.filter(kind="approved", user=world.reporter).count() == 1
    assert mailoutbox == []  # e-mails are the worker's jobs, sent after the approval's request
    run_queued_jobs()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bc@example.vn"]


def test_bulk_approval_including_another_provinces_report_moves_none(world, reports):
    own, far = reports
    with pytest.raises(PermissionDenied):
        submissions_bulk(submission_ids=[s.pk for s in own] + [far.pk], action="approve", by=world.officer)
    assert set(Submission.objects.values_list("state", flat=True)) == {Submission.State.SUBMITTED}
    assert not SubmissionEvent.objects.filter(action="approve").exists()
    assert far.pk not in {s.pk for s in awaiting_approval(user=world.officer)}


def test_bulk_return_needs_one_comment_and_puts_it_on_top_of_the_reporters_list(world, reports):
    own, _ = reports
    with pytest.raises(DomainError):
        submissions_bulk(submission_ids=[s.pk for s in own], action="return", by=world.officer, comment=" ")
    submissions_bulk(submission_ids=[s.pk for s in own], action="return", by=world.officer,
                     comment="Thiếu số học sinh nữ.")
    returned = returned_to(user=world.reporter)
    assert [r.comment for r in returned] == ["Thiếu số học sinh nữ."]
    assert Notification.objects.get(user=world.reporter, kind="returned").text.endswith("Thiếu số học sinh nữ.")
    due = forms_to_fill(user=world.reporter, today=world.half.end)
    assert [f.state for f in due if f.data_set == world.inst] == ["returned"]


def test_the_bulk_page_refuses_another_provinces_report_and_changes_nothing(client, world, reports):
    own, far = reports
    assert client.login(username="canbo", password=PASSWORD)
    page = client.get("/data/approvals/").content.decode()
    assert all(f'value="{s.pk}"' in page for s in own) and f'value="{far.pk}"' not in page
    response = client.post("/data/approvals/", {"ids": [own[0].pk, far.pk], "action": "approve"})
    assert response.status_code == 403
    assert not SubmissionEvent.objects.filter(action="approve").exists()
    response = client.post("/data/approvals/", {"ids": [s.pk for s in own], "action": "approve"})
    assert response.status_code == 302
    assert SubmissionEvent.objects.filter(action="approve").count() == 3
    for junk in ({"ids": ["x"], "action": "approve"}, {"ids": ["99999999"], "action": "return"},
                 {"action": "delete"}, {}):
        assert client.post("/data/approvals/", junk).status_code == 302
    assert client.get("/data/approvals/", {"dataset": "\x00", "period": "zz"}).status_code == 200


def test_the_home_page_shows_each_role_what_needs_them(client, world, reports):
    own, _ = reports
    submissions_bulk(submission_ids=[own[0].pk], action="return", by=world.officer, comment="Sửa dòng 3.")
    assert client.login(username="canbo", password=PASSWORD)
    page = client.get("/").content.decode()
    assert 'id="work-awaiting"' in page
    client.logout()
    assert client.login(username="baocao", password=PASSWORD)
    page = client.get("/").content.decode()
    assert 'id="work-returned"' in page and "Sửa dòng 3." in page
    entry = client.get(f"/data/INST_SEMIANNUAL/{world.school.code}/{world.half.code}/").content.decode()
    assert "data-returned" in entry and "Sửa dòng 3." in entry


def test_reminders_go_once_before_and_once_after_the_deadline(world):
    _, closes = dataset_window(data_set=world.inst, period=world.half)
    first = reminders_send(on=closes - dt.timedelta(days=3))
    assert first.due_soon >= 2  # the reporters of Lạng Sơn's and Thái Nguyên's schools
    assert reminders_send(on=closes - dt.timedelta(days=2)).sent == 0  # already told
    users = set(Notification.objects.filter(kind="due_soon").values_list("user__username", flat=True))
    assert {"baocao", "baocao-xa"} <= users
    after = reminders_send(on=closes + dt.timedelta(days=1))
    assert after.overdue >= 2 and reminders_send(on=closes + dt.timedelta(days=2)).overdue == 0


def test_a_submitted_report_gets_no_reminder(world, reports):
    _, closes = dataset_window(data_set=world.inst, period=world.half)
    reminders_send(on=closes - dt.timedelta(days=1))
    assert not Notification.objects.filter(user=world.reporter, kind="due_soon").exists()


def test_gdnn_remind_runs_from_the_command_line(world, capsys):
    from gdnn.cli import cmd_remind

    _, closes = dataset_window(data_set=world.inst, period=world.half)
    assert cmd_remind(type("A", (), {"on": closes - dt.timedelta(days=1)})(), []) == 0
    assert "nhắc nhở" in capsys.readouterr().out


def test_notifications_page_marks_read_and_the_bell_counts(client, world, reports):
    own, _ = reports
    submissions_bulk(submission_ids=[own[0].pk], action="approve", by=world.officer)
    assert client.login(username="baocao", password=PASSWORD)
    assert 'data-unread="1"' in client.get("/").content.decode()
    n = Notification.objects.get(user=world.reporter)
    other = Notification.objects.create(user=world.far_reporter, kind="account", text="x")
    client.post("/notifications/read/", {"id": other.pk})  # someone else's: ignored
    other.refresh_from_db()
    assert other.read_at is None
    response = client.post("/notifications/read/", {"id": n.pk})
    assert response.status_code == 302 and response["Location"].startswith("/data/")
    assert 'data-unread="0"' in client.get("/notifications/").content.decode()
    assert client.post("/notifications/read/", {"id": "abc"}).status_code == 302


def test_a_bulk_refusal_names_the_form_and_period_in_the_pages_language(world, reports):
    from django.utils import translation

    own, _ = reports
    with pytest.raises(DomainError) as refused:
        submissions_bulk(submission_ids=[s.pk for s in own], action="return", by=world.officer, comment="")
    text = str(refused.value)
    assert world.inst.name_vi in text and world.half.label_vi in text and "INST_SEMIANNUAL" not in text
    with translation.override("en"), pytest.raises(DomainError) as refused:
        submissions_bulk(submission_ids=[s.pk for s in own], action="return", by=world.officer, comment="")
    text = str(refused.value)
    assert world.inst.name_en in text and world.half.label_en in text and "INST_SEMIANNUAL" not in text
    assert text.endswith("No report was changed.")


def test_an_unsent_draft_past_its_deadline_stays_due_until_it_is_sent(client, world):
    from django.utils import timezone

    from gdnn.collection.services.values import submission_get_or_create

    today = timezone.localdate()
    old = world.half.previous().previous().previous()  # closed well over 90 days ago, not a recent period
    nothing = world.half.previous().previous()  # closed long ago with nothing entered: dropped
    draft = submission_get_or_create(data_set=world.inst, org_unit=world.school, period=old)
    due = {(f.data_set.code, f.period.code): f for f in forms_to_fill(user=world.reporter, today=today)}
    assert due[("INST_SEMIANNUAL", old.code)].overdue and due[("INST_SEMIANNUAL", old.code)].state == "draft"
    assert ("INST_SEMIANNUAL", nothing.code) not in due
    assert client.login(username="baocao", password=PASSWORD)
    home = client.get("/").content.decode()
    assert f"/data/INST_SEMIANNUAL/{world.school.code}/{old.code}/" in home

    # Not for a period that ended before the unit existed.
    type(world.school).objects.filter(pk=world.school.pk).update(valid_from=old.end + dt.timedelta(days=1))
    fresh = type(world.reporter).objects.get(pk=world.reporter.pk)  # its units are cached on the user
    due = {(f.data_set.code, f.period.code) for f in forms_to_fill(user=fresh, today=today)}
    assert ("INST_SEMIANNUAL", old.code) not in due and ("INST_SEMIANNUAL", world.half.code) in due
    type(world.school).objects.filter(pk=world.school.pk).update(valid_from=None)

    # Sent: off the list.
    Submission.objects.filter(pk=draft.pk).update(state=Submission.State.SUBMITTED)
    due = {(f.data_set.code, f.period.code) for f in forms_to_fill(user=world.reporter, today=today)}
    assert ("INST_SEMIANNUAL", old.code) not in due
