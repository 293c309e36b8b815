"""Every plan page of the demo draws at least one chart in real Chromium: the plans with figures
their trends, the plans without any yet their targets by year."""

import pytest

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.services.datasets import dataset_sync
from gdnn.demo.build import SEED_PLANS
from gdnn.demo.data import demo_data_generate
from gdnn.demo.seeds import seed_paths
from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.models import Plan
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load
from tests.analytics.factories import approved_values
from tests.browser import login, screenshot
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    dataset_sync()
    agency_register_sync()
    strategy_plans_load()
    seeds = seed_paths()
    for prefix, unit_code, on in SEED_PLANS:
        plan_import_document(path=seeds[prefix], org_unit=orgunit_get(code=unit_code, on=on))
    demo_data_generate(report=lambda unit, period, values, state: approved_values(unit, period, values, state))
    analytics_rebuild()
    user_with_role("quantri", Role.SYSTEM_ADMIN, None)
    return live_server.url


def test_every_plan_page_of_the_demo_draws_a_chart(page, demo):
    login(page, demo, "quantri")
    plans = list(Plan.objects.order_by("pk"))
    assert len(plans) >= len(SEED_PLANS)
    for plan in plans:
        for url in (f"{demo}/dashboard/plans/{plan.pk}/?as_of=2026-07-20", f"{demo}/plans/{plan.pk}/"):
            page.goto(url)
            page.wait_for_selector("#charts figure.chart svg", timeout=20_000)
            assert page.locator("#charts figure.chart").count() >= 1, url
        if plan.doc_number == "141/KH-UBND":
            page.goto(f"{demo}/dashboard/plans/{plan.pk}/?as_of=2026-07-20")
            page.wait_for_selector("#charts figure.chart svg")
            screenshot(page, "plan-141-progress-charts")
