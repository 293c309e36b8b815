"""Reads of the catalog, and who may change which row of it.

A national row (owner NULL) is edited by the system administrator; a province's own row by the
officers of that province (and the system administrator). Everyone signed in reads the national
rows; a province's rows are read inside that province only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gdnn.accounts.models import Role
from gdnn.accounts.selectors import orgunit_in_scope, user_assignments
from gdnn.common.errors import NotFound, PermissionDenied
from gdnn.indicators.formulas import Formula, terms_from_json
from gdnn.indicators.models import Category, DataElement, Indicator
from gdnn.orgunits.models import OrgUnit

CATALOG_ROLES = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER}


def catalog_is_admin(*, user) -> bool:
    """The system administrator: may edit the national catalog."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(a.role == Role.SYSTEM_ADMIN and a.org_unit is None
                                    for a in user_assignments(user=user))


def catalog_provinces(*, user) -> list[OrgUnit]:
    """The provinces whose own catalog rows the user manages (a province officer's provinces)."""
    return [a.org_unit for a in user_assignments(user=user)
            if a.role in CATALOG_ROLES and a.org_unit is not None and a.org_unit.level == OrgUnit.Level.PROVINCE]


def catalog_can_edit(*, user, owner: OrgUnit | None) -> bool:
    if not user.is_authenticated:
        return False
    if catalog_is_admin(user=user):
        return True
    if owner is None:
        return False
    return orgunit_in_scope(user=user, unit=owner, roles=set(CATALOG_ROLES))


def catalog_ensure_can_edit(*, user, owner: OrgUnit | None) -> None:
    if not catalog_can_edit(user=user, owner=owner):
        if owner is None:
            raise PermissionDenied("Chỉ quản trị hệ thống được sửa danh mục quốc gia.")
        raise PermissionDenied(f"Bạn không có quyền sửa danh mục riêng của {owner.name}.")


def catalog_visible_q(*, user, field: str = "owner") -> Q:
    """Rows the user may read: national rows and those of the provinces in the user's scope."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    national = Q(**{f"{field}__isnull": True})
    if catalog_is_admin(user=user) or user.is_superuser or any(a.org_unit is None for a in user_assignments(user=user)):
        return Q()
    # The province of each role unit is the root of its path ("/<province>/<commune>/...").
    owners = {int(a.org_unit.path.strip("/").split("/")[0]) for a in user_assignments(user=user)
              if a.org_unit is not None and a.org_unit.path.strip("/").split("/")[0].isdigit()}
    return national | Q(**{f"{field}__in": sorted(owners)})


def indicators_visible(*, user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(catalog_visible_q(user=user)).select_related("owner").order_by("sort_order", "code")


def elements_visible(*, user) -> QuerySet[DataElement]:
    return DataElement.objects.filter(catalog_visible_q(user=user)).select_related("owner").order_by("sort_order",
                                                                                                     "code")


def indicator_visible_get(*, user, pk: int) -> Indicator:
    row = indicators_visible(user=user).filter(pk=pk).first()
    if row is None:
        raise NotFound(f"Không có chỉ số #{pk} trong phạm vi của bạn.")
    return row


def element_visible_get(*, user, pk: int) -> DataElement:
    row = elements_visible(user=user).filter(pk=pk).first()
    if row is None:
        raise NotFound(f"Không có phần tử dữ liệu #{pk} trong phạm vi của bạn.")
    return row


def categories_all() -> QuerySet[Category]:
    return Category.objects.prefetch_related("options").order_by("code")


def indicator_formula(indicator: Indicator) -> Formula:
    """The indicator's formula from its row; an indicator without one has an empty numerator
    (its value is "no data", never an error)."""
    return Formula(
        indicator=indicator.code, numerator=terms_from_json(indicator.numerator),
        denominator=terms_from_json(indicator.denominator), factor=float(indicator.factor or 1),
        period_type=indicator.period_type or "annual",
    )


def indicator_formulas() -> dict[str, Formula]:
    return {i.code: indicator_formula(i) for i in Indicator.objects.all()}
