import io
from urllib.parse import unquote

import docx
import pytest

from gdnn.accounts.models import Role
from gdnn.jobs.models import Job
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.models import Plan
from tests.factories import PASSWORD, user_with_role
from tests.jobs.helpers import run_queued_jobs
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


def login(client, role, unit):
    name = f"u-{role}-{unit.code if unit else 'vn'}"
    user_with_role(name, role, unit)
    assert client.login(username=name, password=PASSWORD)


def test_the_page_needs_a_login(client):
    response = client.get("/reports/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def _request(client, form, capture) -> Job:
    with capture(execute=True):  # the task is queued when the request's transaction commits
        response = client.post("/reports/", form)
    assert response.status_code == 302, response.content.decode()[:500]
    job = Job.objects.get(pk=int(response["Location"].split("job=")[1].split("&")[0]))
    assert job.status == Job.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'id="report-submit" disabled' in page and "Đang chờ đến lượt" in page  # the button waits for the job
    return job


def test_a_province_officer_sees_the_plan_and_downloads_the_docx(client, seeded,
                                                                 django_capture_on_commit_callbacks):
    plan, province, _ = seeded
    login(client, Role.PROVINCE_OFFICER, province)
    page = client.get(f"/reports/?plan={plan.pk}").content.decode()
    assert "141/KH-UBND" in page and "Lập báo cáo" in page
    assert f'<option value="{plan.pk}" selected>' in page and 'name="org_unit" value="20"' in page
    job = _request(client, {"plan": plan.pk, "org_unit": "", "period": "2025", "format": "docx"},
                   django_capture_on_commit_callbacks)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    status = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert 'data-status="done"' in status and "hx-trigger" not in status  # polling stops
    assert 'id="report-submit" hx-swap-oob="true">' in status  # the report page's button comes back
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;") and "bao-cao_141-KH-UBND_Lang-Son_2025.docx" in disposition
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]


def test_the_xlsx_download(client, seeded, django_capture_on_commit_callbacks):
    plan, province, _ = seeded
    login(client, Role.PROVINCE_OFFICER, province)
    job = _request(client, {"plan": plan.pk, "org_unit": "20", "period": "2025", "format": "xlsx"},
                   django_capture_on_commit_callbacks)
    run_queued_jobs()
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")


def test_a_unit_outside_the_users_scope_is_not_found(client, seeded):
    plan, province, _ = seeded
    strategy = Plan.objects.get(doc_number="2239/QĐ-TTg")  # a national plan: visible to everyone signed in
    commune, other = list(orgunit_children(unit=province, on=ON))[:2]
    login(client, Role.COMMUNE_OFFICER, commune)
    form = {"plan": strategy.pk, "period": "2025", "format": "docx"}
    assert client.post("/reports/", {**form, "org_unit": other.code}).status_code == 404
    assert client.post("/reports/", {**form, "org_unit": commune.code}).status_code == 302
    # the province's own plan is not among the commune officer's plans
    assert client.post("/reports/", {**form, "plan": plan.pk, "org_unit": commune.code}).status_code == 400


def test_bad_input_comes_back_on_the_form(client, lang_son):
    plan, _ = lang_son
    login(client, Role.SYSTEM_ADMIN, None)
    response = client.post("/reports/", {"plan": plan.pk, "org_unit": "20", "period": "2025S9", "format": "docx"})
    assert response.status_code == 400 and "Kỳ báo cáo không hợp lệ" in response.content.decode()
    hanoi = orgunit_get(code="01", on=ON)
    response = client.post("/reports/", {"plan": plan.pk, "org_unit": hanoi.code, "period": "2025", "format": "docx"})
    assert response.status_code == 400 and "không thuộc địa bàn" in response.content.decode()


def test_a_report_that_fails_in_the_worker_says_why(client, lang_son, django_capture_on_commit_callbacks):
    plan, _ = lang_son
    login(client, Role.SYSTEM_ADMIN, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/", {"plan": plan.pk, "org_unit": "20", "period": "2025", "format": "docx"})
    job = Job.objects.get(pk=int(response["Location"].split("job=")[1].split("&")[0]))
    Plan.objects.filter(pk=plan.pk).update(org_unit=orgunit_get(code="01", on=ON))  # moved while queued
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "không thuộc địa bàn" in job.message
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "không thuộc địa bàn" in page and "Traceback" not in page
