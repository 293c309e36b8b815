"""Progress pages print cleanly: in print media the site's header, menu and forms are gone, table
rows are never cut, and charts and the map fit the A4 page."""

import pytest

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.services.datasets import dataset_sync
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load
from tests.analysis.conftest import CERT, NOW, values
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.browser import login, screenshot
from tests.factories import user_with_role
from tests.seeds import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    dataset_sync()
    agency_register_sync()
    strategy_plans_load()
    plan = plan_import_document(path=seed("000"), org_unit=orgunit_get(code="20", on=NOW))
    commune = next(iter(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW)))
    for year, cert in {2023: 330, 2024: 372}.items():
        approved_values(commune, str(year), values(cert, 1000))
    accept_any_coverage()
    analytics_rebuild()
    user_with_role("quocgia", Role.VIEWER, None)
    target = next(t for t in plan.targets.order_by("order", "pk") if t.indicator and t.indicator.code == CERT)
    return live_server.url, plan, target


def test_progress_and_map_pages_print_without_the_menu(page, site):
    from playwright.sync_api import expect

    base, plan, target = site
    login(page, base, "quocgia")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.goto(f"{base}/dashboard/plans/{plan.pk}/?as_of={NOW.isoformat()}")
    nav = page.locator("header.top nav")
    expect(page.locator("header.top")).to_be_visible()  # on screen the header is there (at A4 width the menu folds)
    page.emulate_media(media="print")
    expect(nav).to_be_hidden()
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("footer.bottom")).to_be_hidden()
    table = page.locator("main table").first
    expect(table).to_be_visible()
    assert table.evaluate("t => getComputedStyle(t.querySelector('tr')).breakInside") == "avoid"
    assert table.evaluate("t => getComputedStyle(t.querySelector('thead')).display") == "table-header-group"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH_PX, f"the printed page is {width}px wide"
    screenshot(page, "print-plan-dashboard")

    page.emulate_media(media="screen")
    page.goto(f"{base}/analysis/plans/{plan.pk}/targets/{target.pk}/map/?as_of={NOW.isoformat()}")
    expect(page.locator("path.province")).to_have_count(34)
    expect(page.locator("form.analysis-controls")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.top nav")).to_be_hidden()
    expect(page.locator("form.analysis-controls")).to_be_hidden()
    figure = page.locator("figure.choropleth")
    expect(figure).to_be_visible()
    box = figure.bounding_box()
    assert box is not None and box["width"] <= A4_WIDTH_PX
    assert page.locator("svg.map-svg").bounding_box()["height"] <= 190 / 25.4 * 96 + 1  # 190 mm at most
    screenshot(page, "print-map")
