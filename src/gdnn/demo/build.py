"""`gdnn demo`: build the demo data directory — database, admin units, one user per role."""

from __future__ import annotations

import secrets
from typing import TextIO

from django.core.management import call_command
from django.db import transaction

from gdnn.accounts.models import Role, User
from gdnn.accounts.services import user_create
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.selectors import orgunit_get
from gdnn.orgunits.services import institution_create, orgunits_load_vietnam

DEMO_USERS = (
    ("admin", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống"),
    ("tinh.langson", Role.PROVINCE_OFFICER, "20", "Cán bộ Sở GD&ĐT Lạng Sơn"),
    ("xa.huulung", Role.COMMUNE_OFFICER, "06385", "Cán bộ UBND xã Hữu Lũng"),
    ("truong.langson", Role.INSTITUTION_REPORTER, "CDLS-001", "Cán bộ Trường Cao đẳng Lạng Sơn"),
    ("xem", Role.VIEWER, None, "Người xem"),
)
DEMO_INSTITUTIONS = (
    ("CDLS-001", "Trường Cao đẳng Lạng Sơn", "06385", Institution.Type.COLLEGE, Institution.Ownership.PUBLIC,
     "UBND tỉnh Lạng Sơn"),
)


def demo_build(*, out: TextIO) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    result = orgunits_load_vietnam()
    out.write(f"Đơn vị hành chính: {result.units_total} đơn vị, {result.successions_total} quan hệ kế thừa.\n")
    with transaction.atomic():
        for code, name, commune_code, itype, ownership, agency in DEMO_INSTITUTIONS:
            if not OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION, code=code).exists():
                institution_create(code=code, name=name, commune=orgunit_get(code=commune_code),
                                   institution_type=itype, ownership=ownership, managing_agency=agency)
        out.write("Tài khoản demo (demo accounts):\n")
        for username, role, unit_code, full_name in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user = User.objects.filter(username=username).first()
            if user is None:
                unit = orgunit_get(code=unit_code) if unit_code else None
                user_create(username=username, password=password, role=role, org_unit=unit, full_name=full_name)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            out.write(f"  {username:16} {password:14} {Role(role).label}\n")
