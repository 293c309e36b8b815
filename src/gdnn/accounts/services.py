"""Writes for accounts: users with their roles, and the login-failure record."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gdnn.accounts.models import ROLE_LEVEL, LoginAttempt, Role, RoleAssignment, User
from gdnn.common.errors import DomainError
from gdnn.orgunits.models import OrgUnit


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str, org_unit: OrgUnit | None, full_name: str = "", email: str = ""
) -> User:
    user = User(username=username, full_name=full_name, email=email, is_staff=role == Role.SYSTEM_ADMIN,
                is_superuser=role == Role.SYSTEM_ADMIN)
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise DomainError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
    user.save()
    role_assign(user=user, role=role, org_unit=org_unit)
    return user


@transaction.atomic
def role_assign(*, user: User, role: str, org_unit: OrgUnit | None) -> RoleAssignment:
    if role not in Role.values:
        raise DomainError(f"Vai trò không hợp lệ: {role}")
    level = ROLE_LEVEL[Role(role)]
    if level is not None and (org_unit is None or org_unit.level != level):
        raise DomainError(f"Vai trò {Role(role).label} phải gắn với một đơn vị cấp {level}.")
    if role == Role.SYSTEM_ADMIN and org_unit is not None:
        raise DomainError("Quản trị hệ thống có phạm vi toàn quốc, không gắn với đơn vị.")
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    return assignment


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.GDNN_LOGIN_WINDOW_SECONDS)


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginAttempt.objects.create(username=username.casefold()[:150], ip_address=ip_address)
    LoginAttempt.objects.filter(attempted_at__lt=_window_start()).delete()


def login_success_record(*, username: str) -> None:
    LoginAttempt.objects.filter(username=username.casefold()[:150]).delete()


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    limit = settings.GDNN_LOGIN_MAX_FAILURES
    recent = LoginAttempt.objects.filter(attempted_at__gte=_window_start())
    if recent.filter(username=username.casefold()[:150]).count() >= limit:
        return True
    # An address gets more room than a username: several people may share an office's address.
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit * 4
