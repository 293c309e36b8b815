"""The forecast page, its charts and its XLSX name the training level and every chart word in the
page's language, whatever language the run was made in."""

import io

import openpyxl
import pytest

from gdnn.labour.services.forecasts import assumption_set_create, forecast_run
from tests.labour.test_tracer_and_forecast import surveyed  # noqa: F401  (a fixture)
from tests.web.language import VI_WORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(surveyed):  # noqa: F811
    w, _wave = surveyed
    aset = assumption_set_create(province=w["province"], name="Base", base_year=2026, horizon=2, by=w["officer"])
    return w, aset, forecast_run(assumption_set=aset, by=w["officer"])


def test_an_english_forecast_page_names_the_levels_and_charts_in_english(run, client):
    w, aset, made = run
    client.force_login(w["officer"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/labour/20/forecast/?set={aset.pk}").content.decode()
    table = page[page.index('<th scope="col">Level</th>'):page.index('id="charts"')]
    assert "College (cao đẳng)" in table and "Cao đẳng</td>" not in table
    specs = client.get(f"/labour/20/forecast/runs/{made.pk}/charts.json").json()["specs"]
    titles = [s["title"] for s in specs] + [s["encoding"][axis].get("title") or "" for s in specs for axis in ("x", "y")]
    assert titles and not any(VI_WORD.search(t) for t in titles)
    assert "persons" in titles and "Year" in titles
    english = ("(College (cao đẳng))", "(Intermediate (trung cấp))", "(Elementary (sơ cấp))")
    bars = [v["occupation"] for v in specs[1]["data"]["values"]]
    assert bars and all(bar.endswith(english) for bar in bars)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/labour/20/forecast/runs/{made.pk}/export.xlsx").content)).worksheets[0]
    assert any(c.value == "College (cao đẳng)" for row in sheet.iter_rows() for c in row)


def test_a_run_stored_with_vietnamese_labels_reads_in_either_language(run, client):
    w, aset, made = run
    made.results = [{**o, "level": "Cao đẳng"} for o in made.results]  # as runs stored them before
    made.save(update_fields=["results"])
    client.force_login(w["officer"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/labour/20/forecast/?set={aset.pk}").content.decode()
    assert "<td>College (cao đẳng)</td>" in page
    client.cookies["django_language"] = "vi"
    page = client.get(f"/labour/20/forecast/?set={aset.pk}").content.decode()
    assert "<td>Cao đẳng</td>" in page
