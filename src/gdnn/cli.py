"""The `gdnn` command: parses arguments and calls one service or selector per subcommand.

Exit status: 0 on success, 2 on bad input (one line on stderr), 1 on an internal error.
Django is set up only for the subcommands that need it, so `gdnn parse` starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
# Subcommands that need Django set up before they run (parse and manage do without, or do it themselves).
DJANGO_COMMANDS = {"orgunits", "plan", "data", "analytics", "report", "serve", "demo", "token",
                   "backup", "restore", "upgrade", "check", "worker", "remind", "followup", "jobs"}
# Long-running services log to stdout; every other command keeps stdout for its output.
SERVICE_COMMANDS = {"serve", "demo", "worker"}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


# --- subcommands --------------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.parsing.cli import main as parse_main

    return parse_main(rest)


def cmd_bench(args: argparse.Namespace, rest: list[str]) -> int:
    if args.what == "parse":
        from gdnn.parsing.bench import main as bench_parse

        return bench_parse(rest)
    _setup_django()
    if args.what == "export":
        from gdnn.exchange.bench import main as bench_export

        return bench_export(rest)
    from gdnn.analytics.bench import main as bench_analytics  # type: ignore[import-not-found]

    return int(bench_analytics(rest))


def cmd_data(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.collection.cli import main as data_main

    return int(data_main(rest))


def cmd_report(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.reports.cli import main as report_main

    return int(report_main(rest))


def cmd_manage(args: argparse.Namespace, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gdnn manage", *rest])
    return 0


def cmd_orgunits_load(args: argparse.Namespace, rest: list[str]) -> int:
    _setup_django()
    import time

    from django.core.management import call_command

    from gdnn.orgunits.services import orgunits_load_vietnam

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    result = orgunits_load_vietnam()
    elapsed = time.perf_counter() - started
    print(
        f"{result.data_version}: {result.units_total} đơn vị, {result.successions_total} quan hệ kế thừa "
        f"(+{result.units_created} mới, {result.units_updated} cập nhật, +{result.successions_created} kế thừa) "
        f"trong {elapsed:.1f} s"
    )
    for warning in result.warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    return 0


def cmd_orgunits_tree(args: argparse.Namespace, rest: list[str]) -> int:
    _setup_django()
    from gdnn.orgunits.selectors import orgunit_get, orgunit_tree, today

    on = args.as_of or today()
    unit = orgunit_get(code=args.code, on=on)
    tree = orgunit_tree(unit=unit, on=on, depth=args.depth)
    if args.format == "json":
        print(json.dumps(tree.to_dict(), ensure_ascii=False, indent=2))
    else:
        def show(node, indent: int) -> None:
            print(f"{'  ' * indent}{node.code}  {node.name}")
            for child in node.children:
                show(child, indent + 1)

        print(f"# {on:%d/%m/%Y}")
        show(tree, 0)
    return 0


def cmd_orgunits_import_institutions(args: argparse.Namespace, rest: list[str]) -> int:
    _setup_django()
    from pathlib import Path

    from gdnn.orgunits.institution_import import ImportRejected, institutions_import

    try:
        created = institutions_import(path=Path(args.file))
    except ImportRejected as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Đã nhập {len(created)} cơ sở GDNN.")
    return 0


def cmd_analytics_rebuild(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.analytics.services import analytics_rebuild

    result = analytics_rebuild()
    print(f"Kho phân tích: {result.rows} giá trị đã duyệt, dựng lại trong {result.seconds:.1f} s ({result.build}).")
    return 0


def cmd_analytics_refresh(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.analytics.services import analytics_refresh

    taken = analytics_refresh()
    print("Kho phân tích đã được dựng mới." if taken < 0 else f"Kho phân tích: đã cập nhật {taken} báo cáo.")
    return 0


def cmd_analytics_verify(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.analytics.verify import analytics_verify

    result = analytics_verify()
    for line in result.differences[: args.limit]:
        print(line)
    if len(result.differences) > args.limit:
        print(f"… và {len(result.differences) - args.limit} khác biệt nữa.")
    state = "khớp" if result.equal else f"KHÔNG khớp ({len(result.differences)} khác biệt)"
    print(f"Kho phân tích {state} với cơ sở dữ liệu: {result.submissions_db} báo cáo đã duyệt, "
          f"{result.values_db} giá trị; kho có {result.submissions_store} báo cáo; "
          f"{result.pending} thay đổi đang chờ đưa vào kho.")
    return 0 if result.equal else EXIT_INTERNAL


def cmd_worker(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.jobs.worker import worker_run

    return worker_run(interval=args.interval, poll=args.poll, batch=args.batch, store=not args.tasks_only,
                      processes=1 if args.tasks_only else args.processes)


def cmd_jobs_prune(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.jobs.services import jobs_prune

    pruned = jobs_prune(keep_days=args.keep_days)
    print(f"Đã xoá {pruned} công việc đã xong (và tệp kết quả của chúng).")
    return 0


def cmd_token_create(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.accounts.selectors import user_get
    from gdnn.accounts.services import apitoken_create

    token, raw = apitoken_create(user=user_get(username=args.username), name=args.name, days=args.days or None,
                                 scopes=getattr(args, "scope", None))
    expires = f"{token.expires_at:%d/%m/%Y}" if token.expires_at else "không hết hạn"
    print(raw)
    print(f"Mã truy cập “{token.name}” của {args.username}, hiệu lực đến {expires}. "
          "Hãy lưu lại ngay: mã không được hiển thị lại.", file=sys.stderr)
    return 0


def cmd_token_list(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.accounts.selectors import apitokens_of, user_get

    def when(value) -> str:
        return f"{value:%d/%m/%Y %H:%M}" if value else "–"

    for t in apitokens_of(user=user_get(username=args.username)):
        state = f"thu hồi {when(t.revoked_at)}" if t.revoked_at else f"hết hạn {when(t.expires_at)}"
        print(f"{t.prefix}…  {t.name:<30} tạo {when(t.created_at)}  dùng {when(t.last_used_at)}  {state}")
    return 0


def cmd_token_revoke(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.accounts.selectors import apitoken_by_prefix
    from gdnn.accounts.services import apitoken_revoke

    token = apitoken_revoke(token=apitoken_by_prefix(prefix=args.prefix))
    print(f"Đã thu hồi {token.prefix}… ({token.name}).")
    return 0


def cmd_remind(args: argparse.Namespace, rest: list[str]) -> int:
    from django.utils import timezone

    from gdnn.collection.services.reminders import reminders_send
    from gdnn.followup.services import followup_reminders_send
    from gdnn.labour.services.waves import waves_remind_all

    on = args.on or timezone.localdate()
    result = reminders_send(on=on)
    print(f"Đã gửi {result.sent} nhắc nhở: {result.due_soon} sắp đến hạn, {result.overdue} quá hạn.")
    tasks = followup_reminders_send(on=on)
    print(f"Báo cáo nhiệm vụ: {tasks.due_soon} sắp đến hạn, {tasks.overdue} quá hạn.")
    print(f"Khảo sát lao động: đã gửi {waves_remind_all(on=on)} thư nhắc người chưa trả lời.")
    return 0


def cmd_serve(args: argparse.Namespace, rest: list[str]) -> int:
    _setup_django()
    from gdnn.web.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers)


def cmd_demo(args: argparse.Namespace, rest: list[str]) -> int:
    _setup_django()
    import subprocess

    from gdnn.demo.build import demo_build

    demo_build(out=sys.stdout)
    if args.no_serve:
        return 0
    from gdnn.web.server import serve

    # The worker beside the web server: reports, exports and the analytics store are its jobs.
    worker = subprocess.Popen([sys.executable, "-m", "gdnn.cli", "worker"])
    try:
        return serve(host=args.host, port=args.port, workers=args.workers)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def cmd_backup(args: argparse.Namespace, rest: list[str]) -> int:
    from pathlib import Path

    from gdnn.ops.backup import backup_create

    result = backup_create(dest=Path(args.dir))
    print(f"Đã sao lưu vào {result.path}: {result.files} tệp, {result.bytes / 1e6:.1f} MB, "
          f"trong {result.seconds:.1f} s (kiểm tra: cd {result.path} && sha256sum -c SHA256SUMS).")
    return 0


def cmd_restore(args: argparse.Namespace, rest: list[str]) -> int:
    from pathlib import Path

    from gdnn.ops.restore import backup_restore, backup_verify

    src = Path(args.dir)
    if args.verify_only:
        meta = backup_verify(src=src)
        print(f"Bản sao lưu hợp lệ: GDNN {meta['gdnn_version']}, {meta['database']['vendor']}, {meta['created_at']}.")
        return 0
    result = backup_restore(src=src, force=args.force)
    print(f"Đã khôi phục từ {src}: CSDL, {result.files} tệp; kho phân tích dựng lại với {result.analytics_rows} "
          f"giá trị; trong {result.seconds:.1f} s.")
    for note in result.notes:
        print(f"lưu ý: {note}", file=sys.stderr)
    return 0


def cmd_upgrade(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.ops.upgrade import upgrade_run

    steps = upgrade_run(on_step=lambda step: print(f"{'*' if step.changed else '-'} {step.name}: {step.detail}",
                                                     flush=True))
    changed = [s.name for s in steps if s.changed]
    print(f"Đã nâng cấp: {', '.join(changed)} thay đổi." if changed else "Không có gì thay đổi.")
    return 0


def cmd_check(args: argparse.Namespace, rest: list[str]) -> int:
    from gdnn.ops.checks import FAIL, checks_run

    results = checks_run()
    for check in results:
        print(f"{check.status:<4}  {check.name:<13} {check.detail}")
    return 1 if any(c.status == FAIL for c in results) else 0


# --- argument parser ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gdnn",
        description="GDNN: kế hoạch giáo dục nghề nghiệp thành kế hoạch được đo lường "
        "(Vietnamese vocational-education plans as live, measured plans).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[..., int], help_text: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, **kw)
        p.set_defaults(func=func)
        return p

    p = add("parse", cmd_parse, "Parse a plan document (.txt .md .docx .pdf) into JSON or text.", add_help=False)
    p = add("bench", cmd_bench, "Run a benchmark: parse, analytics or export.", add_help=True)
    p.add_argument("what", choices=["parse", "analytics", "export"])
    add("manage", cmd_manage, "Django's manage.py (migrate, createsuperuser, ...).", add_help=False)
    add("data", cmd_data, "Data collection: data sets, Excel templates, imports, exports.", add_help=False)
    add("report", cmd_report, "Reports on a plan for a unit and period: DOCX (ND 30/2020), XLSX, PDF.",
        add_help=False)

    p = add("orgunits", lambda a, r: 0, "Vietnamese administrative units and vocational institutions.")
    osub = p.add_subparsers(dest="orgunits_command", required=True, metavar="SUBCOMMAND")
    q = osub.add_parser("load", help="Load all admin units, pre- and post-2025, with successions (idempotent).",
                        description="Load all admin units, pre- and post-2025, with successions (idempotent).")
    q.set_defaults(func=cmd_orgunits_load)
    q = osub.add_parser("tree", help="Print a unit and its descendants as of a date.",
                        description="Print a unit and its descendants as of a date.")
    q.add_argument("code", help="NSO code: 2-digit province, 3-digit district, 5-digit commune")
    q.add_argument("--as-of", type=_date, default=None, help="date YYYY-MM-DD (default: today)")
    q.add_argument("--depth", type=int, default=1, help="levels below the unit (default 1)")
    q.add_argument("--format", choices=["json", "text"], default="text")
    q.set_defaults(func=cmd_orgunits_tree)
    q = osub.add_parser("import-institutions", help="Import vocational institutions from CSV or XLSX.",
                        description="Import vocational institutions from CSV or XLSX; all rows or none.")
    q.add_argument("file")
    q.set_defaults(func=cmd_orgunits_import_institutions)

    p = add("analytics", lambda a, r: 0, "The analytics store (Parquet + DuckDB), derived from approved data.")
    asub = p.add_subparsers(dest="analytics_command", required=True, metavar="SUBCOMMAND")
    q = asub.add_parser("rebuild", help="Rebuild the analytics store from the database.",
                        description="Rebuild the analytics store from the approved values in the database.")
    q.set_defaults(func=cmd_analytics_rebuild)
    q = asub.add_parser("refresh", help="Take approvals and reopenings waiting in the outbox into the store now.",
                        description="Take the approvals and reopenings waiting in the outbox into the store "
                        "(the worker does this by itself within a second).")
    q.set_defaults(func=cmd_analytics_refresh)
    q = asub.add_parser("verify", help="Compare the store with the database; exit 1 on any difference.",
                        description="Compare the published store with the database: approved submissions, "
                        "their value counts and sums. Exit status 1 on any difference.")
    q.add_argument("--limit", type=int, default=20, help="differences to print (default 20)")
    q.set_defaults(func=cmd_analytics_verify)

    p = add("worker", cmd_worker, "Run background jobs: reports, exports, the analytics store (one process).")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls when idle (default 1)")
    p.add_argument("--poll", type=float, default=0.5, help="seconds between analytics outbox polls (default 0.5)")
    p.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
    p.add_argument("--processes", type=int, default=int(os.environ.get("GDNN_WORKER_PROCESSES", "1")),
                   help="task loops run side by side, each a process (default 1, or GDNN_WORKER_PROCESSES)")
    p.add_argument("--tasks-only", action="store_true", help=argparse.SUPPRESS)  # a child of --processes

    p = add("jobs", lambda a, r: 0, "Background jobs: delete finished ones past their keeping time.")
    jsub = p.add_subparsers(dest="jobs_command", required=True, metavar="SUBCOMMAND")
    q = jsub.add_parser("prune", help="Delete finished jobs and their files older than the keeping time.",
                        description="Delete jobs finished more than GDNN_JOB_KEEP_DAYS days ago (default 30), "
                                    "with their files; the worker does this every hour.")
    q.add_argument("--keep-days", type=int, default=None, help="keep this many days instead of GDNN_JOB_KEEP_DAYS")
    q.set_defaults(func=cmd_jobs_prune)

    p = add("token", lambda a, r: 0, "API tokens: create, list and revoke a user's personal access tokens.")
    tsub = p.add_subparsers(dest="token_command", required=True, metavar="SUBCOMMAND")
    q = tsub.add_parser("create", help="Create a token for a user and print it (once).",
                        description="Create an API token for a user; the token is printed once, on stdout.")
    q.add_argument("username")
    q.add_argument("--name", required=True, help="what will use it, e.g. the institution's MIS")
    q.add_argument("--days", type=int, default=365, help="validity in days (default 365; 0: no expiry)")
    q.add_argument("--scope", action="append", choices=["read", "data:write", "workflow"],
                   help="what the token may do, repeatable (default: all; --scope read for a read-only token)")
    q.set_defaults(func=cmd_token_create)
    q = tsub.add_parser("list", help="List a user's tokens (their prefixes, never the tokens).",
                        description="List a user's API tokens: prefix, name, created, last used, expiry.")
    q.add_argument("username")
    q.set_defaults(func=cmd_token_list)
    q = tsub.add_parser("revoke", help="Revoke a token by its prefix.",
                        description="Revoke an API token by its prefix (as shown by `gdnn token list`).")
    q.add_argument("prefix")
    q.set_defaults(func=cmd_token_revoke)

    p = add("backup", cmd_backup, "Back up the database, secret key, files and analytics manifest into DIR, "
            "with SHA-256 checksums.")
    p.add_argument("dir", metavar="DIR", help="a new or empty directory")
    p = add("restore", cmd_restore, "Verify a backup's checksums, restore the database and files from DIR, "
            "then rebuild the analytics store.")
    p.add_argument("dir", metavar="DIR", help="a directory written by `gdnn backup`")
    p.add_argument("--force", action="store_true", help="overwrite a database that already holds data")
    p.add_argument("--verify-only", action="store_true", help="only check the backup, change nothing")
    add("upgrade", cmd_upgrade, "After installing a new release: migrate, merge the national catalogs, "
        "collect static files, rebuild what changed. Safe to run twice.")
    add("check", cmd_check, "Check configuration, database, migrations, analytics store, worker, disk and "
        "file permissions; one OK/WARN/FAIL line each, exit status 1 on any FAIL.")
    p = add("remind", cmd_remind, "Send due-soon and overdue reminders (in the app and by e-mail); "
            "safe to run every day: each reminder goes out once.")
    p.add_argument("--on", type=_date, default=None, help="as if today were this date YYYY-MM-DD (default: today)")

    from gdnn.plans.cli import register as register_plan

    register_plan(sub)

    from gdnn.followup.cli import register as register_followup

    register_followup(sub)

    for name, func, help_text in (
        ("serve", cmd_serve, "Serve the web application with a production-grade WSGI server."),
        ("demo", cmd_demo, "Build the demo data directory (admin units, users) and serve it."),
    ):
        p = add(name, func, help_text)
        p.add_argument("--host", default=os.environ.get("GDNN_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("GDNN_PORT", "8000")))
        p.add_argument("--workers", type=int, default=int(os.environ.get("GDNN_WORKERS", "2")))
        if name == "demo":
            p.add_argument("--no-serve", action="store_true", help="stop after building the demo data")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from gdnn.ops.files import secure_umask

    secure_umask()  # data files 0600, directories 0700
    if not argv or argv[0] not in SERVICE_COMMANDS:
        os.environ.setdefault("GDNN_LOG_STREAM", "stderr")
    parser = build_parser()
    passthrough = {"parse", "manage", "data", "report"}
    if argv and argv[0] in passthrough:
        args, rest = parser.parse_args(argv[:1]), argv[1:]
    elif argv[:2] in (["bench", "parse"], ["bench", "analytics"], ["bench", "export"]):
        args, rest = parser.parse_args(argv[:2]), argv[2:]
    else:
        args, rest = parser.parse_args(argv), []
    from gdnn.common.errors import DomainError

    try:
        if args.command == "demo":
            # The demo serves plain HTTP on this machine: no HTTPS redirect, no secure-only cookies.
            os.environ.setdefault("GDNN_SECURE", "0")
            os.environ.setdefault("EMAIL_URL", "console://")  # the demo's mail goes to its log
        if args.command in DJANGO_COMMANDS:
            _setup_django()
        return int(args.func(args, rest) or 0)
    except DomainError as exc:
        print(f"gdnn: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("GDNN_TRACEBACK"):
            raise
        print(f"gdnn: lỗi nội bộ (internal error): {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
