"""The officer's page of failed logins: a province officer sees and clears their subtree's accounts,
a system administrator everything; nobody else gets in."""

from __future__ import annotations

import pytest
from django.test import Client

from gdnn.accounts.models import LoginThrottle, Role
from gdnn.common.models import AuditEvent
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def failures():
    user_with_role("ls-xa", Role.COMMUNE_OFFICER, _commune("20"))
    user_with_role("tn-xa", Role.COMMUNE_OFFICER, _commune("19"))
    stranger = Client()
    for username in ("ls-xa", "ls-xa", "tn-xa", "khong-ai"):
        stranger.post("/login/", {"username": username, "password": "sai"}, REMOTE_ADDR="198.51.100.7")


def _commune(province_code: str):
    from gdnn.orgunits.models import OrgUnit

    province = orgunit_get(code=province_code)
    return OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                  valid_to__isnull=True).order_by("code").first()


def _logged_in(username: str, role: str, unit) -> Client:
    user_with_role(username, role, unit)
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_province_officer_sees_and_clears_the_failures_of_their_accounts(failures):
    officer = _logged_in("tinh-ls", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    assert 'href="/security/logins/"' in officer.get("/account/").content.decode()
    page = officer.get("/security/logins/").content.decode()
    assert "ls-xa" in page and "tn-xa" not in page and "khong-ai" not in page and "198.51.100.7" in page
    row = LoginThrottle.objects.get(kind="account", key="ls-xa")
    assert row.failures == 2
    assert officer.post("/security/logins/", {"throttle": row.pk}, follow=True).status_code == 200
    assert not LoginThrottle.objects.filter(pk=row.pk).exists()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.THROTTLE_CLEARED)
    assert event.actor_name == "tinh-ls" and event.old["failures"] == 2
    # Another province's account and an address are not theirs to clear.
    other = LoginThrottle.objects.get(kind="account", key="tn-xa")
    address = LoginThrottle.objects.get(kind="address")
    assert officer.post("/security/logins/", {"throttle": other.pk}).status_code == 404
    assert officer.post("/security/logins/", {"throttle": address.pk}).status_code == 404
    assert LoginThrottle.objects.filter(pk__in=[other.pk, address.pk]).count() == 2


def test_a_system_administrator_sees_every_key(failures):
    admin = _logged_in("qtht", Role.SYSTEM_ADMIN, None)
    admin.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = admin.get("/security/logins/").content.decode()
    assert "Failed logins" in page and "Account on a known browser" not in page and "Address" in page
    assert all(name in page for name in ("ls-xa", "tn-xa", "khong-ai", "198.51.100.7"))
    address = LoginThrottle.objects.get(kind="address")
    admin.post("/security/logins/", {"throttle": address.pk})
    assert not LoginThrottle.objects.filter(pk=address.pk).exists()


def test_other_roles_get_no_page(failures):
    commune = _logged_in("xa", Role.COMMUNE_OFFICER, _commune("20"))
    assert commune.get("/security/logins/").status_code == 403
    assert 'href="/security/logins/"' not in commune.get("/account/").content.decode()
    assert Client().get("/security/logins/").status_code == 302
