"""Writes for accounts: users with their roles and API tokens (login throttling: throttle.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import ROLE_LEVEL, ApiToken, Role, RoleAssignment, User
from gdnn.common import events
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
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
        raise DomainError(gettext("Vai trò không hợp lệ: %(role)s") % {"role": role})
    level = ROLE_LEVEL[Role(role)]
    if level is not None and (org_unit is None or org_unit.level != level):
        raise DomainError(gettext("Vai trò %(role)s phải gắn với một đơn vị cấp %(level)s.")
                          % {"role": Role(role).label, "level": OrgUnit.Level(level).label})
    if role == Role.SYSTEM_ADMIN and org_unit is not None:
        raise DomainError(gettext("Quản trị hệ thống có phạm vi toàn quốc, không gắn với đơn vị."))
    if org_unit is not None and not org_unit.is_valid_on(timezone.localdate()):
        # e.g. the pre-2025 province 19 or a commune merged away: a role acts on units that exist now.
        raise DomainError(gettext("Đơn vị %(unit)s (%(code)s) không còn hiệu lực; hãy chọn đơn vị hiện hành.")
                          % {"unit": org_unit.name, "code": org_unit.code})
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    return assignment


def _ensure_user_admin(by: User | None, user: User) -> None:
    """The system administrator manages every account; a province officer those of their province."""
    from gdnn.accounts.administration.selectors import user_manageable_get

    if by is None:
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống được khóa hoặc mở lại tài khoản."))
    if by.is_superuser or RoleAssignment.objects.filter(user=by, role=Role.SYSTEM_ADMIN).exists():
        return
    try:
        user_manageable_get(actor=by, user_id=user.pk)
    except (NotFound, PermissionDenied) as exc:
        raise PermissionDenied(gettext("Bạn không quản lý tài khoản này.")) from exc


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> User:
    """Close an account instead of deleting it, so every row it wrote still names it.

    Its API tokens are revoked with it, and its sessions stop working (Django refuses inactive users).
    """
    _ensure_user_admin(by, user)
    if by is not None and by.pk == user.pk:
        raise DomainError(gettext("Bạn không thể tự khóa tài khoản của chính mình."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    apitokens_revoke_all(user=user, by=by, reason="user_deactivated")
    events.user_deactivated(user=user, by=by)
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User | None) -> User:
    _ensure_user_admin(by, user)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    events.user_reactivated(user=user, by=by)
    return user


@transaction.atomic
def user_password_changed(*, user: User, by: User | None) -> int:
    """After a password change or reset: the API tokens made under the old password stop working.

    A token is a second way into the account; whoever knew the old password may have made one.
    A user who chose their own password (`by` is the user) no longer has to change it at login.
    Returns how many tokens were revoked (each with an audit event).
    """
    if by is not None and by.pk == user.pk and user.must_change_password:
        user.must_change_password = False
        User.objects.filter(pk=user.pk).update(must_change_password=False)
    return apitokens_revoke_all(user=user, by=by, reason="password_changed")


# --- API tokens ----------------------------------------------------------------------------------

TOKEN_PREFIX = "gdnn_"
TOKEN_SHOWN = len(TOKEN_PREFIX) + 8  # the part kept in clear, to tell tokens apart in a list
TOKEN_TOUCH_SECONDS = 60  # last_used_at is written at most this often per token


def password_stamp(user: User) -> str:
    """A digest of the user's current password hash (changes whenever the password does)."""
    return hashlib.sha256(user.password.encode()).hexdigest()[:32]


# "read" is every token's; the others are chosen when the token is made.
TOKEN_SCOPES = ("read", "data:write", "workflow")


def _digest(raw: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def apitoken_create(*, user: User, name: str, days: int | None = 365, by: User | None = None,
                    scopes: list[str] | None = None) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the token text, which is never stored or shown again.

    `by` is who asked (the user on their page; None from the command line). `scopes` narrow what the
    token may do (TOKEN_SCOPES); None gives all of them, as before scopes existed."""
    name = name.strip()
    chosen = list(TOKEN_SCOPES) if scopes is None else ["read", *(s for s in TOKEN_SCOPES if s in scopes and s != "read")]
    unknown = set(scopes or ()) - set(TOKEN_SCOPES)
    if unknown:
        raise DomainError(gettext("Phạm vi không hợp lệ: %(scopes)s.") % {"scopes": ", ".join(sorted(unknown))})
    if not name:
        raise DomainError(gettext("Hãy đặt tên cho mã truy cập (ví dụ: tên hệ thống sẽ dùng nó)."))
    if days is not None and days <= 0:
        raise DomainError(gettext("Thời hạn của mã truy cập phải là một số ngày dương."))
    if not user.is_active:
        raise DomainError(gettext("Tài khoản %(username)s đang bị khóa.") % {"username": user.username})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=days) if days is not None else None
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:TOKEN_SHOWN], digest=_digest(raw),
                                    expires_at=expires, password_stamp=password_stamp(user),
                                    scopes=" ".join(chosen))
    events.apitoken_created(token=token, by=by)
    return token, raw


@transaction.atomic
def apitoken_revoke(*, token: ApiToken, by: User | None = None, reason: str = "revoked") -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        events.apitoken_revoked(token=token, by=by, reason=reason)
    return token


@transaction.atomic
def apitokens_revoke_all(*, user: User, by: User | None, reason: str) -> int:
    """Revoke every live token of the user (e.g. after their password changed); returns how many."""
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in live:
        apitoken_revoke(token=token, by=by, reason=reason)
    return len(live)


def apitoken_authenticate(*, raw: str) -> User | None:
    """The active user a valid, unexpired, unrevoked token belongs to; None for anything else."""
    token = apitoken_find(raw=raw)
    return token.user if token is not None else None


def apitoken_find(*, raw: str) -> ApiToken | None:
    """The valid, unexpired, unrevoked token of an active user (with `.user`); None for anything else."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw), revoked_at__isnull=True).first()
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.password_stamp != password_stamp(token.user):  # the password changed outside the pages
        apitoken_revoke(token=token, by=None, reason="password_changed")
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS:
        _token_touch(token.pk, now)
    return token


def _token_touch(pk: int, now) -> None:
    """Best effort: a busy database (SQLite during a long import) must never fail a read."""
    with contextlib.suppress(DatabaseError), transaction.atomic():  # a savepoint inside an outer transaction
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
