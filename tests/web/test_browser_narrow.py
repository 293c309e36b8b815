"""On a 390-px phone screen every page a role reaches fits the screen (nothing scrolls sideways but
a table inside its own box), no table wraps its first column one word per line, and the main
menu folds behind a button. One browser, one logged-in context per role, a bounded crawl."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.conf import settings
from django.test import Client

from tests.web.test_crawl_roles import _local, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH, HEIGHT = 390, 844
MAX_PAGES, MAX_PER_KIND = 30, 1
ROLES = ["system_admin", "province_officer", "commune_officer", "institution_reporter", "viewer"]
KIND = re.compile(r"/(?:\d+|[0-9A-Z][0-9A-Z_.-]*)(?=/)")

# A first-column cell of three words or more laid out one word per line (each line box holding a
# single word): the column was squeezed to its narrowest.
MEASURE = """() => {
  const wide = document.scrollingElement.scrollWidth - window.innerWidth;
  const squeezed = [];
  for (const row of document.querySelectorAll("main table tr")) {
    const cell = row.cells[0];
    if (!cell) continue;
    const words = cell.innerText.trim().split(/\\s+/).filter(Boolean);
    if (words.length < 3) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (tops.size >= words.length) squeezed.push(cell.innerText.trim().slice(0, 60));
  }
  return {wide, squeezed: squeezed.slice(0, 3)};
}"""


def _context(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="vi-VN",
                                   device_scale_factor=1, is_mobile=True, has_touch=True)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME]
                          .value, "domain": host, "path": "/"}])
    return context


def _crawl(page, base: str) -> dict[str, dict]:
    problems: dict[str, dict] = {}
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        seen.add(path)
        response = page.goto(base + path)
        if response is None or response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        measured = page.evaluate(MEASURE)
        if measured["wide"] > 0 or measured["squeezed"]:
            problems[path] = measured
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = _local(f"http://testserver{path}", href)
            if not target or target in seen or target in queue:
                continue
            kind = KIND.sub("/*", target.split("?")[0])
            kinds[kind] = kinds.get(kind, 0) + 1
            if kinds[kind] <= MAX_PER_KIND:
                queue.append(target)
    return {"pages": len(seen), "problems": problems}  # type: ignore[dict-item]


def _menu_folds(page, base: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    toggle = page.get_by_role("button", name="Trình đơn", exact=True)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Kế hoạch", exact=True)).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.wait_for_url(base + "/plans/")
    expect(page.get_by_role("button", name="Trình đơn", exact=True)).to_have_attribute("aria-expanded", "false")
    page.set_viewport_size({"width": 1366, "height": 768})  # on a wide screen: the menu, no button
    expect(page.get_by_role("button", name="Trình đơn", exact=True)).to_be_hidden()
    expect(menu.get_by_role("link", name="Kế hoạch", exact=True)).to_be_visible()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_every_page_fits_a_phone_screen_and_the_menu_folds(chromium, live_server, world):  # noqa: F811
    report, pages = {}, 0
    for role in ROLES:
        context = _context(chromium, live_server, world["users"][role])
        page = context.new_page()
        page.set_default_timeout(15_000)
        if role == "province_officer":
            _menu_folds(page, live_server.url)
        result = _crawl(page, live_server.url)
        pages += result["pages"]
        report.update({f"{role} {path}": problem for path, problem in result["problems"].items()})
        context.close()
    assert pages > 60 and report == {}, report
