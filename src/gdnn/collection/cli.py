"""`gdnn data ...`: data sets, Excel templates, imports and exports. A thin shell over services.

Exit status: 0 on success, 2 on bad input (clear lines on stderr, no traceback), 1 otherwise.
Without --as, imports run as the operator of the installation (no scope limit, channel recorded,
no user); with --as USERNAME they are checked against that user's scope and roles.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_BAD_INPUT = 2


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def cmd_datasets(args: argparse.Namespace) -> int:
    from gdnn.collection.selectors import dataset_list

    rows = [{"code": d.code, "name": d.name_vi, "org_unit_type": d.org_unit_level, "period_type": d.period_type}
            for d in dataset_list()]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['code']:<18} {r['org_unit_type']:<12} {r['period_type']:<11} {r['name']}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from gdnn.collection.services.datasets import dataset_sync

    print(json.dumps(dataset_sync(), ensure_ascii=False))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from gdnn.collection.excel import template_build
    from gdnn.collection.selectors import (
        dataset_get,
        dataset_period,
        form_structure,
        orgunit_for_period,
        values_of,
    )

    data_set = dataset_get(code=args.dataset)
    period = dataset_period(data_set=data_set, period=args.period)
    unit = orgunit_for_period(code=args.org_unit, level=data_set.org_unit_level, period=period)
    form = form_structure(data_set=data_set, period=period)
    data = template_build(form=form, data_set_name=data_set.name_vi, org_unit_code=unit.code,
                          org_unit_name=unit.name, period=period,
                          values=values_of(data_set=data_set, org_unit=unit, period=period.code))
    Path(args.output).write_bytes(data)
    print(f"Đã ghi mẫu {args.output} ({data_set.code}, {unit.code}, {period.code}).")
    return 0


def _user(username: str | None):
    if not username:
        return None
    from gdnn.accounts.selectors import user_get

    return user_get(username=username, active_only=True)


def cmd_import(args: argparse.Namespace) -> int:
    from gdnn.collection.reading import batch_read
    from gdnn.collection.services.imports import datavalues_import

    path = Path(args.file)
    if not path.is_file():
        from gdnn.common.errors import NotFound

        raise NotFound(f"Không tìm thấy tệp “{path}”.")
    batch = batch_read(name=path.name, size=path.stat().st_size, read=path.read_bytes)
    result = datavalues_import(batch=batch, by=_user(args.as_user), submit=args.submit, comment=args.comment)
    print(f"Đã nhập {path.name}: {result.values_changed} giá trị thay đổi; "
          f"{len(result.submissions)} báo cáo" + (f", đã nộp {len(result.submitted)}." if args.submit else "."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from gdnn.collection.dhis2_csv import csv_write
    from gdnn.collection.exports import datavalues_export
    from gdnn.collection.periods import period_parse
    from gdnn.orgunits.selectors import orgunit_get

    period = period_parse(args.period)
    unit = orgunit_get(code=args.org_unit, on=period.end) if args.org_unit else None
    rows = datavalues_export(period=period, org_unit=unit, user=_user(args.as_user))
    if args.format == "json":
        text = json.dumps({"period": period.code, "dataValues": rows}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = csv_write(rows)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    import datetime as dt

    from gdnn.collection.selectors import dataset_get
    from gdnn.collection.services.datasets import dataset_window_set
    from gdnn.common.errors import DomainError

    try:
        opens, closes = dt.date.fromisoformat(args.opens), dt.date.fromisoformat(args.closes)
    except ValueError as exc:
        raise DomainError("Ngày phải có dạng YYYY-MM-DD.") from exc
    window = dataset_window_set(data_set=dataset_get(code=args.dataset), period=args.period, opens_on=opens,
                                closes_on=closes)
    print(f"{args.dataset.upper()} {window.period}: mở nhập {window.opens_on:%d/%m/%Y} – {window.closes_on:%d/%m/%Y}.")
    return 0


def cmd_threshold(args: argparse.Namespace) -> int:
    from gdnn.collection.selectors import dataset_get
    from gdnn.collection.services.datasets import dataset_threshold_set

    data_set = dataset_get(code=args.dataset)
    if args.percent is not None:
        data_set = dataset_threshold_set(data_set=data_set, percent=args.percent)
    print(f"{data_set.code}: ngưỡng đầy đủ {data_set.completeness_threshold}% số đơn vị phải báo cáo.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gdnn data", description="Data sets (forms), templates, import, export.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text)

    p = add("datasets", "List the data sets: code, name, org-unit type, period type.")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(func=cmd_datasets)
    p = add("sync", "Bring the data-set tables to datasets.toml (idempotent).")
    p.set_defaults(func=cmd_sync)
    p = add("template", "Write the Excel template of a form (data set × org unit × period), prefilled.")
    p.add_argument("--dataset", required=True, help="data set code, e.g. INST_SEMIANNUAL")
    p.add_argument("--org-unit", required=True, help="org-unit code of the reporting unit")
    p.add_argument("--period", required=True, help="2025S1, 2025S2 or 2025")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.set_defaults(func=cmd_template)
    p = add("import", "Import a filled-in Excel template or a DHIS2-layout CSV (all or nothing).")
    p.add_argument("file", help="FILE.xlsx (a template from `gdnn data template`) or FILE.csv")
    p.add_argument("--submit", action="store_true", help="submit each form after importing it")
    p.add_argument("--comment", default="", help="comment for the submission (needed when there are warnings)")
    p.add_argument("--as", dest="as_user", help="check scope and roles as this user")
    p.set_defaults(func=cmd_import)
    p = add("window", "Set the dates a data set is open for entry in one period (default: period start to "
                      "cut-off end + close_after_days).")
    p.add_argument("--dataset", required=True, help="data set code")
    p.add_argument("--period", required=True, help="2025S1, 2025S2 or 2025")
    p.add_argument("--opens", required=True, help="first day of entry, YYYY-MM-DD")
    p.add_argument("--closes", required=True, help="last day of entry, YYYY-MM-DD")
    p.set_defaults(func=cmd_window)
    p = add("threshold", "Show or set a data set's completeness threshold: the % of the expected units whose "
                         "approved report a figure needs before it decides a target's status (default 100).")
    p.add_argument("--dataset", required=True, help="data set code")
    p.add_argument("--percent", type=int, help="the new threshold, 0-100 (omit to show the current one)")
    p.set_defaults(func=cmd_threshold)
    p = add("export", "Export the data values of a period in DHIS2's data-value layout.")
    p.add_argument("--period", required=True, help="2025S1, 2025S2 or 2025")
    p.add_argument("--org-unit", help="only this unit and the units below it")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--as", dest="as_user", help="only what this user may see")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    _setup()
    from gdnn.collection.uploads import ImportRejected
    from gdnn.common.errors import DomainError

    try:
        return int(args.func(args))
    except ImportRejected as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"Lỗi tệp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
