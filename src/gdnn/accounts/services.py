"""Writes for accounts: users with their roles, the login-failure record, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gdnn.accounts.models import ROLE_LEVEL, ApiToken, LoginAttempt, Role, RoleAssignment, User
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
        raise DomainError(f"Vai trò {Role(role).label} phải gắn với một đơn vị cấp {OrgUnit.Level(level).label}.")
    if role == Role.SYSTEM_ADMIN and org_unit is not None:
        raise DomainError("Quản trị hệ thống có phạm vi toàn quốc, không gắn với đơn vị.")
    if org_unit is not None and not org_unit.is_valid_on(timezone.localdate()):
        # e.g. the pre-2025 province 19 or a commune merged away: a role acts on units that exist now.
        raise DomainError(f"Đơn vị {org_unit.name} ({org_unit.code}) không còn hiệu lực; "
                          "hãy chọn đơn vị hiện hành.")
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


# --- API tokens ----------------------------------------------------------------------------------

TOKEN_PREFIX = "gdnn_"
TOKEN_SHOWN = len(TOKEN_PREFIX) + 8  # the part kept in clear, to tell tokens apart in a list
TOKEN_TOUCH_SECONDS = 60  # last_used_at is written at most this often per token


def _digest(raw: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


def apitoken_create(*, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the token text, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError("Hãy đặt tên cho mã truy cập (ví dụ: tên hệ thống sẽ dùng nó).")
    if days is not None and days <= 0:
        raise DomainError("Thời hạn của mã truy cập phải là một số ngày dương.")
    if not user.is_active:
        raise DomainError(f"Tài khoản {user.username} đang bị khóa.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=days) if days is not None else None
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:TOKEN_SHOWN], digest=_digest(raw),
                                    expires_at=expires)
    return token, raw


def apitoken_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def apitoken_authenticate(*, raw: str) -> User | None:
    """The active user a valid, unexpired, unrevoked token belongs to; None for anything else."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw), revoked_at__isnull=True).first()
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
