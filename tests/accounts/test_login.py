import pytest

from gdnn.accounts.models import Role
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    user = user_with_role("a", Role.VIEWER, None)
    assert user.password.startswith("argon2")


def test_repeated_failures_make_a_new_browser_wait_even_for_the_right_password(client):
    user_with_role("b", Role.VIEWER, None)
    for _ in range(5):
        response = client.post("/login/", {"username": "b", "password": "sai"})
        assert response.status_code == 200
    response = client.post("/login/", {"username": "b", "password": PASSWORD})
    assert response.status_code == 200
    assert "Hãy chờ 2 giây" in response.content.decode()  # a short wait, not a lock (test_login_throttle.py)
    assert "_auth_user_id" not in client.session


def test_a_good_login_clears_earlier_failures(client):
    user_with_role("c", Role.VIEWER, None)
    for _ in range(3):
        client.post("/login/", {"username": "c", "password": "sai"})
    assert client.post("/login/", {"username": "c", "password": PASSWORD}).status_code == 302


def test_login_page_is_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Log in" in client.get("/login/").content.decode()


def test_logins_need_the_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "x", "password": "y"}).status_code == 403


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page
