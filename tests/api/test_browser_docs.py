"""The interactive API page renders in real Chromium from packaged assets, under the site's CSP,
and its "Try it out" reaches the API with a token."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.orgunits.models import OrgUnit
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_without_a_csp_violation_or_an_outside_request(live_server, page):
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    _, raw = apitoken_create(user=user_with_role("tinh", Role.PROVINCE_OFFICER, province), name="docs")
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url)
            and not r.url.startswith("data:") else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("GDNN API")
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/datavalues").first).to_be_visible()
    # Authorise with a token and call GET /api/v1/me from the page.
    page.get_by_role("button", name="Authorize").click()
    page.locator(".auth-container input").first.fill(raw)
    page.locator(".auth-btn-wrapper button.authorize").click()
    page.locator(".btn-done").click()
    page.locator("#operations-account-me .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    live = page.locator("#operations-account-me .live-responses-table")
    expect(live.locator("tbody .response-col_status").first).to_contain_text("200")
    expect(live).to_contain_text('"username": "tinh"')
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not outside, outside
