"""Factories for tests that need their own small world (browser tests flush the database)."""

from __future__ import annotations

import datetime as dt

from gdnn.accounts.models import User
from gdnn.accounts.services import user_create
from gdnn.orgunits.models import REFORM_DATE, OrgUnit

PASSWORD = "mật-khẩu-thử-nghiệm-42"


def unit_create(*, code: str, name: str, level: str, parent: OrgUnit | None = None,
                valid_from: dt.date | None = REFORM_DATE, valid_to: dt.date | None = None) -> OrgUnit:
    unit = OrgUnit.objects.create(code=code, name=name, level=level, parent=parent,
                                  valid_from=valid_from, valid_to=valid_to)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


def unit_ensure(*, code: str, name: str, level: str, parent: OrgUnit | None = None) -> OrgUnit:
    """The current unit with this code: the loaded one if the national data is present."""
    existing = OrgUnit.objects.filter(code=code, level=level, valid_from=REFORM_DATE).first()
    return existing or unit_create(code=code, name=name, level=level, parent=parent)


def user_with_role(username: str, role: str, unit: OrgUnit | None) -> User:
    return user_create(username=username, password=PASSWORD, role=role, org_unit=unit)
