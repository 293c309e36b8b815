"""The plan dashboard on a 390-px phone, in real Chromium: each target's name, figure and status are
on screen without scrolling sideways (the secondary columns fold into the target's cell)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.browser import screenshot
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 390
NOW = dt.date(2026, 1, 1)
VISIBLE = """table => [...table.tBodies[0].rows].map(row => {
  const cells = [...row.cells].filter(c => getComputedStyle(c).display !== "none");
  return cells.map(c => { const r = c.getBoundingClientRect(); return [c.className, Math.round(r.left), Math.round(r.right)]; });
})"""


def test_target_figure_and_status_fit_a_phone(chromium, live_server, import_seed, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    plan = import_seed("000")
    communes = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))
    for year, cert in {2022: 300, 2023: 330, 2024: 372}.items():
        approved_values(communes[0], str(year), {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
                                                 ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 1000})
    accept_any_coverage()
    analytics_rebuild()
    officer = user_with_role("tinh-dt", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client = Client()
    client.force_login(officer)
    context = chromium.new_context(viewport={"width": WIDTH, "height": 844}, locale="vi-VN", device_scale_factor=1,
                                   is_mobile=True, has_touch=True)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "domain": host, "path": "/"}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/dashboard/plans/{plan.pk}/?as_of=2025-03-01")
        table = page.locator("table.progress")
        expect(table).to_be_visible()
        assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0
        assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
        rows = table.evaluate(VISIBLE)
        assert rows and all(cells and cells[-1][2] <= WIDTH for cells in rows), rows
        expect(table.locator("tbody tr").first.locator(".badge")).to_be_in_viewport()
        expect(table.get_by_text("37,2%").first).to_be_in_viewport()  # the figure
        expect(table.locator("tbody .target-more").first).to_be_visible()  # year and plan under the name
        screenshot(page, "plan-dashboard-phone")
    finally:
        context.close()

