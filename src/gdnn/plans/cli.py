"""`gdnn plan ...`: thin wrappers over the plans services and selectors (Django is set up)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="Plans: import, list, show, align.", description="Plans: import, list, show, align.")
    psub = p.add_subparsers(dest="plan_command", required=True, metavar="SUBCOMMAND")
    q = psub.add_parser("import", help="Parse a plan document and store it as a draft for review.",
                        description="Parse a plan document and store it as a draft for review.")
    q.add_argument("file")
    q.add_argument("--org-unit", required=True, help="code of the unit whose plan it is (e.g. 20), or 'national'")
    q.set_defaults(func=cmd_import)
    q = psub.add_parser("list", help="List the plans.", description="List the plans.")
    q.add_argument("--format", choices=["json", "text"], default="text")
    q.set_defaults(func=cmd_list)
    q = psub.add_parser("show", help="Show a plan: targets, tasks, agencies, reporting calendar.",
                        description="Show a plan: targets, tasks, agencies, reporting calendar.")
    q.add_argument("doc", help="document number (e.g. 141/KH-UBND) or #id")
    q.add_argument("--format", choices=["json", "text"], default="text")
    q.set_defaults(func=cmd_show)
    q = psub.add_parser("align", help="Compare a plan's targets with its parent plans'.",
                        description="Compare a plan's targets with its parent plans' (cascade alignment).")
    q.add_argument("doc", help="document number or #id")
    q.add_argument("--format", choices=["json", "text"], default="text")
    q.set_defaults(func=cmd_align)
    q = psub.add_parser("publish", help="Publish a reviewed draft plan.", description="Publish a reviewed draft plan.")
    q.add_argument("doc")
    q.set_defaults(func=cmd_publish)
    q = psub.add_parser("load-national", help="Load 2239/QĐ-TTg and 21-CT/TW as plans.",
                        description="Load the national strategy 2239/QĐ-TTg and Chỉ thị 21-CT/TW as published plans.")
    q.set_defaults(func=cmd_load_national)


def _reference_data() -> None:
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.plans.services import agency_register_sync

    indicator_catalog_sync()
    agency_register_sync()


def cmd_import(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.orgunits.selectors import orgunit_get
    from gdnn.plans.services import plan_import_document

    _reference_data()
    unit = None if args.org_unit.casefold() in ("national", "vn", "quoc-gia") else orgunit_get(code=args.org_unit)
    plan = plan_import_document(path=Path(args.file), org_unit=unit)
    print(f"Đã nhập dự thảo #{plan.pk} {plan.label}: {plan.targets.count()} chỉ tiêu, "
          f"{plan.task_groups.count()} nhóm nhiệm vụ, {plan.assignments.count()} cơ quan, "
          f"{plan.reporting_duties.count()} nghĩa vụ báo cáo.")
    unlinked = plan.targets.filter(indicator__isnull=True).count()
    if unlinked:
        print(f"  {unlinked} chỉ tiêu cần rà soát để gắn chỉ số.")
    for warning in plan.warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.plans.models import Plan

    plans = Plan.objects.select_related("org_unit").order_by("issued_on", "pk")
    if args.format == "json":
        print(json.dumps([{"id": p.pk, "doc_number": p.doc_number, "issuer": p.issuer, "level": p.level,
                           "date": p.date_text, "status": p.status, "org_unit": p.org_unit.code if p.org_unit else None,
                           "targets": p.targets.count()} for p in plans], ensure_ascii=False, indent=2))
        return 0
    for p in plans:
        print(f"#{p.pk:<4} {p.number_label:18} {p.date_text:10} {p.get_status_display():24} "
              f"{p.issuer} [{p.org_unit.code if p.org_unit else 'toàn quốc'}]")
    return 0


def cmd_show(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.orgunits.selectors import today
    from gdnn.plans.selectors import plan_get, plan_with_items, reporting_calendar, target_dict

    plan = plan_with_items(plan_id=plan_get(ref=args.doc).pk)
    calendar = reporting_calendar(plan=plan, today=today())
    if args.format == "json":
        print(json.dumps({
            "id": plan.pk, "doc_number": plan.doc_number, "issuer": plan.issuer, "title": plan.title,
            "date": plan.date_text, "level": plan.level, "status": plan.status,
            "targets": [target_dict(t) for t in plan.targets.all()],
            "task_groups": [g.heading for g in plan.task_groups.all()],
            "agencies": [{"name": a.agency_name, "role": a.role, "agency": a.agency.name if a.agency else None}
                         for a in plan.assignments.all()],
            "reporting_calendar": [{"who": e.duty.who, "to": e.duty.to, "frequency": e.duty.frequency,
                                    "period": e.report.period, "due": e.report.due.isoformat(), "status": e.status}
                                   for e in calendar],
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"{plan.label}  ({plan.get_status_display()})\n{plan.title}\n")
    print("Chỉ tiêu:")
    for t in plan.targets.all():
        code = t.indicator.code if t.indicator else "— chưa gắn chỉ số"
        print(f"  {t.year or '?'}  {t.value_label:18} {t.subject[:70]}  [{code}]")
    print("\nLịch báo cáo:")
    for e in calendar:
        print(f"  {e.report.due:%d/%m/%Y}  {e.report.period:10} {e.duty.get_frequency_display():22} "
              f"{e.duty.who[:50]} → {e.duty.to[:40]}  [{e.status}]")
    return 0


def cmd_align(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.plans.selectors import plan_alignment, plan_get

    result = plan_alignment(plan=plan_get(ref=args.doc))
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    labels = {"more_ambitious": "cao hơn", "equal": "tương đương", "less_ambitious": "thấp hơn", "missing": "không có",
              "not_comparable": "không so sánh trực tiếp", "out_of_period": "ngoài thời kỳ"}
    for parent in result["parents"]:
        print(f"So với {parent['plan']} ({parent['issuer']}):")
        for row in parent["rows"]:
            child = row["child"]["label"] if row["child"] else "—"
            print(f"  {row['year']}  {row['indicator_name'][:60]:60} {row['parent']['label']:>14} | {child:>14}  "
                  f"{labels[row['verdict']]}")
            print(f"        {row['reason']}")
    return 0


def cmd_publish(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.plans.selectors import plan_get
    from gdnn.plans.services import plan_publish

    plan = plan_publish(plan=plan_get(ref=args.doc), by=None)
    print(f"Đã ban hành trên hệ thống: {plan.label}")
    return 0


def cmd_load_national(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.plans.services import strategy_plans_load

    _reference_data()
    for plan in strategy_plans_load():
        print(f"{plan.label}: {plan.targets.count()} chỉ tiêu (nguồn thứ cấp)")
    return 0
