"""A small labour world: Lạng Sơn, a commune, the occupation seed, a register, an officer."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gdnn.accounts.models import Role
from gdnn.labour.services.register import register_import
from gdnn.labour.services.seed import labour_catalog_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from tests.factories import unit_ensure, user_with_role

SECTIONS = ("C", "F", "G")
SIZES = ("nhỏ", "vừa")


def register_csv(count: int = 24, commune: str = "06385") -> bytes:
    """`count` enterprises spread over 3 sections × 2 sizes (6 strata)."""
    lines = ["mã số thuế,tên doanh nghiệp,mã VSIC,quy mô,mã xã,e-mail"]
    for i in range(count):
        section = SECTIONS[i % 3]
        size = SIZES[(i // 3) % 2]
        lines.append(f"{4900000000 + i},Công ty TNHH Thử {i},{section},{size},{commune},dn{i}@example.vn")
    return ("\n".join(lines) + "\n").encode()


def world(*, enterprises: int = 24) -> dict:
    labour_catalog_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    officer = user_with_role("canbo.ld", Role.PROVINCE_OFFICER, province)
    viewer = user_with_role("xem.ld", Role.VIEWER, province)
    register_import(province=province, data=register_csv(enterprises), name="dn.csv", by=officer)
    return {"province": province, "commune": commune, "officer": officer, "viewer": viewer}


def college(commune: OrgUnit, code: str = "LS-CD-T1", name: str = "Trường Cao đẳng Thử") -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first()
    return existing or institution_create(code=code, name=name, commune=commune,
                                          institution_type=Institution.Type.COLLEGE,
                                          ownership=Institution.Ownership.PUBLIC)


def closes() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=20)
