"""`gdnn demo`: build the demo data directory — database, admin units, catalog, the seed plans,
the national strategy, one user per role."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from pathlib import Path
from typing import TextIO

from django.core.management import call_command
from django.db import transaction

from gdnn.accounts.models import Role, User
from gdnn.accounts.services import user_create
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.models import Channel, DataSet, Submission
from gdnn.collection.periods import period_parse
from gdnn.collection.services.datasets import dataset_sync
from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create
from gdnn.collection.services.workflow import submission_approve, submission_submit
from gdnn.demo.data import demo_data_generate
from gdnn.demo.seeds import seed_paths
from gdnn.indicators.services import indicator_catalog_sync
from gdnn.labour.demo import labour_demo_build
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_get
from gdnn.orgunits.services import orgunits_load_vietnam
from gdnn.plans.models import Plan
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load

DEMO_USERS = (
    ("admin", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống"),
    ("tinh.langson", Role.PROVINCE_OFFICER, "20", "Cán bộ Sở GD&ĐT Lạng Sơn"),
    ("xa.huulung", Role.COMMUNE_OFFICER, "06385", "Cán bộ UBND xã Hữu Lũng"),
    ("truong.langson", Role.INSTITUTION_REPORTER, "LS-CD-01", "Cán bộ Trường Cao đẳng Lạng Sơn"),
    ("xem", Role.VIEWER, None, "Người xem"),
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


def _import_seed_plans(out: TextIO) -> None:
    seeds = seed_paths()
    for prefix, unit_code, on in SEED_PLANS:
        path = seeds.get(prefix)
        if path is None:
            continue
        if Plan.objects.filter(source_file=path.name).exists():
            continue
        plan = plan_import_document(path=path, org_unit=orgunit_get(code=unit_code, on=on))
        out.write(f"  Kế hoạch {plan.label}: {plan.targets.count()} chỉ tiêu → {plan.org_unit}\n")


DEMO_FORMS = ("INST_SEMIANNUAL", "COMMUNE_ANNUAL", "PROVINCE_ANNUAL")  # the history's forms, one a level


def _report(unit: OrgUnit, period: str, values: dict, state: str) -> None:
    """One report of the demo's history, through the collection services like an imported file."""
    p = period_parse(period)
    data_set = DataSet.objects.get(org_unit_level=unit.level, code__in=DEMO_FORMS)
    submission = submission_get_or_create(data_set=data_set, org_unit=unit, period=p)
    if submission.state != Submission.State.DRAFT:
        return  # already built by an earlier demo run
    changes = [ValueChange(element, key, value) for (element, key), value in values.items()]
    datavalues_save(submission=submission, period=p, changes=changes, by=None, channel=Channel.CSV)
    if state in ("submitted", "approved"):
        submission_submit(submission=submission, by=None, comment="Số liệu nhập từ báo cáo của đơn vị.")
    if state == "approved":
        submission_approve(submission=submission, by=None)


def _write_sample_reports(out: TextIO) -> None:
    """The reports an official would hand up, written to GDNN_DATA_DIR/demo-output/."""
    from django.conf import settings

    from gdnn.common.errors import DomainError
    from gdnn.plans.selectors import plan_get
    from gdnn.reports.generator import report_data
    from gdnn.reports.render import report_render

    folder = Path(settings.DATA_DIR) / "demo-output"
    folder.mkdir(parents=True, exist_ok=True)
    plan, province = plan_get(ref="141/KH-UBND"), orgunit_get(code="20")
    for period, formats in (("2025", ("docx", "xlsx", "pdf")), ("2025S1", ("docx",)), ("2021-2025", ("docx",))):
        data = report_data(plan=plan, org_unit=province, period=period)
        for fmt in formats:
            try:
                content, _mime, _name = report_render(data=data, fmt=fmt)
            except DomainError as exc:  # e.g. no LibreOffice for the PDF
                out.write(f"  (bỏ qua {fmt}: {exc})\n")
                continue
            path = folder / f"{data.file_stem}.{fmt}"  # bao-cao_141-KH-UBND_Lang-Son_2025.docx
            path.write_bytes(content)
            out.write(f"  {path}\n")


def demo_build(*, out: TextIO) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    result = orgunits_load_vietnam()
    out.write(f"Đơn vị hành chính: {result.units_total} đơn vị, {result.successions_total} quan hệ kế thừa.\n")
    indicator_catalog_sync()
    agency_register_sync()
    for plan in strategy_plans_load():
        out.write(f"  {plan.label}: {plan.targets.count()} chỉ tiêu (nguồn thứ cấp)\n")
    _import_seed_plans(out)
    dataset_sync()
    started = time.perf_counter()
    reports = demo_data_generate(report=_report)
    analytics_rebuild()
    out.write(f"Số liệu mẫu Lạng Sơn 2021S2–2026S1: {reports} báo cáo ({time.perf_counter() - started:.0f} s).\n")
    from gdnn.demo.followup import followup_demo_build
    from gdnn.plans.selectors import plan_get

    followup_demo_build(out=out, plan=plan_get(ref="141/KH-UBND"))
    labour_demo_build(out=out)  # before the sample reports: they carry the training-need forecast
    _write_sample_reports(out)
    with transaction.atomic():
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
