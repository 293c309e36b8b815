"""`gdnn report --plan DOC_NUMBER --org-unit CODE --period PERIOD --format docx|xlsx|pdf -o FILE`.

Thin: parse, look up, call the generator and one writer. DomainError → one line, exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from gdnn.common.errors import DomainError

DESCRIPTION = ("Write the report on a plan for a reporting unit and period in the ND 30/2020 layout "
               "(DOCX, or PDF through LibreOffice) or as an XLSX workbook.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gdnn report", description=DESCRIPTION)
    parser.add_argument("--plan", required=True, metavar="DOC_NUMBER",
                        help='the plan\'s document number ("141/KH-UBND") or "#id"')
    parser.add_argument("--org-unit", required=True, metavar="CODE", help="the reporting unit's code (e.g. 20)")
    parser.add_argument("--period", required=True, metavar="PERIOD",
                        help="2025S1 (first half), 2025S2, 2025 (year) or 2021-2025 (five-year sơ kết)")
    parser.add_argument("--format", required=True, choices=["docx", "xlsx", "pdf"], dest="fmt")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the report")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the report's date (default: today)")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from gdnn.plans.selectors import plan_get
    from gdnn.reports.generator import report_data, report_unit
    from gdnn.reports.render import report_render

    try:
        as_of = _date(args.date)
        plan = plan_get(ref=args.plan)
        unit = report_unit(code=args.org_unit, period=args.period, on=as_of)
        data = report_data(plan=plan, org_unit=unit, period=args.period, as_of=as_of)
        content, _name, _type = report_render(data=data, fmt=args.fmt)
        Path(args.output).write_bytes(content)
    except DomainError as exc:
        print(f"gdnn report: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"gdnn report: không ghi được {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"{args.output}: {data.period.label}, {len(data.targets)} chỉ tiêu, {len(content):,} bytes")
    return 0


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(f"Ngày không hợp lệ: “{text}” (dùng dạng YYYY-MM-DD).") from None
