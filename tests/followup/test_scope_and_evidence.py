"""Each agency sees and edits only its own task reports; evidence files are checked and served only
to those who may see the report; the workflow refuses what the data reports' workflow refuses."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.followup.models import TaskEvidence, TaskReport, TaskReportEvent
from gdnn.followup.selectors import my_task_reports, reports_to_review
from gdnn.followup.services import (
    ReportContent,
    evidence_add,
    taskreport_approve,
    taskreport_return,
    taskreport_save,
    taskreport_submit,
)
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role
from tests.followup.conftest import ON, report_of, user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _client(client, username):
    client.login(username=username, password=PASSWORD)
    return client


def _set_password(*usernames):
    for name in usernames:
        u = user(name)
        u.set_password(PASSWORD)
        u.save()


def test_an_agency_lists_sees_and_edits_only_its_own_task_reports(followed, client):
    plan, _ = followed
    _set_password("sotc.langson")
    finance, education = report_of(plan, "so-tai-chinh"), report_of(plan, "so-gddt")
    rows = my_task_reports(user=user("sotc.langson"), today=ON)
    assert rows and {r.assignment.agency.code for r in rows} == {"so-tai-chinh"}
    c = _client(client, "sotc.langson")
    assert c.get(reverse("followup:report", args=[finance.pk])).status_code == 200
    assert c.get(reverse("followup:report", args=[education.pk])).status_code == 404
    returned = report_of(plan, "so-nn-mt")
    before = returned.done_html
    response = c.post(reverse("followup:report", args=[returned.pk]), {"progress": "done", "done": "Sửa trộm"})
    assert response.status_code == 404
    returned.refresh_from_db()
    assert returned.done_html == before
    with pytest.raises(PermissionDenied):
        taskreport_save(report=returned, by=user("sotc.langson"), content=ReportContent(progress="done", done="x"))
    # nor may it review: that is the lead agency's (Sở GD&ĐT) work
    submitted = report_of(plan, "dan-toc")
    assert reports_to_review(user=user("sotc.langson")) == []
    assert [r.pk for r in reports_to_review(user=user("sogddt.langson"))] == [submitted.pk]
    with pytest.raises(PermissionDenied):
        taskreport_approve(report=submitted, by=user("sotc.langson"))
    # a province officer with no agency reports on nothing and edits nothing; a sent report, he reads
    officer = user_with_role("canbo.khac", Role.PROVINCE_OFFICER, orgunit_get(code="20", on=ON))
    assert my_task_reports(user=officer, today=ON) == []
    client.logout()
    other = _client(client, "canbo.khac")
    assert other.get(reverse("followup:report", args=[finance.pk])).status_code == 200
    before = returned.done_html
    assert other.post(reverse("followup:report", args=[returned.pk]),
                      {"progress": "done", "done": "Sửa trộm"}).status_code in (403, 404)
    returned.refresh_from_db()
    assert returned.done_html == before


def test_fix_and_resubmit_a_returned_report_then_accept_it_with_events(followed):
    plan, _ = followed
    report = report_of(plan, "so-nn-mt")
    assert report.state == TaskReport.State.RETURNED
    owner, lead = user("sonnmt.langson"), user("sogddt.langson")
    with pytest.raises(DomainError, match="lý do"):
        taskreport_return(report=report, by=lead, comment="")  # also: it is not submitted
    taskreport_save(report=report, by=owner, content=ReportContent(
        progress="in_progress", done="Đào tạo nghề cho 1.250 lao động nông thôn. <script>alert(1)</script>",
        documents=({"number": "88/KH-SNNMT", "date": "2025-04-02", "excerpt": "đào tạo nghề nông nghiệp"},)))
    report.refresh_from_db()
    assert "<script>" not in report.done_html and "1.250 lao động" in report.done_html
    with pytest.raises(DomainError, match="chấp nhận"):
        taskreport_approve(report=report, by=lead)  # not submitted yet
    taskreport_submit(report=report, by=owner)
    taskreport_approve(report=report, by=lead)
    actions = list(TaskReportEvent.objects.filter(report=report).values_list("action", "to_state"))
    assert actions[-3:] == [("edit", "returned"), ("submit", "submitted"), ("approve", "approved")]
    with pytest.raises(DomainError, match="không sửa được"):
        taskreport_save(report=report, by=owner, content=ReportContent(progress="done", done="x"))


def test_a_document_with_a_bad_date_is_refused_naming_its_row(followed):
    plan, _ = followed
    report = report_of(plan, "so-nn-mt")
    with pytest.raises(DomainError, match="Văn bản dòng 2: ngày “31/02/2025” không hợp lệ"):
        taskreport_save(report=report, by=user("sonnmt.langson"), content=ReportContent(
            progress="done", done="x", documents=({"number": "1/KH"}, {"number": "2/KH", "date": "31/02/2025"})))


def test_a_followup_refusal_speaks_the_language_of_the_reader(followed, client):
    plan, _ = followed
    report = report_of(plan, "so-nn-mt")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        taskreport_save(report=report, by=user("sonnmt.langson"), content=ReportContent(
            progress="done", done="x", documents=({"number": "1/KH"}, {"number": "2/KH", "date": "31/02/2025"})))
    assert str(refused.value) == "Document row 2: the date “31/02/2025” is not valid."
    _set_password("sonnmt.langson")
    c = _client(client, "sonnmt.langson")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.post(reverse("followup:evidence-upload", args=[report.pk]),
                  {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}, follow=True).content.decode()
    assert ("File “virus.exe”: files of type “.exe” are not accepted; only PDF, Word (.docx), Excel (.xlsx), "
            "JPG or PNG images are accepted.") in page
    assert "không được nhận" not in page


def test_evidence_is_served_only_to_the_agency_and_the_lead(followed, client):
    plan, _ = followed
    _set_password("sonnmt.langson", "sogddt.langson", "sotc.langson")
    report = report_of(plan, "so-nn-mt")
    c = _client(client, "sonnmt.langson")
    response = c.post(reverse("followup:evidence-upload", args=[report.pk]),
                      {"file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    evidence = TaskEvidence.objects.get(report=report)
    assert evidence.file.path.startswith(str(evidence.file.storage.location))  # under MEDIA_ROOT
    url = reverse("followup:evidence", args=[evidence.pk])
    got = c.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Disposition"].startswith("attachment")
    client.logout()
    assert _client(client, "sogddt.langson").get(url).status_code == 200  # the lead reviews it
    client.logout()
    assert _client(client, "sotc.langson").get(url).status_code == 404  # another agency
    client.logout()
    assert client.get(url).status_code == 302  # not signed in: to the login page


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "loại tệp “.exe” không được nhận"),
    ("bao-cao.pdf", b"<html>not a pdf</html>", "Tệp “bao-cao.pdf” không đúng định dạng .pdf"),
    ("trong.pdf", b"", "Tệp “trong.pdf” rỗng"),
])
def test_a_bad_attachment_is_refused_with_a_message_naming_the_file(followed, client, name, content, message):
    plan, _ = followed
    _set_password("sonnmt.langson")
    report = report_of(plan, "so-nn-mt")
    c = _client(client, "sonnmt.langson")
    response = c.post(reverse("followup:evidence-upload", args=[report.pk]),
                      {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TaskEvidence.objects.filter(report=report).exists()


def test_a_too_large_attachment_is_refused_with_its_size_and_the_limit(followed, settings, client):
    plan, _ = followed
    settings.GDNN_UPLOAD_MAX_BYTES = 1024 * 1024
    _set_password("sonnmt.langson")
    report = report_of(plan, "so-nn-mt")
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(DomainError, match=re.escape("Tệp “lon.pdf” quá lớn")):
        evidence_add(report=report, by=user("sonnmt.langson"), name="lon.pdf", size=len(big), stream=io.BytesIO(big))
    response = _client(client, "sonnmt.langson").post(
        reverse("followup:evidence-upload", args=[report.pk]), {"file": SimpleUploadedFile("lon.pdf", big)},
        follow=True)
    assert "Tệp “lon.pdf” quá lớn (1.0 MB); giới hạn là 1 MB." in response.content.decode()
    assert not TaskEvidence.objects.exists()


def test_evidence_cannot_be_added_to_a_submitted_report_or_by_another_agency(followed):
    plan, _ = followed
    submitted = report_of(plan, "dan-toc")
    with pytest.raises(DomainError, match="đã gửi"):
        evidence_add(report=submitted, by=user("dantoc.langson"), name="a.pdf", size=len(PDF), stream=io.BytesIO(PDF))
    with pytest.raises(PermissionDenied):
        evidence_add(report=report_of(plan, "so-nn-mt"), by=user("dantoc.langson"), name="a.pdf", size=len(PDF),
                     stream=io.BytesIO(PDF))
