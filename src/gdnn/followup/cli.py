"""`gdnn followup members add|remove|list`: who reports for which agency, through the same services
as the page (Django is set up). Without --by the command acts as the server's operator."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    text = "Task follow-up: the officers who report for each agency."
    p = sub.add_parser("followup", help=text, description=text)
    fsub = p.add_subparsers(dest="followup_command", required=True, metavar="SUBCOMMAND")
    text = "Agency members: add, remove or list the users who report for an agency at a unit."
    m = fsub.add_parser("members", help=text, description=text)
    msub = m.add_subparsers(dest="members_command", required=True, metavar="ACTION")
    for name, func, text in (
        ("add", cmd_members_add, "Let a user report for an agency at a unit."),
        ("remove", cmd_members_remove, "Stop a user reporting for an agency at a unit."),
    ):
        q = msub.add_parser(name, help=text, description=text)
        q.add_argument("username")
        q.add_argument("agency", help="register code (so-tai-chinh) or name (Sở Tài chính)")
        q.add_argument("unit", help="code of the unit: the province (20), a commune or an institution")
        q.add_argument("--by", default=None, metavar="USERNAME",
                       help="act as this administrator, within their scope (default: the operator)")
        q.set_defaults(func=func)
    text = "List the agency members, of a unit's subtree and of one agency if given."
    q = msub.add_parser("list", help=text, description=text)
    q.add_argument("--unit", default=None, help="code of a unit: its subtree only")
    q.add_argument("--agency", default=None, help="register code or name")
    q.set_defaults(func=cmd_members_list)


def _parts(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from gdnn.accounts.selectors import user_get
    from gdnn.followup.selectors import agency_resolve
    from gdnn.orgunits.selectors import orgunit_get

    by = user_get(username=args.by) if args.by else None
    return user_get(username=args.username), agency_resolve(text=args.agency), orgunit_get(code=args.unit), by


def cmd_members_add(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.followup.services import agency_member_add

    user, agency, unit, by = _parts(args)
    agency_member_add(user=user, agency=agency, org_unit=unit, by=by)
    print(f"Đã gán {user.username} báo cáo cho {agency.name} ({unit.name}).")
    return 0


def cmd_members_remove(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.common.errors import NotFound
    from gdnn.followup.models import AgencyMember
    from gdnn.followup.services import agency_member_remove

    user, agency, unit, by = _parts(args)
    member = AgencyMember.objects.filter(user=user, agency=agency, org_unit=unit).first()
    if member is None:
        raise NotFound(f"{user.username} không báo cáo cho {agency.name} ({unit.name}).")
    agency_member_remove(member=member, by=by)
    print(f"Đã bỏ {user.username} khỏi {agency.name} ({unit.name}).")
    return 0


def cmd_members_list(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.followup.selectors import agency_members_list, agency_resolve
    from gdnn.orgunits.selectors import orgunit_get

    unit = orgunit_get(code=args.unit) if args.unit else None
    agency = agency_resolve(text=args.agency) if args.agency else None
    rows = list(agency_members_list(unit=unit, agency=agency))
    for m in rows:
        print(f"{m.org_unit.code}\t{m.org_unit.name}\t{m.agency.code}\t{m.user.username}\t{m.user.full_name}")
    if not rows:
        print("Không có cán bộ nào.")
    return 0
