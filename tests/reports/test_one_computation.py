"""One progress computation: the progress page, the API, the charts, the DOCX and the XLSX (and the
alignment page) give the same figure and status for every target of a plan on one date."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.plans.selectors import plan_alignment
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from gdnn.reports.sentences import ASSESSMENT
from gdnn.reports.xlsx_writer import write_xlsx
from tests.factories import PASSWORD, user_with_role
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db
CERT = "GDNN.TRAINED_WORKERS_CERT"
STATUS_OF = {label: status for status, label in ASSESSMENT.items()}


def test_page_api_charts_docx_and_xlsx_agree_on_every_target(client, seeded):
    plan, province, _ = seeded
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    client.login(username="tinh", password=PASSWORD)
    day = ON.isoformat()

    page = client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": day}).content.decode()
    page_statuses = re.findall(r'<tr class="status-(\w+)">', page)

    token = apitoken_create(user=officer, name="test")[1]
    api = client.get(f"/api/v1/plans/{plan.pk}/progress", {"asOf": day}, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    api_statuses = [t["status"] for t in api["targets"]]

    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    doc = Document(io.BytesIO(write_docx(data, render_chart=None)))
    docx_statuses = [STATUS_OF[row.cells[-1].text] for row in doc.tables[1].rows[1:]]
    sheet = load_workbook(io.BytesIO(write_xlsx(data)))["Chỉ tiêu"]
    xlsx_rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=4 + len(data.targets))]
    xlsx_statuses = [STATUS_OF[row[11]] for row in xlsx_rows]

    assert len(api_statuses) == plan.targets.count()
    assert page_statuses == api_statuses == docx_statuses == xlsx_statuses
    assert {"achieved", "no_data"} <= set(api_statuses)  # a real mix, not all one state

    # The certificate share for 2025: one figure everywhere.
    index = next(i for i, t in enumerate(api["targets"]) if t["indicator"] == CERT and t["year"] == 2025)
    actual = api["targets"][index]["actual"]
    assert actual == pytest.approx(37.2)
    assert xlsx_rows[index][6] == pytest.approx(actual) and xlsx_rows[index][7] == api["targets"][index]["actualPeriod"]
    assert doc.tables[1].rows[index + 1].cells[4].text.startswith("37,2%")
    assert "37,2%" in page

    specs = client.get(f"/dashboard/plans/{plan.pk}/charts.json", {"as_of": day}).json()["specs"]
    chart = next(s for s in specs if s["description"] == f"gdnn-target:{CERT}")
    drawn = [(v["period"], v["value"]) for v in chart["layer"][0]["data"]["values"]]
    assert drawn == [(p["period"], pytest.approx(p["value"])) for p in api["targets"][index]["series"]]

    aligned = next(p for p in plan_alignment(plan=plan, as_of=ON)["parents"] if p["plan"] == "2239/QĐ-TTg")
    by_child = {(r["indicator"], r["year"]): r["child_status"] for r in aligned["rows"] if r["child"]}
    for target in api["targets"]:
        if (target["indicator"], target["year"]) in by_child:
            assert by_child[(target["indicator"], target["year"])] == target["status"]
