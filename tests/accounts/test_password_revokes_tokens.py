"""A password change (on the account page or by an administrator) revokes the user's API tokens:
whoever knew the old password may have made one."""

from __future__ import annotations

import pytest
from django.test import Client

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_authenticate, apitoken_create, user_create
from gdnn.common.models import AuditEvent
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
NEW = "một-mật-khẩu-mới-dài-2026"


def test_changing_ones_password_revokes_ones_tokens_and_says_so():
    user = user_with_role("tinh", Role.VIEWER, None)
    other = user_with_role("khac", Role.VIEWER, None)
    _, mine = apitoken_create(user=user, name="kho", by=user)
    _, theirs = apitoken_create(user=other, name="kho", by=other)
    client = Client()
    client.login(username="tinh", password=PASSWORD)
    page = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
                       follow=True).content.decode()
    assert "Mã truy cập API của bạn đã bị thu hồi vì mật khẩu đã đổi" in page
    assert apitoken_authenticate(raw=mine) is None and apitoken_authenticate(raw=theirs) == other
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_REVOKED)
    assert event.new["reason"] == "password_changed" and event.actor_name == "tinh"


def test_an_administrator_setting_a_password_revokes_the_tokens_too():
    admin = user_create(username="qtht", password=PASSWORD, role=Role.SYSTEM_ADMIN, org_unit=None)
    user = user_with_role("tinh", Role.VIEWER, None)
    _, raw = apitoken_create(user=user, name="kho", by=user)
    client = Client()
    client.login(username="qtht", password=PASSWORD)
    response = client.post(f"/admin/accounts/user/{user.pk}/password/",
                           {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302
    assert apitoken_authenticate(raw=raw) is None
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_REVOKED).actor == admin
