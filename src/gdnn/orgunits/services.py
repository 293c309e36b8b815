"""Writes to the org-unit tables: the national load, institution records and moves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from gdnn.common import events
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.orgunits.models import (
    PRE_REFORM_END,
    REFORM_DATE,
    AdminDataLoad,
    Institution,
    OrgUnit,
    OrgUnitSuccession,
)
from gdnn.orgunits.selectors import today
from gdnn.orgunits.vn_source import VietnamAdminData, read_vietnam_admin_data

_ERA_DATES = {"old": (None, PRE_REFORM_END), "new": (REFORM_DATE, None)}


@dataclass(frozen=True)
class LoadResult:
    units_created: int
    units_updated: int
    successions_created: int
    units_total: int
    successions_total: int
    data_version: str
    warnings: list[str]


def _key(level: str, code: str, valid_from: dt.date | None) -> tuple[str, str, dt.date | None]:
    return (level, code, valid_from)


@transaction.atomic
def orgunits_load_vietnam(*, data: VietnamAdminData | None = None) -> LoadResult:
    """Load (or bring up to date) every province, district and commune of both eras and the
    successions between them. Running it again changes nothing."""
    data = data or read_vietnam_admin_data()
    existing = {
        _key(u.level, u.code, u.valid_from): u
        for u in OrgUnit.objects.exclude(level=OrgUnit.Level.INSTITUTION).only(
            "id", "code", "name", "level", "division_type", "parent_id", "valid_from", "valid_to", "path", "depth"
        )
    }
    created = updated = 0
    parent_level = {"province": None, "district": "province", "commune": None}
    for level in ("province", "district", "commune"):
        new_rows: list[OrgUnit] = []
        changed: list[OrgUnit] = []
        for rec in (r for r in data.units if r.level == level):
            valid_from, valid_to = _ERA_DATES[rec.era]
            if rec.parent_code is None:
                parent = None
            else:
                p_level = parent_level[level] or ("district" if rec.era == "old" else "province")
                parent = existing[_key(p_level, rec.parent_code, valid_from)]
            unit = existing.get(_key(level, rec.code, valid_from))
            if unit is None:
                unit = OrgUnit(
                    code=rec.code, name=rec.name, level=level, division_type=rec.division_type,
                    parent=parent, valid_from=valid_from, valid_to=valid_to,
                )
                new_rows.append(unit)
            elif (unit.name, unit.division_type, unit.parent_id, unit.valid_to) != (
                rec.name, rec.division_type, parent.id if parent else None, valid_to
            ):
                unit.name, unit.division_type, unit.parent, unit.valid_to = rec.name, rec.division_type, parent, valid_to
                changed.append(unit)
        OrgUnit.objects.bulk_create(new_rows, batch_size=2000)
        for u in new_rows:
            existing[_key(u.level, u.code, u.valid_from)] = u
        for u in [*new_rows, *changed]:
            parent = u.parent
            u.path = f"{parent.path if parent else '/'}{u.pk}/"
            u.depth = parent.depth + 1 if parent else 0
        OrgUnit.objects.bulk_update([*new_rows, *changed], ["name", "division_type", "parent", "valid_to", "path", "depth"], batch_size=2000)
        created += len(new_rows)
        updated += len(changed)

    have = set(OrgUnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    new_successions = []
    for s in data.successions:
        old = existing[_key(s.old_level, s.old_code, None)]
        new = existing[_key(s.new_level, s.new_code, REFORM_DATE)]
        if (old.pk, new.pk) in have:
            continue
        have.add((old.pk, new.pk))
        new_successions.append(
            OrgUnitSuccession(
                predecessor=old, successor=new, effective_date=REFORM_DATE, kind=s.kind, partial=s.partial,
                share=1 if s.kind in ("continuation", "merge") and not s.partial else None,
            )
        )
    OrgUnitSuccession.objects.bulk_create(new_successions, batch_size=5000)
    warnings = []
    if data.unmapped_old_communes:
        warnings.append(
            f"{len(data.unmapped_old_communes)} pre-2025 communes have no successor in the source data: "
            + ", ".join(data.unmapped_old_communes)
        )
    units_total = OrgUnit.objects.exclude(level=OrgUnit.Level.INSTITUTION).count()
    successions_total = OrgUnitSuccession.objects.count()
    if created or updated or new_successions or not AdminDataLoad.objects.exists():
        AdminDataLoad.objects.create(
            source="vietnam-provinces", data_version=data.data_version, units=units_total, successions=successions_total
        )
    return LoadResult(created, updated, len(new_successions), units_total, successions_total, data.data_version, warnings)


@transaction.atomic
def institution_create(
    *,
    code: str,
    name: str,
    commune: OrgUnit,
    institution_type: str,
    ownership: str,
    managing_agency: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    by=None,
) -> OrgUnit:
    """A new institution under a commune; the audit trail names who added it (None: a command or the demo)."""
    unit = OrgUnit(
        code=code, name=name, level=OrgUnit.Level.INSTITUTION, division_type=institution_type,
        parent=commune, valid_from=valid_from, valid_to=valid_to,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{commune.path}{unit.pk}/"
    unit.depth = commune.depth + 1
    unit.save(update_fields=["path", "depth"])
    institution = Institution(
        org_unit=unit, institution_type=institution_type, ownership=ownership, managing_agency=managing_agency
    )
    institution.full_clean()
    institution.save()
    events.institution_created(unit=unit, by=by)
    return unit


@transaction.atomic
def orgunit_move(*, unit: OrgUnit, new_parent: OrgUnit, by) -> OrgUnit:
    """Attach a unit (an institution, usually) to another parent, with its whole subtree.

    The stored paths of the unit and everything under it are recomputed, so scope checks follow
    the move at once (a path left behind would keep the unit in the old province's scope).
    Only a system administrator moves units.
    """
    if not (getattr(by, "is_superuser", False)):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống được chuyển đơn vị sang đơn vị cha khác."))
    return _reparent(unit=unit, new_parent=new_parent, by=by)


def _reparent(*, unit: OrgUnit, new_parent: OrgUnit, by) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if new_parent.path.startswith(unit.path):
        raise DomainError(gettext("Không thể chuyển %(unit)s vào chính nó hoặc một đơn vị con của nó.") % {"unit": unit})
    old_parent, old_path = unit.parent, unit.path
    if old_parent is not None and old_parent.pk == new_parent.pk:
        return unit
    new_path, shift = f"{new_parent.path}{unit.pk}/", new_parent.depth + 1 - unit.depth
    for node in OrgUnit.objects.select_for_update().filter(path__startswith=old_path):
        node.path = new_path + node.path[len(old_path):]
        node.depth += shift
        node.save(update_fields=["path", "depth"])
    unit.refresh_from_db()
    unit.parent = new_parent
    unit.save(update_fields=["parent"])
    events.orgunit_moved(unit=unit, by=by, old_parent=old_parent, old_path=old_path)
    return unit


def _institution_fields(unit: OrgUnit, institution: Institution) -> dict[str, str | None]:
    """What an institution's audit row compares before and after a change."""
    return {"name": unit.name, "institution_type": institution.institution_type,
            "ownership": institution.ownership, "managing_agency": institution.managing_agency,
            "commune": unit.parent.code if unit.parent else None,
            "closed_on": unit.valid_to.isoformat() if unit.valid_to else None}


@transaction.atomic
def institution_update(*, unit: OrgUnit, by, name: str, institution_type: str, ownership: str,
                       managing_agency: str = "", commune: OrgUnit | None = None,
                       closed_on: dt.date | None = None) -> OrgUnit:
    """Change an institution: its name, type, ownership and managing agency; attach it to another
    current commune (both communes in the user's scope: a province officer moves an institution
    within the province); or record the day it closed (it is then no longer expected to report
    for periods ending after that day). One audit row names every field changed."""
    # The scope rules are accounts' (which imports orgunits): imported here, in this write only.
    from gdnn.accounts.selectors import ensure_can_edit

    if unit.level != OrgUnit.Level.INSTITUTION:
        raise DomainError(gettext("Chỉ sửa được cơ sở GDNN ở đây."))
    ensure_can_edit(user=by, unit=unit)
    institution = Institution.objects.select_for_update().get(org_unit=unit)
    before = _institution_fields(unit, institution)
    if commune is not None and commune.pk != unit.parent_id:
        if commune.level != OrgUnit.Level.COMMUNE or commune.is_pre_reform:
            raise DomainError(gettext("Cơ sở GDNN chỉ gắn với một xã, phường hiện nay."))
        ensure_can_edit(user=by, unit=commune)
        unit = _reparent(unit=unit, new_parent=commune, by=by)
    parent = unit.parent
    if closed_on is None and parent is not None and parent.valid_to is not None and parent.valid_to < today():
        raise DomainError(gettext("%(commune)s không còn (đến %(day)s): chọn xã, phường hiện nay của cơ sở để mở lại.")
                          % {"commune": parent.name, "day": f"{parent.valid_to:%d/%m/%Y}"})
    if closed_on is not None and unit.valid_from is not None and closed_on < unit.valid_from:
        raise DomainError(gettext("Ngày ngừng hoạt động phải sau ngày bắt đầu (%(day)s).")
                          % {"day": f"{unit.valid_from:%d/%m/%Y}"})
    unit.name, unit.valid_to = (name or "").strip(), closed_on
    unit.division_type = institution_type
    unit.full_clean(exclude=["path", "parent"])
    unit.save(update_fields=["name", "valid_to", "division_type"])
    institution.institution_type, institution.ownership = institution_type, ownership
    institution.managing_agency = (managing_agency or "").strip()
    institution.full_clean()
    institution.save()
    after = _institution_fields(unit, institution)
    changed = [k for k in before if before[k] != after[k]]
    if changed:
        events.institution_updated(unit=unit, by=by, old={k: before[k] for k in changed},
                                   new={k: after[k] for k in changed})
    return unit
