"""`gdnn demo`: build the demo data directory — database, admin units, catalog, the seed plans,
the national strategy, one user per role."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import TextIO

from django.core.management import call_command
from django.db import transaction

from gdnn.accounts.models import Role, User
from gdnn.accounts.services import user_create
from gdnn.indicators.services import indicator_catalog_sync
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.selectors import orgunit_get
from gdnn.orgunits.services import institution_create, orgunits_load_vietnam
from gdnn.plans.models import Plan
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load

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


# The seed plans and the unit each belongs to, as of its date. A plan of a former district stays on
# that district; its successor communes come through the successions. The news summary of plan
# 125/KH-UBND names no province; the demo files it under Cà Mau (96), whose published targets
# (domain brief §1.4) are closest to it.
SEED_PLANS = (
    ("000", "20", dt.date(2022, 6, 15)),  # UBND tỉnh Lạng Sơn, 141/KH-UBND
    ("001", "186", dt.date(2022, 1, 1)),  # UBND huyện Hữu Lũng (before 07/2025)
    ("002", "92", dt.date(2026, 1, 1)),  # Ban Thường vụ Thành ủy Cần Thơ
    ("003", "058", dt.date(2023, 12, 1)),  # UBND thành phố Bắc Kạn (now in Thái Nguyên)
    ("004", "96", dt.date(2026, 1, 1)),  # 125/KH-UBND (province not named)
)


def _shared_dir() -> Path:
    default = Path(__file__).resolve().parents[3].parent / "shared"
    return Path(os.environ.get("GDNN_SHARED_DIR") or default)


def _import_seed_plans(out: TextIO) -> None:
    seeds = {p.name[:3]: p for p in sorted((_shared_dir() / "seeds").glob("*.txt"))}
    if not seeds:
        out.write(f"Không thấy văn bản mẫu trong {_shared_dir() / 'seeds'} (GDNN_SHARED_DIR); bỏ qua.\n")
        return
    for prefix, unit_code, on in SEED_PLANS:
        path = seeds.get(prefix)
        if path is None:
            continue
        if Plan.objects.filter(source_file=path.name).exists():
            continue
        plan = plan_import_document(path=path, org_unit=orgunit_get(code=unit_code, on=on))
        out.write(f"  Kế hoạch {plan.label}: {plan.targets.count()} chỉ tiêu → {plan.org_unit}\n")


def demo_build(*, out: TextIO) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    result = orgunits_load_vietnam()
    out.write(f"Đơn vị hành chính: {result.units_total} đơn vị, {result.successions_total} quan hệ kế thừa.\n")
    indicator_catalog_sync()
    agency_register_sync()
    for plan in strategy_plans_load():
        out.write(f"  {plan.label}: {plan.targets.count()} chỉ tiêu (nguồn thứ cấp)\n")
    _import_seed_plans(out)
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
