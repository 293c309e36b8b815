"""Error pages speak Vietnamese inside the site's layout; the 500 page stands alone."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_a_missing_unit_says_why_in_vietnamese(client, settings):
    settings.DEBUG = False
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    response = client.get("/orgunits/99999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Không có đơn vị mã 99999" in page
    assert 'href="/data/"' in page  # the site's menu is there
    unknown = client.get("/no-such-page/").content.decode()
    assert "Không tìm thấy trang" in unknown and "Resolver404" not in unknown and "tried" not in unknown


def test_the_server_error_page_needs_no_context():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "Đã xảy ra lỗi hệ thống" in page and 'lang="en"' in page
