"""Edits made offline meet a colleague's saves of the same cells, in real Chromium: nothing is
overwritten unseen. The conflicted cells say so in words, keep the reporter's values (also across a
reload), and are resolved both ways ("keep mine", "take theirs") while the rest of the queue is
saved; the audit trail has one row per real change, each row starting where the previous ended.
"""

import re
from decimal import Decimal
from itertools import pairwise

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gdnn.accounts.models import Role
from gdnn.collection.models import DataValue, DataValueAudit
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get
from gdnn.collection.services.datasets import dataset_sync
from gdnn.collection.services.values import Base, datavalue_set
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.browser import login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server):
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    school = OrgUnit.objects.filter(code="CD-XD-01", level=OrgUnit.Level.INSTITUTION).first() or institution_create(
        code="CD-XD-01", name="Trường Cao đẳng Xung Đột", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    period = period_for_date(timezone.localdate(), "semiannual")
    data_set = dataset_get(code="INST_SEMIANNUAL")
    return {
        "url": f"{live_server.url}/data/INST_SEMIANNUAL/{school.code}/{period.code}/",
        "form": (data_set, school, period),
        "reporter": user_with_role("nhaplieu", Role.INSTITUTION_REPORTER, school),
        "colleague": user_with_role("dongnghiep", Role.INSTITUTION_REPORTER, school),
    }


def all_saved(page):
    expect(page.locator("#entry input.cell.queued")).to_have_count(0, timeout=30_000)
    expect(page.locator("#save-status")).to_have_text(re.compile("^Đã lưu"), timeout=30_000)


def test_offline_edits_meet_a_colleagues_saves_and_are_resolved_both_ways(live_server, page, world):
    data_set, school, period = world["form"]
    login(page, live_server.url, "nhaplieu")
    page.goto(world["url"])
    cells = page.locator("#entry input.cell")
    first, second, third = cells.nth(0), cells.nth(1), cells.nth(2)
    first.focus()
    for value in ("10", "20", "30"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    all_saved(page)

    # Offline, the reporter changes the three cells; the edits wait in the queue.
    page.context.set_offline(True)
    first.select_text()  # focused with its text selected, as Tab leaves the next cells
    for value in ("12", "22", "32"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_contain_text("3 thay đổi")

    # Meanwhile a colleague saves the first two cells from the web form.
    ids = [first.get_attribute("id"), second.get_attribute("id")]
    for anchor, (raw, was) in zip(ids, (("11", 10), ("21", 20)), strict=True):
        element, key = (page.locator(f"#{anchor}").get_attribute(a) for a in ("data-element", "data-key"))
        datavalue_set(data_set=data_set, org_unit=school, period=period, element=element, key=key, raw=raw,
                      by=world["colleague"], channel="web", base=Base(Decimal(was)))

    # Back online: the third cell is saved; the first two are in conflict, said in words, the
    # reporter's values kept in the cells.
    page.context.set_offline(False)
    conflicts = page.locator(".cell-conflict")
    expect(conflicts).to_have_count(2, timeout=30_000)
    expect(page.locator("#save-status")).to_contain_text("2 ô bị xung đột")
    expect(third).not_to_have_class(re.compile(r"\bqueued\b"))
    panel = page.locator(f"#conflict-{ids[0]}")
    expect(panel).to_contain_text("Xung đột")
    expect(panel).to_contain_text("dongnghiep")
    expect(panel).to_contain_text("“11”")
    expect(first).to_have_value("12")
    expect(second).to_have_value("22")
    expect(first).to_have_attribute("aria-describedby", f"conflict-{ids[0]}")
    screenshot(page, "collection-entry-conflict")

    # A reload keeps the conflicts and the reporter's values (they live in the browser's storage).
    page.reload()
    expect(conflicts).to_have_count(2)
    expect(first).to_have_value("12")

    # Keep mine on the first cell, take theirs on the second.
    panel.get_by_role("button", name="Giữ giá trị của tôi: 12").click()
    page.locator(f"#conflict-{ids[1]}").get_by_role("button", name="Lấy giá trị đã lưu: 21").click()
    expect(conflicts).to_have_count(0)
    expect(second).to_have_value("21")
    all_saved(page)
    expect(first).not_to_have_class(re.compile(r"\bconflict\b"))

    stored = {v.disaggregation: v.value for v in DataValue.objects.all()}
    assert sorted(stored.values()) == [12, 21, 32]
    # 3 first saves, 2 of the colleague, the third cell, the kept first cell: nothing refused left a row.
    assert DataValueAudit.objects.count() == 7
    for key, value in stored.items():
        chain = list(DataValueAudit.objects.filter(disaggregation=key).order_by("at", "pk")
                     .values_list("old_value", "new_value"))
        assert chain[0][0] is None and chain[-1][1] == value
        assert all(prev[1] == nxt[0] for prev, nxt in pairwise(chain))
