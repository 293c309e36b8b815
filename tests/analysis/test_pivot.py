import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from gdnn.accounts.models import Role
from gdnn.analysis.jobs import pivot_xlsx_for
from gdnn.analysis.selectors import PivotQuery, pivot_parent, pivot_table
from gdnn.analytics.progress import targets_progress
from gdnn.analytics.selectors import indicator_value
from gdnn.common.errors import DomainError, NotFound
from gdnn.indicators.models import Indicator
from gdnn.orgunits.selectors import orgunit_get
from tests.analysis.conftest import CERT, NOW
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_pivot_values_and_coverage_are_the_progress_figures_of_each_unit(two_provinces):
    plan, target, _, _ = two_provinces
    cert = Indicator.objects.get(code=CERT)
    pivot = pivot_table(indicators=[cert], parent=None, level="province", era="new", as_of=NOW)
    assert pivot.periods == ["2023", "2024"]
    rows = {(r.unit.code if r.unit else None, r.total): r for r in pivot.rows}
    assert len([r for r in pivot.rows if not r.total]) == 34
    for code in ("20", "19"):
        province = orgunit_get(code=code, on=NOW)
        progress = targets_progress(plan=plan, as_of=NOW, unit=province, targets=[target])[0]
        by_period = {p.period: p for p in progress.points}
        cells = dict(zip(pivot.periods, rows[(code, False)].cells, strict=True))
        for period, point in by_period.items():
            assert cells[period].value == pytest.approx(point.value)
            assert cells[period].coverage == point.coverage
        assert cells["2024"].value == pytest.approx(indicator_value(indicator=cert, unit=province, period="2024").value)
    assert rows[("01", False)].cells[1].value is None  # Hà Nội: nothing reported
    total = rows[(None, True)].cells[1].value  # the country's own figure, not a sum of rates
    assert total == pytest.approx((372 + 10 + 150) / (1000 + 100 + 300) * 100)


def test_pivot_under_a_province_lists_its_communes_with_the_province_as_total(two_provinces):
    _, _, lang_son, _ = two_provinces
    cert = Indicator.objects.get(code=CERT)
    province = orgunit_get(code="20", on=NOW)
    pivot = pivot_table(indicators=[cert], parent=province, level="commune", era="new", as_of=NOW)
    commune_rows = {r.unit.code: r for r in pivot.rows if not r.total}
    assert lang_son[0].code in commune_rows and all(r.unit.parent_id == province.pk for r in commune_rows.values())
    i2024 = pivot.periods.index("2024")
    assert commune_rows[lang_son[0].code].cells[i2024].value == pytest.approx(37.2)
    assert commune_rows[lang_son[1].code].cells[i2024].value == pytest.approx(10.0)
    assert pivot.rows[-1].total and pivot.rows[-1].cells[i2024].value == pytest.approx(382 / 1100 * 100)


def test_the_pivot_page_and_its_xlsx_show_the_same_figures(national_client, two_provinces):
    query = {"indicator": CERT, "unit": "20", "level": "commune", "as_of": NOW.isoformat()}
    page = national_client.get("/analysis/pivot/", query).content.decode()
    assert "37,2%" in page and "10,0%" in page and "34,7%" in page  # Vietnamese decimal comma
    response = national_client.get("/analysis/pivot.xlsx", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "Bảng tổng hợp"
    head = [c.value for c in ws[3]]
    column = head.index("2024") + 1
    by_unit = {ws.cell(row=r, column=3).value: ws.cell(row=r, column=column) for r in range(4, ws.max_row + 1)}
    figures = {name: cell.value for name, cell in by_unit.items() if cell.value is not None}
    assert sorted(round(v, 4) for v in figures.values()) == sorted(
        round(v, 4) for v in (10.0, 37.2, 382 / 1100 * 100))
    total = next(cell for name, cell in by_unit.items() if name and name.startswith("Tổng"))
    assert total.value == pytest.approx(382 / 1100 * 100) and total.number_format == '0.0"%"'
    coverage = ws.cell(row=total.row, column=column + 1).value
    assert re.fullmatch(r"\d+/\d+", coverage) and f">{coverage}<" in page  # the page shows the same k/n


def test_the_pivot_is_scoped_and_asks_for_an_indicator(client, two_provinces):
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    outside = client.get("/analysis/pivot/", {"indicator": CERT, "unit": "19"})
    assert outside.status_code == 400 and 'id="unit-error"' in outside.content.decode()
    assert '<table class="pivot">' not in outside.content.decode()  # nothing of Thái Nguyên is shown
    page = client.get("/analysis/pivot/", {"indicator": CERT, "unit": "VN", "as_of": NOW.isoformat()}).content.decode()
    table = page[page.index('<table class="pivot">'):]
    assert "Lạng Sơn" in table and "Thái Nguyên" not in table and 'class="total"' not in table
    response = client.get("/analysis/pivot.xlsx", {"unit": "20"})
    assert response.status_code == 400 and "ít nhất một chỉ số" in response.content.decode()


def test_an_analysis_refusal_speaks_the_language_of_the_reader(two_provinces):
    officer = user_with_role("tinh-en", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    query = PivotQuery(indicators=(CERT,), unit="19", level="commune", era="new")
    with translation.override("en"), pytest.raises(NotFound) as refused:
        pivot_parent(user=officer, query=query, on=NOW)
    assert str(refused.value) == "No such unit within your scope."
    with translation.override("en"), pytest.raises(DomainError) as refused:
        pivot_xlsx_for(user=officer, query=PivotQuery(indicators=(), unit="20", level="commune", era="new"), on=NOW)
    assert str(refused.value) == "Choose at least one indicator before exporting to Excel."


def test_the_analysis_pages_speak_english_in_the_english_ui(national_client, two_provinces):
    plan, target, _, _ = two_provinces
    national_client.cookies["django_language"] = "en"
    page = national_client.get("/analysis/pivot/", {"indicator": CERT, "unit": "20", "level": "commune",
                                                    "as_of": NOW.isoformat()}).content.decode()
    assert "Pivot table: indicator × unit × period" in page and "Download Excel (XLSX)" in page
    assert "37.2%" in page and "37,2%" not in page
    page = national_client.get(f"/analysis/plans/{plan.pk}/targets/{target.pk}/map/",
                               {"as_of": NOW.isoformat()}).content.decode()
    assert "Figures by province" in page and "Before 1 July 2025" in page
    assert "Số liệu theo tỉnh" not in page and "Chưa có số liệu" not in page


def test_a_large_pivot_is_exported_by_the_worker_with_the_same_figures(national_client, two_provinces, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    from gdnn.jobs.models import Job
    from tests.jobs.helpers import run_queued_jobs

    monkeypatch.setattr("gdnn.analysis.views.JOB_ROWS", 10)  # Lạng Sơn's 65 communes count as large
    query = {"indicator": CERT, "unit": "20", "level": "commune", "as_of": NOW.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = national_client.get("/analysis/pivot.xlsx", query)
    assert response.status_code == 302
    job = Job.objects.get(kind="pivot_xlsx")
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    download = national_client.get(f"/jobs/{job.pk}/download/")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    column = [c.value for c in ws[3]].index("2024") + 1
    figures = sorted(round(ws.cell(row=r, column=column).value, 4) for r in range(4, ws.max_row + 1)
                     if ws.cell(row=r, column=column).value is not None)
    assert figures == sorted(round(v, 4) for v in (10.0, 37.2, 382 / 1100 * 100))


def test_the_pivot_unit_is_picked_by_name_and_a_wrong_one_is_said_on_the_page(national_client, two_provinces):
    """The box takes a name ("Lạng Sơn") as the other unit pickers do; a name that matches nothing
    keeps the page and the choices and says why (it used to be a bare 404 with only a link home)."""
    by_name = national_client.get("/analysis/pivot/", {"indicator": CERT, "unit": "Lạng Sơn", "level": "commune",
                                                       "as_of": NOW.isoformat()})
    by_code = national_client.get("/analysis/pivot/", {"indicator": CERT, "unit": "20", "level": "commune",
                                                       "as_of": NOW.isoformat()})
    html = by_name.content.decode()
    assert by_name.status_code == 200 and 'list="unit-options"' in html and "Lạng Sơn (20)" in html
    table = html[html.index('<table class="pivot">'):html.index("</table>")]
    assert table == by_code.content.decode()[by_code.content.decode().index('<table class="pivot">'):
                                             by_code.content.decode().index("</table>")]
    wrong = national_client.get("/analysis/pivot/", {"indicator": CERT, "unit": "Lang Son xyz"})
    page = wrong.content.decode()
    assert wrong.status_code == 400 and 'id="unit-error"' in page and 'value="Lang Son xyz"' in page
    assert f'value="{CERT}" selected' in page  # the indicator chosen stays chosen
