"""Approve, return and reopen are confirmed in a dialog that says what they do; the server refuses
them without the confirmation (and a return without its reason), changing nothing."""

import pytest
from django.conf import settings

from gdnn.collection.models import Submission, SubmissionEvent
from gdnn.collection.selectors import form_structure
from tests.collection.test_views_http import login, post_cell, url

pytestmark = pytest.mark.django_db


def move(client, world, action, **extra):
    return client.post(url(world, suffix="transition/"), {"action": action, "state": "", **extra}, follow=True)


@pytest.fixture
def submitted(client, world):
    login(client, world.reporter)
    post_cell(client, world, "40")
    move(client, world, "submit")
    assert Submission.objects.get().state == "submitted"
    client.logout()
    return Submission.objects.get()


def test_the_approve_dialog_names_the_report_and_counts_its_empty_cells(client, world, submitted):
    page = login(client, world.officer).get(url(world)).content.decode()
    dialog = page[page.index('id="approve-dialog"'):page.index("</dialog>", page.index('id="approve-dialog"'))]
    assert world.school.name in dialog and world.half.code in dialog
    cells = len(form_structure(data_set=world.inst, period=world.half).cells())
    assert f"Còn {cells - 1} trên {cells} ô để trống." in dialog
    assert 'name="confirmed" value="1"' in dialog
    assert 'id="return-dialog"' in page and 'id="id_return_comment" name="comment" rows="3" required' in page
    assert 'id="reopen-dialog"' not in page  # an officer does not reopen


def test_without_the_confirmation_nothing_moves(client, world, submitted):
    login(client, world.officer)
    events = SubmissionEvent.objects.count()
    page = move(client, world, "approve").content.decode()
    assert "Báo cáo chưa được phê duyệt" in page
    page = move(client, world, "return", comment="Thiếu số liệu").content.decode()
    assert "Báo cáo chưa được trả lại" in page
    assert Submission.objects.get().state == "submitted" and SubmissionEvent.objects.count() == events


def test_a_return_needs_its_reason_then_goes(client, world, submitted):
    login(client, world.officer)
    page = move(client, world, "return", confirmed="1", comment="  ").content.decode()
    assert "Khi trả lại báo cáo cần ghi rõ lý do." in page
    assert Submission.objects.get().state == "submitted"
    move(client, world, "return", confirmed="1", comment="Thiếu số liệu nữ")
    assert Submission.objects.get().state == "returned"
    assert SubmissionEvent.objects.filter(action="return").get().comment == "Thiếu số liệu nữ"


def test_approve_and_reopen_go_once_confirmed(client, world, submitted):
    login(client, world.officer)
    move(client, world, "approve", confirmed="1")
    assert Submission.objects.get().state == "approved"
    client.logout()
    login(client, world.admin)
    page = client.get(url(world)).content.decode()
    assert 'id="reopen-dialog"' in page and "mở khóa báo cáo đã phê duyệt" in page
    assert "Báo cáo chưa được mở lại" in move(client, world, "reopen").content.decode()
    assert Submission.objects.get().state == "approved"
    move(client, world, "reopen", confirmed="1")
    assert Submission.objects.get().state == "draft"


def test_someone_who_may_not_approve_gets_403_confirmed_or_not(client, world, submitted):
    login(client, world.reporter)
    assert move(client, world, "approve").status_code == 403
    assert move(client, world, "approve", confirmed="1").status_code == 403
    assert Submission.objects.get().state == "submitted"


def test_the_dialogs_speak_english_on_an_english_page(client, world, submitted):
    login(client, world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(world)).content.decode()
    assert "You are about to approve the report" in page and "Reason for returning (required)" in page
    assert "The report has not been approved" in move(client, world, "approve").content.decode()
