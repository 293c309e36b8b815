"""Behind a trusted proxy the real client address reaches the request log line and the audit rows;
a forwarded-for header from anyone else is ignored (common/clientaddr.py)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from gdnn.accounts.models import ApiToken, LoginThrottle, Role
from gdnn.common.clientaddr import client_address_from
from gdnn.common.models import AuditEvent
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.GDNN_TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]


@pytest.mark.parametrize(("peer", "header", "client"), [
    (PROXY, "203.0.113.9", "203.0.113.9"),  # one trusted proxy
    (PROXY, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own claim (left) is ignored
    (PROXY, "203.0.113.9, 10.0.0.7", "203.0.113.9"),  # two trusted hops
    (PROXY, "garbage, 203.0.113.9", "203.0.113.9"),
    (PROXY, "203.0.113.9:5123", "203.0.113.9"),
    (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
    (PROXY, "not-an-address", PROXY),  # a broken header stops at the proxy
    (PROXY, "", PROXY),
    ("::1", "2001:db8::7", "2001:db8::7"),
    ("198.51.100.3", "203.0.113.9", "198.51.100.3"),  # an untrusted peer's header is ignored
])
def test_the_client_is_the_first_untrusted_hop_from_the_right(behind_proxy, peer, header, client):
    assert client_address_from({"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": header}) == client


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.GDNN_TRUSTED_PROXIES = []
    assert client_address_from({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}) == PROXY


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_log_line_and_the_audit_row_carry_the_client(behind_proxy, caplog):
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    with caplog.at_level(logging.INFO, logger="gdnn.request"):
        assert client.post("/login/", {"username": "tinh", "password": PASSWORD}).status_code == 302
        client.post("/account/tokens/", {"action": "create", "name": "kho dữ liệu", "days": "30"})
    lines = [r.getMessage() for r in caplog.records if r.name == "gdnn.request"]
    assert lines[0].startswith('203.0.113.9 "POST /login/" 302')
    assert lines[1].startswith('203.0.113.9 "POST /account/tokens/" 302') and lines[1].endswith("user=tinh")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_CREATED)
    assert event.client_address == "203.0.113.9" and event.actor_name == "tinh"
    assert event.object_id == str(ApiToken.objects.get().pk)


@pytest.mark.django_db
def test_an_untrusted_forwarded_for_header_is_ignored_everywhere(behind_proxy, caplog):
    client = Client(REMOTE_ADDR="198.51.100.3", HTTP_X_FORWARDED_FOR="203.0.113.9")
    with caplog.at_level(logging.INFO, logger="gdnn.request"):
        client.post("/login/", {"username": "ai-do", "password": "sai"})
    assert next(r.getMessage() for r in caplog.records if r.name == "gdnn.request").startswith("198.51.100.3 ")
    assert LoginThrottle.objects.get(kind="address").key == "198.51.100.3"


@pytest.mark.django_db
def test_guesses_through_the_proxy_are_counted_per_real_client(behind_proxy):
    for i in range(3):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").post(
            "/login/", {"username": "ai-do", "password": "sai"})
    assert sorted(LoginThrottle.objects.filter(kind="address").values_list("key", flat=True)) == [
        "203.0.113.0", "203.0.113.1", "203.0.113.2"]


@pytest.mark.parametrize(("proxies", "ok"), [("127.0.0.1, ::1, 10.0.0.0/8", True), ("127.0.0.1,nginx", False)])
def test_the_trusted_proxies_setting_is_checked_at_start(tmp_path, proxies, ok):
    from tests.config.test_settings import run_check

    result = run_check({"SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-" + "x9Q" * 10,
                        "ALLOWED_HOSTS": "gdnn.example.gov.vn", "GDNN_DATA_DIR": str(tmp_path),
                        "GDNN_TRUSTED_PROXIES": proxies})
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert "GDNN_TRUSTED_PROXIES: “nginx”" in result.stderr and "Traceback" not in result.stderr
