"""An ND 30/2020 report is Vietnamese whoever asks; the XLSX a user downloads to read names its
sheets and columns in the language of the page that asked for it."""

import io
import re
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from openpyxl import load_workbook

from gdnn.accounts.models import Role
from gdnn.jobs.models import Job
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.jobs.helpers import run_queued_jobs
from tests.reports.conftest import ON
from tests.reports.test_views import login

pytestmark = pytest.mark.django_db


def _request(client, form, capture) -> Job:
    with capture(execute=True):  # the task is queued when the request's transaction commits
        response = client.post("/reports/", form)
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].split("job=")[1].split("&")[0]))


def _texts(document) -> str:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(out)


def _thousands_target(plan):
    """One target stated as a number with a thousands separator and a decimal: "khoảng 1.500,5 người"."""
    target = plan.targets.exclude(review="not_target").order_by("order", "pk").first()
    target.comparator, target.value_min, target.value_max, target.unit = "approx", Decimal("1500.5"), None, "persons"
    target.save()


def test_the_docx_keeps_vietnamese_numbers_under_an_english_page(seeded):
    plan, province, _ = seeded
    _thousands_target(plan)
    with translation.override("en"):
        data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
        text = _texts(docx.Document(io.BytesIO(write_docx(data))))
    assert "37,2%" in text and "BÁO CÁO" in text and "khoảng 1.500,5 người" in text and "1,500" not in text
    assert not re.search(r"\d\.\d%", text), "a decimal point in a percentage of a Vietnamese report"
    with translation.override("vi"):
        assert report_data(plan=plan, org_unit=province, period="2025", as_of=ON) == data


def test_an_xlsx_asked_from_an_english_page_is_english_with_real_numbers(client, seeded,
                                                                         django_capture_on_commit_callbacks):
    plan, province, _ = seeded
    login(client, Role.PROVINCE_OFFICER, province)
    client.cookies["django_language"] = "en"
    job = _request(client, {"plan": plan.pk, "org_unit": "20", "period": "2025", "format": "xlsx"},
                   django_capture_on_commit_callbacks)
    assert job.language == "en"
    with translation.override("vi"):  # the worker runs in no page's language
        run_queued_jobs()
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    assert wb.sheetnames == ["Targets", "Data"]
    ws = wb["Targets"]
    assert ws["A1"].value.startswith("Results against the targets") and ws["A2"].value.startswith("Reporting unit: ")
    assert [c.value for c in ws[4]][:9] == ["No.", "Targets", "Unit of measure", "Year", "Plan", "Threshold", "Actual",
                                            "Data period", "% of plan"]
    cert = next(row for row in ws.iter_rows(min_row=5) if str(row[1].value).startswith("Tỷ lệ lao động qua đào tạo"))
    assert cert[6].value == pytest.approx(37.2) and cert[6].number_format == '0.0"%"'
    assert [c.value for c in wb["Data"][1]][:3] == ["Unit code", "Unit", "Period"]
    assert isinstance(wb["Data"].cell(row=2, column=7).value, int | float)


def test_a_docx_asked_from_an_english_page_is_the_vietnamese_report(client, seeded,
                                                                    django_capture_on_commit_callbacks):
    plan, province, _ = seeded
    login(client, Role.PROVINCE_OFFICER, province)
    client.cookies["django_language"] = "en"
    job = _request(client, {"plan": plan.pk, "org_unit": "20", "period": "2025", "format": "docx"},
                   django_capture_on_commit_callbacks)
    run_queued_jobs()
    text = _texts(docx.Document(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content))))
    assert "BÁO CÁO" in text and "37,2%" in text and not re.search(r"\d\.\d%", text)
