"""Browser tests: log in with real Chromium, see Vietnamese pages, switch language."""

import re

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.models import OrgUnit
from tests.browser import screenshot
from tests.factories import PASSWORD, unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    return user_with_role("canbo", Role.PROVINCE_OFFICER, province)


def test_officer_logs_in_and_sees_a_vietnamese_overview(live_server, page, officer):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    screenshot(page, "login")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Tổng quan").is_visible()
    page.get_by_role("link", name="Tỉnh Lạng Sơn").first.click()
    assert page.get_by_role("link", name="Xã Hữu Lũng").is_visible()
    screenshot(page, "orgunit-detail")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Tỉnh Lạng Sơn 20").is_visible()
    assert page.get_by_role("heading", name=re.compile(r"^\d+ units? below$")).is_visible()


def test_wrong_password_shows_a_vietnamese_error(live_server, page, officer):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").is_visible()
    assert "tên đăng nhập" in page.get_by_role("alert").inner_text().lower()
