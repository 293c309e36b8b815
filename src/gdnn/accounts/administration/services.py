"""Writes of user administration. Every service takes the acting user (`by`) and checks, inside,
that the account and the role lie in the actor's scope; a refused request changes nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from gdnn.accounts.administration.selectors import role_check_grantable, user_manageable_get
from gdnn.accounts.models import RoleAssignment, User
from gdnn.accounts.services import role_assign, user_deactivate, user_reactivate
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.common.mail import mail_send
from gdnn.orgunits.models import OrgUnit

TEMPORARY_PASSWORD_BYTES = 9  # 12 characters of URL-safe base64


@dataclass
class NewAccount:
    user: User
    temporary_password: str | None  # shown once to the officer; None when an invitation was e-mailed


def _manageable(by: User, user: User) -> User:
    return user_manageable_get(actor=by, user_id=user.pk)


def _clean(user: User) -> None:
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise DomainError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc


def _temporary_password() -> str:
    return secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)


@transaction.atomic
def user_create_managed(*, by: User, username: str, role: str, org_unit: OrgUnit | None, full_name: str = "",
                        email: str = "") -> NewAccount:
    """A new account with one role. With an e-mail it gets no password, only an invitation link to set
    one (sent after the commit, by the caller: `password_link_send`); without, a temporary password.
    Either way the first login leads to the password change."""
    role_check_grantable(actor=by, role=role, org_unit=org_unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(gettext("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username})
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), must_change_password=True)
    temporary = None
    if user.email:
        user.set_unusable_password()
    else:
        temporary = _temporary_password()
        user.set_password(temporary)
    _clean(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DomainError(gettext("Tên đăng nhập “%(username)s” đã có người dùng.")
                          % {"username": username}) from exc
    role_assign(user=user, role=role, org_unit=org_unit)
    return NewAccount(user, temporary)


@transaction.atomic
def user_update(*, by: User, user: User, full_name: str, email: str) -> User:
    user = _manageable(by, user)
    user.full_name, user.email = full_name.strip(), email.strip()
    _clean(user)
    user.save(update_fields=["full_name", "email"])
    return user


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> User:
    """Deactivate (never delete: their reports and events keep their name) or reactivate an account."""
    user = _manageable(by, user)
    if user.pk == by.pk and not active:
        raise DomainError(gettext("Bạn không thể tự khóa tài khoản của mình."))
    # The one write of an account's state: audit event, and API tokens revoked on deactivation.
    return user_deactivate(user=user, by=by) if not active else user_reactivate(user=user, by=by)


@transaction.atomic
def role_grant(*, by: User, user: User, role: str, org_unit: OrgUnit | None) -> RoleAssignment:
    user = _manageable(by, user)
    role_check_grantable(actor=by, role=role, org_unit=org_unit)
    return role_assign(user=user, role=role, org_unit=org_unit)


@transaction.atomic
def role_revoke(*, by: User, assignment: RoleAssignment) -> None:
    user = _manageable(by, assignment.user)
    role_check_grantable(actor=by, role=assignment.role, org_unit=assignment.org_unit)
    if user.pk == by.pk:
        raise DomainError(gettext("Bạn không thể tự bỏ vai trò của mình; hãy nhờ cấp trên."))
    if user.roles.count() <= 1:
        raise DomainError(gettext("Đây là vai trò cuối cùng của tài khoản; hãy khóa tài khoản thay vì bỏ vai trò."))
    assignment.delete()


@transaction.atomic
def password_temporary_set(*, by: User, user: User) -> str:
    """A new temporary password for the account (shown once to the officer), changed at first login."""
    user = _manageable(by, user)
    if user.pk == by.pk:
        raise PermissionDenied(gettext("Hãy đổi mật khẩu của chính mình ở trang Tài khoản."))
    temporary = _temporary_password()
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return temporary


def password_link_send(*, by: User | None, user: User, base_url: str, invitation: bool = False) -> None:
    """E-mail the account a one-time link to set its password (Django's reset token: it stops working
    once the password changes). `by` None is the user asking for it themselves."""
    if by is not None:
        user = _manageable(by, user)
    if not user.email:
        raise DomainError(gettext("Tài khoản %(username)s chưa có địa chỉ e-mail.") % {"username": user.username})
    if not user.is_active:
        raise DomainError(gettext("Tài khoản %(username)s đang bị khóa.") % {"username": user.username})
    parts = urlsplit(base_url)
    context = {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
               "token": default_token_generator.make_token(user), "protocol": parts.scheme or "https",
               "domain": parts.netloc, "invitation": invitation, "email": user.email, "site_name": "GDNN"}
    password_link_mail(to=user.email, context=context)


def password_link_mail(*, to: str, context: dict) -> None:
    """The password-link e-mail, built as every GDNN e-mail is (gdnn.common.mail); an officer's
    invitation or reset and the login page's "forgotten password" send the same one."""
    subject = " ".join(render_to_string("accounts/users/password_link_subject.txt", context).split())
    mail_send(to=to, subject=subject, body=render_to_string("accounts/users/password_link_email.txt", context))

