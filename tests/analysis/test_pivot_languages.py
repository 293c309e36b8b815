"""The pivot speaks the page's language: 37.2% and an English workbook on an English page, 37,2% and
a Vietnamese one on a Vietnamese page, also when the worker builds the file."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from tests.analysis.conftest import CERT, NOW

pytestmark = pytest.mark.django_db
QUERY = {"indicator": CERT, "unit": "20", "level": "commune", "as_of": NOW.isoformat()}


def figures(ws, column):
    return sorted(round(ws.cell(row=r, column=column).value, 4) for r in range(4, ws.max_row + 1)
                  if isinstance(ws.cell(row=r, column=column).value, float | int))


@pytest.mark.parametrize(("language", "shown", "other"), [("en", "37.2%", "37,2%"), ("vi", "37,2%", "37.2%")])
def test_the_pivot_page_shows_numbers_in_its_language(national_client, two_provinces, language, shown, other):
    national_client.cookies["django_language"] = language
    page = national_client.get("/analysis/pivot/", QUERY).content.decode()
    table = page[page.index('<table class="pivot">'):]
    assert shown in table and "34" in table and other not in table


def test_the_xlsx_of_an_english_page_is_english_with_real_numbers(national_client, two_provinces):
    national_client.cookies["django_language"] = "en"
    ws = load_workbook(io.BytesIO(national_client.get("/analysis/pivot.xlsx", QUERY).content)).active
    assert ws.title == "Pivot table"
    assert ws["A1"].value.startswith("Indicator pivot table — ") and "(figures up to 01/01/2026)" in ws["A1"].value
    head = [c.value for c in ws[3]]
    assert head[:3] == ["Indicator", "Unit code", "Unit"] and "Coverage 2024" in head
    column = head.index("2024") + 1
    assert figures(ws, column) == sorted(round(v, 4) for v in (10.0, 37.2, 382 / 1100 * 100))
    total = next(r for r in range(4, ws.max_row + 1) if str(ws.cell(row=r, column=3).value).startswith("Total: "))
    assert ws.cell(row=total, column=column).number_format == '0.0"%"'
    assert not any("Tổng" in str(c.value) or "Chỉ số" in str(c.value) for row in ws.iter_rows() for c in row)


def test_the_worker_writes_the_xlsx_in_the_language_of_the_page_that_asked(
        national_client, two_provinces, monkeypatch, django_capture_on_commit_callbacks):
    from gdnn.jobs.models import Job
    from tests.jobs.helpers import run_queued_jobs

    monkeypatch.setattr("gdnn.analysis.views.JOB_ROWS", 10)
    national_client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        assert national_client.get("/analysis/pivot.xlsx", QUERY).status_code == 302
    job = Job.objects.get(kind="pivot_xlsx")
    assert job.language == "en"
    with translation.override("vi"):  # the worker runs in no page's language: Vietnamese by default
        run_queued_jobs()
    download = national_client.get(f"/jobs/{job.pk}/download/")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert ws.title == "Pivot table" and [c.value for c in ws[3]][:3] == ["Indicator", "Unit code", "Unit"]
