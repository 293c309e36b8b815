"""The tracer survey's employment rate; gaps; the forecast stamped with its assumptions, its XLSX,
and its section in the ND 30 report."""

import io

import docx
import openpyxl
import pytest

from gdnn.common.errors import DomainError
from gdnn.labour.models import AssumptionSet, TrainingOccupation
from gdnn.labour.selectors import gaps, tracer_rates
from gdnn.labour.services.answers import DemandInput, employer_answer, tracer_answer
from gdnn.labour.services.forecasts import assumption_set_create, assumption_set_update, forecast_run
from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.waves import employer_wave_create, tracer_wave_create
from tests.labour.helpers import closes, college, world

pytestmark = pytest.mark.django_db

GRADUATES = ("mã người học,họ và tên,mã nghề,ngày tốt nghiệp,e-mail\n"
             + "".join(f"SV{i:02},Người Học {i},{'6520227' if i < 6 else '6340301'},30/06/2025,sv{i}@example.vn\n"
                       for i in range(10))).encode()


def _occupation(code):
    return TrainingOccupation.objects.get(code=code)


@pytest.fixture
def surveyed():
    """An employer wave where every sampled enterprise answers, with a fixed pattern by section."""
    w = world()
    wave = employer_wave_create(province=w["province"], title="Khảo sát 2026", reference_year=2026, sample_size=24,
                                closes_on=closes(), by=w["officer"], seed=1)
    for link in wave.links.select_related("enterprise__industry"):
        section = link.enterprise.industry.code
        lines = [DemandInput(_occupation("6520227"), 4 if section == "C" else 1, 0, 2 if section == "C" else 0, 3)]
        employer_answer(token=wave.issued[link.pk], staff_total=20, willing_to_train="yes", lines=lines)
    return w, wave


def test_employment_rate_by_institution_occupation_and_province():
    w = world(enterprises=1)
    school = college(w["commune"])
    graduates_import(institution=school, data=GRADUATES, name="tn.csv", by=w["officer"])
    wave = tracer_wave_create(province=w["province"], title="Sau 6 tháng", cohort_year=2025, months_after=6,
                              institutions=[school], closes_on=closes(), by=w["officer"])
    links = list(wave.links.select_related("graduate__occupation").order_by("graduate__student_code"))
    statuses = ["employed"] * 4 + ["unemployed", "studying", "employed", "unemployed"]
    from gdnn.labour.models import OccupationGroup

    for link, status in zip(links, statuses, strict=False):
        tracer_answer(token=wave.issued[link.pk], status=status, occupation=OccupationGroup.objects.get(code="74")
                      if status == "employed" else None, relevance="same" if status == "employed" else "",
                      wage="5to8" if status == "employed" else "")
    rates = tracer_rates(waves=[wave])
    # 8 answers: 5 employed, 2 unemployed, 1 studying (left out of the denominator): 5/7
    assert (rates.overall.employed, rates.overall.unemployed, rates.overall.studying) == (5, 2, 1)
    assert rates.overall.rate == pytest.approx(5 / 7)
    by_occ = {r.key: r for r in rates.by_occupation}
    assert by_occ["6520227"].rate == pytest.approx(4 / 5)  # SV00-05: 4 employed, 1 unemployed, 1 studying
    assert by_occ["6340301"].rate == pytest.approx(1 / 2)
    assert [r.key for r in rates.by_institution] == [school.code]
    assert [r.key for r in rates.by_province] == ["20"]


def test_the_province_page_shows_the_employment_rate_of_all_tracer_waves(client):
    w = world(enterprises=1)
    school = college(w["commune"])
    graduates_import(institution=school, data=GRADUATES, name="tn.csv", by=w["officer"])
    for months in (6, 12):
        wave = tracer_wave_create(province=w["province"], title=f"Sau {months} tháng", cohort_year=2025,
                                  months_after=months, institutions=[school], closes_on=closes(), by=w["officer"])
        link = wave.links.order_by("pk").first()
        tracer_answer(token=wave.issued[link.pk], status="unemployed" if months == 6 else "studying")
    second = wave.links.order_by("pk")[1]
    from gdnn.labour.models import OccupationGroup

    tracer_answer(token=wave.issued[second.pk], status="employed", occupation=OccupationGroup.objects.get(code="74"),
                  relevance="related", wage="ge12")
    client.force_login(w["viewer"])
    page = client.get("/labour/20/").content.decode()
    # 3 answers over both waves: 1 employed, 1 unemployed, 1 studying → 1/2
    assert 'id="province-employment-rate">50,0%' in page


def test_an_employed_graduate_must_say_occupation_relevance_and_wage():
    w = world(enterprises=1)
    school = college(w["commune"])
    graduates_import(institution=school, data=GRADUATES, name="tn.csv", by=w["officer"])
    wave = tracer_wave_create(province=w["province"], title="Sau 12 tháng", cohort_year=2025, months_after=12,
                              institutions=[school], closes_on=closes(), by=w["officer"])
    with pytest.raises(DomainError):
        tracer_answer(token=wave.issued[wave.links.first().pk], status="employed")


def test_gaps_set_estimated_demand_against_graduates(surveyed):
    w, _wave = surveyed
    school = college(w["commune"])
    graduates_import(institution=school, data=GRADUATES, name="tn.csv", by=w["officer"])
    _, rows = gaps(province=w["province"], year=2025)
    row = {r.code: r for r in rows}["6520227"]
    # every sampled enterprise answered and the sample is the register: demand is the plain sum,
    # 8 enterprises of section C hiring 2 each
    assert row.demand == pytest.approx(16) and row.demand_se == pytest.approx(0)
    assert row.supply == 6 and row.gap == pytest.approx(10)


def test_forecast_from_the_survey_is_stamped_with_its_assumption_set(surveyed, client):
    w, _wave = surveyed
    aset = assumption_set_create(province=w["province"], name="Cơ sở", base_year=2026, horizon=2, by=w["officer"],
                                 growth=0.10, exit_rate=0.05)
    # 8 enterprises per section × 20 staff; electricians 4 per C enterprise (20%), 1 per F, G (5%)
    assert aset.industries["C"] == {"employment": 160.0, "growth": 0.10}
    assert aset.shares["6520227"] == {"C": 0.2, "F": 0.05, "G": 0.05}
    run = forecast_run(assumption_set=aset, by=w["officer"])
    year1 = run.results[0]["years"][0]
    # O(0) = 32 + 8 + 8 = 48, O(1) = 52.8: expansion 4.8, replacement 2.4, need 7.2
    assert (year1["year"], year1["expansion"], year1["replacement"], year1["need"]) == (2027, 4.8, 2.4, 7.2)
    assert run.assumption_version == 1

    assumption_set_update(assumption_set=aset, by=w["officer"], industries={**aset.industries,
                          "C": {"employment": 160.0, "growth": 0.0}}, shares=aset.shares, exit_rate=0.05, horizon=2)
    second = forecast_run(assumption_set=aset, by=w["officer"])
    assert second.assumption_version == 2 and second.assumptions["industries"]["C"]["growth"] == 0.0
    assert run.assumptions["industries"]["C"]["growth"] == 0.10  # the first run keeps what produced it
    with pytest.raises(DomainError):
        assumption_set_update(assumption_set=aset, by=w["officer"], industries=aset.industries,
                              shares={"6520227": {"C": 1.5}}, exit_rate=0.05, horizon=2)

    client.force_login(w["officer"])
    page = client.get(f"/labour/20/forecast/?set={aset.pk}").content.decode()
    assert "phiên bản 2" in page
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/labour/20/forecast/runs/{second.pk}/export.xlsx")
                                                 .content))
    assert workbook.sheetnames == ["Dự báo", "Chi tiết", "Giả định", "Cung - cầu"]
    assert "phiên bản 2" in workbook["Dự báo"]["A2"].value
    assert client.get(f"/labour/20/forecast/runs/{second.pk}/charts.json").json()["specs"]
    # From an English page: English sheets and headers, numbers still numbers.
    client.cookies["django_language"] = "en"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/labour/20/forecast/runs/{second.pk}/export.xlsx")
                                                 .content))
    assert workbook.sheetnames == ["Forecast", "Detail", "Assumptions", "Supply and demand"]
    sheet = workbook["Forecast"]
    assert "(version 2)" in sheet["A2"].value and "exit rate 5.0% per year" in sheet["A2"].value
    assert [c.value for c in sheet[4]][:4] == ["Occupation code", "Occupation name", "Level", "Need 2027"]
    assert isinstance(sheet.cell(row=5, column=4).value, int | float)


def test_the_forecast_form_edits_the_assumptions(surveyed, client):
    w, _wave = surveyed
    aset = assumption_set_create(province=w["province"], name="Cơ sở", base_year=2026, horizon=2, by=w["officer"])
    client.force_login(w["officer"])
    form = {"action": "update", "set": aset.pk, "horizon": "3", "exit_rate": "4",
            **{f"emp-{c}": "100" for c in aset.industries}, **{f"growth-{c}": "2,5" for c in aset.industries},
            **{f"share-{o}-{c}": "10" for o in aset.shares for c in aset.industries}}
    client.post("/labour/20/forecast/", form)
    aset = AssumptionSet.objects.get(pk=aset.pk)
    assert (aset.version, aset.horizon, aset.exit_rate) == (2, 3, pytest.approx(0.04))
    assert aset.industries["C"] == {"employment": 100.0, "growth": pytest.approx(0.025)}
    assert aset.runs.first().assumption_version == 2
    client.force_login(w["viewer"])
    client.post("/labour/20/forecast/", {**form, "horizon": "1"})
    assert AssumptionSet.objects.get(pk=aset.pk).version == 2  # a viewer cannot edit


@pytest.mark.parametrize(("language", "employment", "growth"), [("vi", "1.200", "2,5"), ("en", "1,200", "2.5")])
def test_the_assumptions_are_typed_and_shown_the_pages_way(surveyed, client, language, employment, growth):
    """Before: "1.200" and "1,200" both became 1.2 people."""
    w, _wave = surveyed
    aset = assumption_set_create(province=w["province"], name="Cơ sở", base_year=2026, horizon=2, by=w["officer"])
    client.force_login(w["officer"])
    client.cookies["django_language"] = language
    form = {"action": "update", "set": aset.pk, "horizon": "2", "exit_rate": "4",
            **{f"emp-{c}": employment for c in aset.industries}, **{f"growth-{c}": growth for c in aset.industries},
            **{f"share-{o}-{c}": "10" for o in aset.shares for c in aset.industries}}
    client.post("/labour/20/forecast/", form)
    aset = AssumptionSet.objects.get(pk=aset.pk)
    assert aset.industries["C"] == {"employment": 1200.0, "growth": pytest.approx(0.025)}
    page = client.get(f"/labour/20/forecast/?set={aset.pk}").content.decode()
    assert f'name="emp-C" value="{employment}"' in page and f'name="growth-C" value="{growth}"' in page


def test_the_nd30_report_has_the_forecast_section(surveyed, import_seed, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    from gdnn.reports.docx_writer import write_docx
    from gdnn.reports.generator import report_data

    w, _wave = surveyed
    aset = assumption_set_create(province=w["province"], name="Cơ sở", base_year=2026, horizon=3, by=w["officer"])
    forecast_run(assumption_set=aset, by=w["officer"])
    plan = import_seed("000")
    data = report_data(plan=plan, org_unit=w["province"], period="2025")
    document = docx.Document(io.BytesIO(write_docx(data, render_chart=None)))
    texts = [p.text for p in document.paragraphs]
    at = texts.index("Dự báo nhu cầu đào tạo")
    assert texts.index(next(t for t in texts if t.startswith("IV."))) < at < texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ")
    assert "“Cơ sở” phiên bản 1" in texts[at + 1]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Điện công nghiệp (Cao đẳng)" in cells and "Tổng số (mọi nghề)" in cells
