"""The user's own account page and password change."""

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
NEW = "một-mật-khẩu-mới-dài-2026"


@pytest.fixture
def officer(client):
    user = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    assert client.login(username="tinh", password=PASSWORD)
    return user


def test_the_account_page_shows_the_roles_with_their_units(client, officer):
    page = client.get("/account/").content.decode()
    assert "Tài khoản của bạn" in page and "Tỉnh Lạng Sơn" in page
    assert 'href="/account/password/"' in page and 'href="/account/tokens/"' in page


def test_a_password_is_changed_with_the_old_one_and_works_at_once(client, officer):
    wrong = client.post("/account/password/", {"old_password": "sai", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    done = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
                       follow=True)
    assert "Mật khẩu của bạn đã được đổi." in done.content.decode()
    assert client.get("/account/").status_code == 200  # the session survives the change
    client.logout()
    assert client.login(username="tinh", password=NEW)


def test_the_account_pages_need_a_login(client):
    assert client.get("/account/").status_code == 302
    assert client.get("/account/password/").status_code == 302
