"""Who may do what in the labour app (read through `gdnn.accounts.selectors`).

- Owners of a survey wave are the users who may edit its province: they see respondents' personal
  data (names, contacts, links, individual answers) and run the wave.
- Anyone whose scope holds the province sees the aggregates (response rate, estimates, gaps).
- The national training-occupation list is changed only by a national writer (decision 0007).
"""

from __future__ import annotations

from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.accounts.selectors import (
    WRITE_ROLES,
    ensure_can_edit,
    orgunit_in_scope,
    user_assignments,
    user_can_edit,
)
from gdnn.common.errors import PermissionDenied
from gdnn.orgunits.models import OrgUnit


def province_readable(*, user: User, province: OrgUnit) -> bool:
    return orgunit_in_scope(user=user, unit=province)


def province_owner(*, user: User | None, province: OrgUnit) -> bool:
    """May run the province's surveys and see their respondents' personal data."""
    return user is not None and user.is_authenticated and user_can_edit(user=user, unit=province)


def wave_owner(*, user: User | None, wave) -> bool:
    return province_owner(user=user, province=wave.province)


def ensure_wave_owner(*, user: User | None, wave) -> None:
    if not wave_owner(user=user, wave=wave):
        raise PermissionDenied(gettext("Chỉ người phụ trách cuộc khảo sát mới xem và thao tác được phần này."))


def ensure_province_writer(*, user: User | None, province: OrgUnit) -> None:
    if user is None:
        return  # the demo build and the CLI act as the system
    ensure_can_edit(user=user, unit=province)


def national_writer(*, user: User) -> bool:
    return user.is_superuser or any(a.org_unit is None and a.role in WRITE_ROLES for a in user_assignments(user=user))


def ensure_national_writer(*, user: User | None) -> None:
    if user is not None and not national_writer(user=user):
        raise PermissionDenied(gettext("Chỉ cán bộ cấp trung ương mới thay danh mục nghề đào tạo quốc gia."))
