"""The whole loop in real Chromium: a commune officer fills and submits the commune's annual report,
a province officer approves it, the worker takes it into the analytics store, the plan's progress
page shows the new value, and the DOCX report asked for on the reports page — rendered by the
worker while the page polls its status — holds that target's row."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_refresh
from gdnn.collection.periods import period_for_date
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.services import agency_register_sync, plan_import_draft
from tests.browser import login, screenshot
from tests.factories import unit_ensure, user_with_role
from tests.jobs.helpers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.DATA_DIR = tmp_path  # the worker's report files
    dataset_sync()
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    year = period_for_date(timezone.localdate(), "annual").code
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "77/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "level": "province", "date": "2026-01-10",
        "targets": [{"text": "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt từ 35% trở lên.",
                     "subject": "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "value_min": 35,
                     "value_max": None, "unit": "percent", "comparator": "ge", "year": 2030,
                     "indicator": "GDNN.TRAINED_WORKERS_CERT"}],
    })
    user_with_role("xa", Role.COMMUNE_OFFICER, commune)
    user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    return {"plan": plan, "commune": commune, "year": year, "base": live_server.url}




def cell(page, element, key):
    return page.locator(f'input[data-element="{element}"][data-key="{key}"]')


def test_commune_report_to_approval_to_progress_to_docx(page, world):
    base, year = world["base"], world["year"]
    form = f"{base}/data/COMMUNE_ANNUAL/{world['commune'].code}/{year}/"
    login(page, base, "xa")
    page.goto(form)
    for element, value in (("LABOUR_FORCE", "1.000"), ("WORKERS_TRAINED", "600"), ("WORKERS_TRAINED_CERT", "372")):
        box = cell(page, element, "ethnicity:kinh|sex:male")
        box.click()
        box.fill(value)
        box.press("Tab")
        expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"))  # no eval: the CSP forbids it
    screenshot(page, "e2e-commune-entry")
    page.locator('[data-entry-bar] button[name="action"][value="submit"]').click()
    page.locator('#submit-dialog button[value="submit"]').click()  # the confirmation listing empty cells
    page.wait_for_selector('[data-state="submitted"]')

    login(page, base, "tinh")
    page.goto(form)
    page.locator('[data-entry-bar] button[name="action"][value="approve"]').click()
    page.locator('#approve-dialog button[value="approve"]').click()  # the confirmation naming the report
    page.wait_for_selector('[data-state="approved"]')
    assert cell(page, "LABOUR_FORCE", "ethnicity:kinh|sex:male").get_attribute("readonly") is not None
    analytics_refresh()  # what the worker's store thread does within a second

    page.goto(f"{base}/dashboard/plans/{world['plan'].pk}/")
    row = page.locator("table.progress tbody tr").first
    assert "37,2%" in row.inner_text()
    page.wait_for_selector("figure.chart svg")  # the report's Vega-Lite spec, drawn by vega-embed
    screenshot(page, "e2e-plan-progress")

    page.goto(f"{base}/reports/")
    page.get_by_label("Kế hoạch").select_option(str(world["plan"].pk))
    page.get_by_label("Kỳ").fill(year)
    page.get_by_label("Định dạng").select_option("docx")
    screenshot(page, "e2e-report-form")
    page.locator("#main button[type=submit]").click()
    page.wait_for_selector('.job-status[data-status="queued"]')
    assert page.locator("#report-submit").is_disabled()  # while the job runs
    run_queued_jobs()  # `gdnn worker`, in this process
    page.wait_for_selector('.job-status[data-status="done"]')  # the htmx poll
    assert page.locator("#report-submit").is_enabled()
    screenshot(page, "e2e-report-ready")
    with page.expect_download() as download_info:
        page.locator(".job-status a[download]").click()
    document = Document(io.BytesIO(download_info.value.path().read_bytes()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text.strip() == "TT")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert any("bằng cấp, chứng chỉ" in r[1] and "37,2" in r[4] for r in rows), rows
