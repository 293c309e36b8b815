"""Who administers whom: a system administrator everyone; a province officer the users whose every
role lies in the officer's province subtree, and only roles at or below their own, inside it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from gdnn.accounts.models import ROLE_LEVEL, Role, RoleAssignment, User
from gdnn.accounts.selectors import user_assignments
from gdnn.common.errors import NotFound, PermissionDenied
from gdnn.orgunits.models import OrgUnit

# The roles a province officer may grant (inside their subtree); a system administrator grants all.
OFFICER_GRANTS = (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.INSTITUTION_REPORTER, Role.VIEWER)


def user_is_system_admin(*, user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(a.role == Role.SYSTEM_ADMIN for a in user_assignments(user=user)))


def admin_roots(*, actor: User) -> list[OrgUnit] | None:
    """The subtrees the actor administers: None for all (system administrator), [] for none."""
    if user_is_system_admin(user=actor):
        return None
    return [a.org_unit for a in user_assignments(user=actor)
            if a.role == Role.PROVINCE_OFFICER and a.org_unit is not None and a.org_unit.valid_to is None]


def user_may_administer(*, actor: User) -> bool:
    return admin_roots(actor=actor) != []


def ensure_administrator(*, actor: User) -> list[OrgUnit] | None:
    roots = admin_roots(actor=actor)
    if roots == []:
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống và cán bộ cấp tỉnh được quản lý tài khoản."))
    return roots


def _inside(roots: list[OrgUnit], prefix: str = "") -> Q:
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{prefix}path__startswith": root.path})
    return condition


def users_manageable(*, actor: User, query: str = "", state: str = "active") -> QuerySet[User]:
    """The accounts the actor manages, filtered by a name/username/e-mail query and active state."""
    roots = ensure_administrator(actor=actor)
    users = User.objects.all()
    if roots is not None:
        inside = RoleAssignment.objects.filter(_inside(roots, "org_unit__"))
        outside = RoleAssignment.objects.exclude(_inside(roots, "org_unit__")) | RoleAssignment.objects.filter(
            org_unit__isnull=True)
        users = users.filter(pk__in=inside.values("user_id"), is_superuser=False).exclude(
            pk__in=outside.values("user_id"))
    query = query.replace("\x00", "").strip()[:100]
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query)
                             | Q(full_name__contains=query.title()) | Q(email__icontains=query)
                             | Q(roles__org_unit__name__icontains=query)).distinct()
    if state == "active":
        users = users.filter(is_active=True)
    elif state == "inactive":
        users = users.filter(is_active=False)
    return users.prefetch_related("roles__org_unit").order_by("username")


def user_manageable_get(*, actor: User, user_id: int) -> User:
    """The account if the actor manages it; NotFound otherwise (no hint that it exists)."""
    user = users_manageable(actor=actor, state="all").filter(pk=user_id).first()
    if user is None:
        raise NotFound(gettext("Không tìm thấy tài khoản trong phạm vi của bạn."))
    return user


def roles_grantable(*, actor: User) -> list[Role]:
    roots = admin_roots(actor=actor)
    if roots is None:
        return list(Role)
    return list(OFFICER_GRANTS) if roots else []


def role_check_grantable(*, actor: User, role: str, org_unit: OrgUnit | None) -> None:
    """PermissionDenied unless the actor may grant (or take away) this role on this unit."""
    roots = ensure_administrator(actor=actor)
    if roots is None:
        return
    if role not in OFFICER_GRANTS:
        raise PermissionDenied(gettext("Cán bộ cấp tỉnh không được cấp vai trò cao hơn vai trò của mình."))
    if org_unit is None or not any(org_unit.path.startswith(root.path) for root in roots):
        raise PermissionDenied(gettext("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def role_level_hint(role: str) -> str | None:
    level = ROLE_LEVEL.get(Role(role)) if role in Role.values else None
    return str(OrgUnit.Level(level).label) if level else None
