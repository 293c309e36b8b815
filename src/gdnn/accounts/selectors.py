"""Who may see and change what: a role's scope is the subtree under its org unit.

Every view that takes an org unit from a URL goes through `orgunit_for_user` (404 outside the
reader's scope) and writes go through `ensure_can_edit` (403 for a role that may read but not write).
A pre-2025 unit is in scope when the unit it now lives on in is. A former district (or former
province) spans the ground of several new communes, so its records (its plan, above all) belong to
the province: the province officer edits them; a commune officer on part of its ground only reads.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import ApiToken, LoginThrottle, Role, RoleAssignment, User
from gdnn.common.errors import NotFound, PermissionDenied
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_current_units

WRITE_ROLES = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.INSTITUTION_REPORTER}
# Who may write the records of a former district or province (the former-district rule above).
FORMER_AREA_WRITE_ROLES = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER}
FORMER_AREA_LEVELS = {OrgUnit.Level.PROVINCE, OrgUnit.Level.DISTRICT}


def user_assignments(*, user: User) -> list[RoleAssignment]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_gdnn_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("org_unit"))
        user._gdnn_assignments = cached  # type: ignore[attr-defined]
    return cached


def user_is_national(*, user: User) -> bool:
    return user.is_superuser or any(a.org_unit is None for a in user_assignments(user=user))


def _roots(user: User, roles: set[str] | None = None) -> list[OrgUnit]:
    return [a.org_unit for a in user_assignments(user=user) if a.org_unit and (roles is None or a.role in roles)]


def _national(user: User, roles: set[str] | None = None) -> bool:
    if user.is_superuser:
        return True
    return any(a.org_unit is None and (roles is None or a.role in roles) for a in user_assignments(user=user))


def _under(unit: OrgUnit, roots: list[OrgUnit]) -> bool:
    return any(unit.path.startswith(root.path) for root in roots)


def orgunit_in_scope(*, user: User, unit: OrgUnit, roles: set[str] | None = None) -> bool:
    if _national(user, roles):
        return True
    roots = _roots(user, roles)
    if not roots:
        return False
    if _under(unit, roots):
        return True
    if unit.is_pre_reform:
        return any(_under(current, roots) for current in orgunit_current_units(unit=unit))
    # A unit above the user's root (e.g. the province of a commune officer) is not in scope.
    return False


def orgunit_above_user(*, user: User, unit: OrgUnit) -> bool:
    """True when the unit lies above one of the user's units (the province of a commune officer,
    the province and commune of an institution reporter): the user reports into it."""
    return any(root.pk != unit.pk and root.path.startswith(unit.path) for root in _roots(user))


def user_units_under(*, user: User, unit: OrgUnit | None) -> list[OrgUnit]:
    """The user's own units inside `unit` (the whole country when None), the unit itself excluded."""
    return [root for root in dict.fromkeys(_roots(user))
            if unit is None or (root.pk != unit.pk and root.path.startswith(unit.path))]


def orgunit_for_user(*, user: User, unit: OrgUnit) -> OrgUnit:
    """The unit if the user may read it; Http404 otherwise (no hint that it exists)."""
    if not orgunit_in_scope(user=user, unit=unit):
        raise Http404(gettext("Không tìm thấy đơn vị trong phạm vi của bạn."))
    return unit


def user_can_edit(*, user: User, unit: OrgUnit) -> bool:
    if unit.is_pre_reform and unit.level in FORMER_AREA_LEVELS:
        return orgunit_in_scope(user=user, unit=unit, roles=set(FORMER_AREA_WRITE_ROLES))
    return orgunit_in_scope(user=user, unit=unit, roles=set(WRITE_ROLES))


def ensure_can_edit(*, user: User, unit: OrgUnit) -> None:
    if not user_can_edit(user=user, unit=unit):
        raise PermissionDenied(gettext("Bạn không có quyền sửa dữ liệu của đơn vị này."))


def orgunits_visible(*, user: User, qs: QuerySet[OrgUnit] | None = None) -> QuerySet[OrgUnit]:
    """Restrict a queryset of units (current era) to the user's scope."""
    qs = OrgUnit.objects.all() if qs is None else qs
    if _national(user):
        return qs
    roots = _roots(user)
    if not roots:
        return qs.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return qs.filter(condition)


def user_home_units(*, user: User, on: dt.date) -> list[OrgUnit]:
    """The units a user starts from: their role units, or the provinces for a national role."""
    if _national(user):
        return list(OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, valid_from__lte=on).order_by("code")) or list(
            OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, valid_to__isnull=True).order_by("code")
        )
    seen: dict[int, OrgUnit] = {}
    for root in _roots(user):
        seen.setdefault(root.pk, root)
    return list(seen.values())


def user_get(*, username: str, active_only: bool = False) -> User:
    """The account with this username (only an active one if asked); NotFound otherwise."""
    users = User.objects.filter(username=username)
    user = (users.filter(is_active=True) if active_only else users).first()
    if user is None:
        raise NotFound(gettext("Không có người dùng “%(username)s”.") % {"username": username})
    return user


def apitokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)  # newest first (Meta.ordering)


def apitoken_by_prefix(*, prefix: str) -> ApiToken:
    """The one token whose shown prefix is this ("gdnn_AbCd1234", with or without the trailing "…")."""
    matches = list(ApiToken.objects.filter(prefix=prefix.rstrip("…. ")))
    if len(matches) != 1:
        raise NotFound(gettext("Không có đúng một mã truy cập bắt đầu bằng “%(prefix)s” (%(count)d mã).")
                       % {"prefix": prefix, "count": len(matches)})
    return matches[0]


# --- login throttles (accounts/throttle.py) ---------------------------------------------------

OFFICER_ROLES = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER}


def user_is_security_officer(*, user: User) -> bool:
    """A system administrator (all accounts and addresses) or a province officer (their subtree's accounts)."""
    return user.is_superuser or any(a.role in OFFICER_ROLES for a in user_assignments(user=user))


def loginthrottles_visible(*, user: User) -> QuerySet[LoginThrottle]:
    """The throttles with recent failures that this officer may see and clear.

    A system administrator sees every key; a province officer sees the account keys of the users
    who hold a role in their subtree (an address or an unknown username belongs to no province).
    """
    since = timezone.now() - dt.timedelta(seconds=settings.GDNN_LOGIN_WINDOW_SECONDS)
    recent = LoginThrottle.objects.filter(failures__gt=0, last_failure_at__gte=since).order_by("-last_failure_at")
    if _national(user, {Role.SYSTEM_ADMIN}):
        return recent
    roots = _roots(user, {Role.PROVINCE_OFFICER})
    if not roots:
        return recent.none()
    in_subtree = Q()
    for root in roots:
        in_subtree |= Q(roles__org_unit__path__startswith=root.path)
    usernames = User.objects.filter(in_subtree).annotate(folded=Lower("username")).values("folded")
    return recent.filter(kind__in=[LoginThrottle.Kind.ACCOUNT, LoginThrottle.Kind.DEVICE], username__in=usernames)
