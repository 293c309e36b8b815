"""`gdnn check` and `/healthz`: is this installation fit to serve?

Each check gives OK, WARN (works, but an operator should look) or FAIL (something is broken).
Messages name what to do; none shows a secret (passwords, keys, full database URLs).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

OK, WARN, FAIL = "OK", "WARN", "FAIL"
GIB = 1024**3
# Free space on the data directory's file system: below the first figures FAIL, below the second WARN.
DISK_FAIL_BYTES, DISK_FAIL_SHARE = 1 * GIB, 0.05
DISK_WARN_BYTES, DISK_WARN_SHARE = 5 * GIB, 0.15
# The worker stamps its heartbeat every few seconds (gdnn.jobs.worker); this long without one, it is dead.
WORKER_STALE_SECONDS = 90


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


# --- the checks --------------------------------------------------------------------------------


def check_configuration() -> Check:
    from django.core import checks

    messages = checks.run_checks(include_deployment_checks=True)
    errors = sorted({m.id or "?" for m in messages if m.level >= checks.ERROR})
    warnings = sorted({m.id or "?" for m in messages if checks.WARNING <= m.level < checks.ERROR})
    if errors:
        return Check("configuration", FAIL, f"lỗi cấu hình {', '.join(errors)}: xem `gdnn manage check --deploy`")
    if warnings:
        return Check("configuration", WARN, f"cảnh báo {', '.join(warnings)}: xem `gdnn manage check --deploy`")
    key = "SECRET_KEY từ môi trường" if os.environ.get("SECRET_KEY") else "khóa trong GDNN_DATA_DIR/secret_key"
    return Check("configuration", OK, f"DEBUG tắt, {key}, ALLOWED_HOSTS={','.join(settings.ALLOWED_HOSTS)}")


def check_email() -> Check:
    mailer: dict = dict(settings.MAILERS.get("default") or {})
    backend = str(mailer.get("BACKEND", "")).rsplit(".", 2)[-2] if mailer else "none"
    if backend != "smtp":
        return Check("email", WARN, f"thư không được gửi đi mà ghi vào {backend} (EMAIL_URL)")
    options: dict = dict(mailer.get("OPTIONS") or {})
    if not (os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST")):
        return Check("email", WARN, "chưa cấu hình EMAIL_URL (hoặc EMAIL_HOST): thư gửi qua localhost:25, "
                     "cần một máy chủ thư trên máy này")
    security = "SSL" if options.get("use_ssl") else "STARTTLS" if options.get("use_tls") else "không mã hóa"
    local = options.get("host") in ("localhost", "127.0.0.1", "::1")
    status = OK if security != "không mã hóa" or local else WARN
    return Check("email", status, f"SMTP {options.get('host')}:{options.get('port')} ({security}), "
                 f"gửi từ {settings.DEFAULT_FROM_EMAIL}")


def database_answers() -> str | None:
    """None if the database answers a query, else why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not reachable" here
        return _short(exc)
    return None


def check_database() -> Check:
    problem = database_answers()
    if problem:
        return Check("database", FAIL, f"{connection.vendor} không trả lời: {problem}")
    where = settings.DATABASES["default"].get("HOST") or settings.DATABASES["default"]["NAME"]
    return Check("database", OK, f"{connection.vendor} trả lời ({where})")


def check_migrations() -> Check:
    from gdnn.ops.state import migrations_pending

    try:
        pending = migrations_pending()
    except Exception as exc:
        return Check("migrations", FAIL, f"không đọc được trạng thái: {_short(exc)}")
    if pending:
        return Check("migrations", FAIL, f"{len(pending)} migration chưa áp dụng ({pending[0]}, …): chạy `gdnn upgrade`")
    return Check("migrations", OK, "CSDL ở phiên bản mới nhất")


def store_problem() -> str | None:
    """None if the analytics store can be read (or is simply not built yet), else why not."""
    from gdnn.analytics.store import store_dir

    try:
        root = store_dir()
    except OSError as exc:
        return _short(exc)
    if not os.access(root, os.R_OK | os.X_OK):
        return f"không đọc được thư mục {root}"
    manifest = root / "manifest.json"
    if manifest.exists():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"manifest.json hỏng: {_short(exc)}"
        build = data.get("build", "")
        if build and not (root / f"base-{build}").is_dir():
            return f"thiếu base-{build} mà manifest.json trỏ tới"
        missing = [d["file"] for d in data.get("deltas", []) if not (root / d["file"]).exists()]
        if missing:
            return f"thiếu {missing[0]} mà manifest.json trỏ tới"
    return None


def check_store() -> Check:
    from gdnn.analytics.store import read_manifest

    problem = store_problem()
    if problem:
        return Check("analytics", FAIL, f"{problem}: chạy `gdnn analytics rebuild`")
    manifest = read_manifest()
    if not manifest.exists:
        return Check("analytics", WARN, "kho phân tích chưa được dựng: chạy `gdnn analytics rebuild`")
    return Check("analytics", OK, f"bản dựng {manifest.build}, {manifest.base_rows} giá trị, "
                 f"{len(manifest.deltas)} delta")


def check_worker(now: dt.datetime | None = None) -> Check:
    from gdnn.jobs.selectors import worker_last_seen

    seen = worker_last_seen()
    if seen is None:
        return Check("worker", WARN, "chưa thấy tiến trình nền (`gdnn worker`) nào chạy")
    age = ((now or dt.datetime.now(dt.UTC)) - seen).total_seconds()
    if age > WORKER_STALE_SECONDS:
        return Check("worker", FAIL, f"tiến trình nền im lặng {age:.0f} s (lần cuối {seen:%Y-%m-%d %H:%M:%S} UTC): "
                     "kiểm tra `systemctl status gdnn-worker`")
    return Check("worker", OK, f"nhịp gần nhất {age:.0f} s trước")


def disk_status(free: int, total: int) -> str:
    share = free / total if total else 0.0
    if free < DISK_FAIL_BYTES or share < DISK_FAIL_SHARE:
        return FAIL
    if free < DISK_WARN_BYTES or share < DISK_WARN_SHARE:
        return WARN
    return OK


def check_disk() -> Check:
    data_dir = Path(settings.DATA_DIR)
    usage = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent)
    status = disk_status(usage.free, usage.total)
    return Check("disk", status, f"còn trống {usage.free / GIB:.1f} GiB / {usage.total / GIB:.1f} GiB "
                 f"({usage.free / usage.total:.0%}) tại {data_dir}")


def check_permissions() -> Check:
    from gdnn.ops.files import permission_problems

    roots = [Path(settings.DATA_DIR)]
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        db_path = Path(db["NAME"])
        if not db_path.resolve().is_relative_to(roots[0].resolve()):
            roots.append(db_path)
    count, shown = 0, list[str]()
    for root in roots:
        n, paths = permission_problems(root)
        count += n
        shown += paths
    if count:
        return Check("permissions", FAIL, f"{count} tệp/thư mục người khác đọc được, ví dụ {'; '.join(shown[:3])}: "
                     f"chạy `chmod -R go-rwx {roots[0]}`")
    return Check("permissions", OK, f"tệp 0600, thư mục 0700 trong {roots[0]}")


ALL_CHECKS: tuple[Callable[[], Check], ...] = (
    check_configuration, check_email, check_database, check_migrations, check_store, check_worker, check_disk,
    check_permissions,
)


def checks_run() -> list[Check]:
    results: list[Check] = []
    for check in ALL_CHECKS:
        if check is check_migrations and results and any(r.name == "database" and r.status == FAIL for r in results):
            results.append(Check("migrations", FAIL, "bỏ qua: CSDL không trả lời"))
            continue
        try:
            results.append(check())
        except Exception as exc:  # a check that breaks is a failed check, not a traceback
            results.append(Check(check.__name__.removeprefix("check_"), FAIL, _short(exc)))
    return results


def health() -> tuple[bool, dict]:
    """For /healthz: healthy only when the database answers and the analytics store is readable."""
    db, store = database_answers(), store_problem()
    body = {"status": "ok" if db is None and store is None else "unavailable",
            "checks": {"database": "ok" if db is None else "fail", "analytics_store": "ok" if store is None else "fail"}}
    return db is None and store is None, body
