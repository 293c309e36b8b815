"""Login throttling that slows guessing but cannot be turned on users (accounts/throttle.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gdnn.accounts.models import LoginThrottle, Role
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
WAIT = "Hãy chờ"


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    # Throttling does not depend on the hash; Argon2 would make each of the many logins here slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client: Client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_25_failures_by_25_accounts_from_one_address_do_not_stop_another_account():
    user_with_role("khac", Role.VIEWER, None)
    attacker = Client()
    for i in range(25):
        assert _login(attacker, f"nguoi-{i}", "sai").status_code == 200
    address = LoginThrottle.objects.get(kind="address", key="198.51.100.7")
    assert address.failures == 25 and address.blocked_until > timezone.now()  # the address is slowed down …
    # … for repeated guesses at an account that already failed,
    assert WAIT in _login(attacker, "nguoi-3", "sai").content.decode()
    # but a colleague behind the same address, on a browser that never logged in, gets in at once.
    assert _login(Client(), "khac", PASSWORD).status_code == 302


def test_an_account_waits_after_five_failures_and_the_wait_doubles():
    user_with_role("b", Role.VIEWER, None)
    stranger = Client()
    for _ in range(5):
        assert WAIT not in _login(stranger, "b", "sai").content.decode()
    refused = _login(stranger, "b", PASSWORD)  # even the right password waits: it is not checked
    assert refused.status_code == 200 and WAIT in refused.content.decode() and "giây" in refused.content.decode()
    assert "_auth_user_id" not in stranger.session
    row = LoginThrottle.objects.get(kind="account", key="b")
    assert row.failures == 5 and (row.blocked_until - row.last_failure_at).total_seconds() == 2
    for expected in (4, 8, 16):  # each failure after the wait doubles the next wait
        LoginThrottle.objects.filter(pk=row.pk).update(blocked_until=timezone.now() - dt.timedelta(seconds=1))
        assert WAIT not in _login(stranger, "b", "sai").content.decode()
        row.refresh_from_db()
        assert (row.blocked_until - row.last_failure_at).total_seconds() == expected


def test_the_owner_browser_is_not_held_back_by_a_strangers_failures():
    user_with_role("chu", Role.VIEWER, None)
    owner = Client()
    assert _login(owner, "chu", PASSWORD, "203.0.113.5").status_code == 302
    owner.post("/logout/")
    stranger = Client()
    for _ in range(8):
        _login(stranger, "chu", "sai")
    assert WAIT in _login(stranger, "chu", PASSWORD).content.decode()
    # The owner's browser carries the signed device cookie from its earlier login.
    assert _login(owner, "chu", PASSWORD, "203.0.113.5").status_code == 302
    # A forged cookie is worth nothing.
    forger = Client()
    forger.cookies["gdnn_device"] = "chu"
    assert WAIT in _login(forger, "chu", PASSWORD).content.decode()


def test_guesses_from_the_owner_browser_are_throttled_too():
    user_with_role("may", Role.VIEWER, None)
    browser = Client()
    assert _login(browser, "may", PASSWORD).status_code == 302
    browser.post("/logout/")
    for _ in range(5):
        _login(browser, "may", "sai")
    assert WAIT in _login(browser, "may", PASSWORD).content.decode()
    assert LoginThrottle.objects.get(kind="device").failures == 5


def test_a_good_login_clears_the_account_and_old_failures_are_forgotten(settings):
    user_with_role("c", Role.VIEWER, None)
    client = Client()
    for _ in range(3):
        _login(client, "c", "sai")
    assert _login(client, "c", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(kind="account", key="c").exists()
    assert LoginThrottle.objects.get(kind="address").failures == 3  # the success took back only its own charge
    client.post("/logout/")
    for _ in range(5):
        _login(Client(), "c", "sai")
    LoginThrottle.objects.update(last_failure_at=timezone.now() - dt.timedelta(seconds=settings.GDNN_LOGIN_WINDOW_SECONDS + 1))
    assert _login(Client(), "c", PASSWORD).status_code == 302


def test_usernames_are_counted_without_regard_to_case():
    user_with_role("hoa", Role.VIEWER, None)
    client = Client()
    for name in ("hoa", "HOA", "Hoa", "hOa", "hoA"):
        _login(client, name, "sai")
    assert WAIT in _login(client, "hoa", PASSWORD).content.decode()
