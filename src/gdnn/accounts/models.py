"""Users, their roles, and the org-unit subtree each role is bound to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gdnn.orgunits.models import OrgUnit


class GdnnUserManager(UserManager):
    """`createsuperuser` (and any superuser made in code) also gets the system-administrator role."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        from gdnn.accounts.services import role_assign

        user = super().create_superuser(username, email, password, **extra_fields)
        role_assign(user=user, role=Role.SYSTEM_ADMIN, org_unit=None)
        return user


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Set for an account made by an officer (temporary password, import): the first login leads to
    # the password change page and nowhere else until the password is changed.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = GdnnUserManager()

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    INSTITUTION_REPORTER = "institution_reporter", _("Institution reporter")
    VIEWER = "viewer", _("Viewer")


# Which unit level each role is bound to (None: the whole country).
ROLE_LEVEL = {
    Role.SYSTEM_ADMIN: None,
    Role.PROVINCE_OFFICER: OrgUnit.Level.PROVINCE,
    Role.COMMUNE_OFFICER: OrgUnit.Level.COMMUNE,
    Role.INSTITUTION_REPORTER: OrgUnit.Level.INSTITUTION,
    Role.VIEWER: None,
}


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    # The root of the subtree the role acts on; null only for a system administrator or a national viewer.
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "org_unit"], name="role_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit or '—'}"


class LoginThrottle(models.Model):
    """Recent failed logins for one key, and until when the key must wait (accounts/throttle.py).

    A key is an account (the username as typed, case-folded), a client address, or an account on a
    browser that has logged in to it before (its device cookie). Counts change only under a row lock.
    """

    class Kind(models.TextChoices):
        ACCOUNT = "account", pgettext_lazy("login throttle", "Tài khoản")
        ADDRESS = "address", pgettext_lazy("login throttle", "Địa chỉ")
        DEVICE = "device", pgettext_lazy("login throttle", "Tài khoản trên trình duyệt quen")

    kind = models.CharField(pgettext_lazy("login throttle", "loại"), max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=200)
    username = models.CharField(pgettext_lazy("login throttle", "tên đăng nhập"), max_length=150, blank=True, db_index=True)
    failures = models.PositiveIntegerField(pgettext_lazy("login throttle", "số lần sai"), default=0)
    last_failure_at = models.DateTimeField(pgettext_lazy("login throttle", "lần sai gần nhất"), null=True, blank=True)
    last_address = models.GenericIPAddressField(pgettext_lazy("login throttle", "địa chỉ gần nhất"), null=True, blank=True)
    blocked_until = models.DateTimeField(pgettext_lazy("login throttle", "chờ đến"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("login throttle", "giới hạn đăng nhập")
        verbose_name_plural = pgettext_lazy("login throttle", "giới hạn đăng nhập")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="loginthrottle_unique_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.failures}"


class ApiToken(models.Model):
    """A personal access token for the API. Only its SHA-256 digest is kept; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)  # the first characters, for lists
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # A digest of the owner's password hash when the token was made: any later password change, by
    # whatever path (page, admin, `gdnn manage changepassword`), makes the token stop working.
    password_stamp = models.CharField(max_length=32, blank=True, editable=False)
    # What the token may do, narrower than its user's roles: "read" always; "data:write" to send
    # values; "workflow" to submit, approve, return or reopen (docs/api.md). Space-separated.
    scopes = models.CharField(_("scopes"), max_length=100, default="read data:write workflow")
    # Empty: the defaults in settings (GDNN_API_RATE_PER_MINUTE, GDNN_API_QUOTA_PER_DAY); 0: no limit.
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), null=True, blank=True)
    quota_per_day = models.PositiveIntegerField(_("requests per day"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… · {self.name}"

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())
