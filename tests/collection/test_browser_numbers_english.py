"""The entry grid on an English page in real Chromium: "1,234" is one thousand two hundred and
thirty-four, the totals read 1,234, and a Vietnamese "32,5" is refused with an English example."""


import pytest
from playwright.sync_api import expect

from gdnn.collection.models import DataValue
from tests.browser import login, screenshot
from tests.collection.test_browser_workflow import form_url  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_english_page_reads_and_totals_english_numbers(live_server, page, form_url):  # noqa: F811
    login(page, live_server.url, "baocao")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(form_url)
    cells = page.locator("table[data-element=ENROLMENT] input.cell")
    cells.nth(0).fill("1,234")
    cells.nth(0).press("Tab")
    expect(page.locator("table[data-element=ENROLMENT] [data-grand-total]")).to_have_text("1,234")
    cells.nth(1).fill("32,5")
    cells.nth(1).press("Tab")
    alert = page.locator("section:has(table[data-element=ENROLMENT]) .cell-msg")
    expect(alert).to_contain_text("“32,5” is not a number (for example 1,234 or 32.5).")
    expect(cells.nth(0)).to_have_attribute("data-saved", "1,234")  # the server's display of what it stored
    screenshot(page, "collection-entry-english-numbers")
    assert [v.value for v in DataValue.objects.all()] == [1234]
    page.reload()
    expect(cells.nth(0)).to_have_value("1,234")
