"""`gdnn restore DIR`: verify a backup, restore the database and files, rebuild the analytics store.

The checksums are verified before anything is touched; a backup with a missing, changed or extra
file is refused. The database is restored only into an empty one (a new or only migrated
database) unless `force` is given. SHA256SUMS guards against a damaged or incomplete copy, not
against someone who rewrites the sums too: keep backups where only the operator can write.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from gdnn.common.errors import DomainError
from gdnn.ops.backup import (
    DB_FILES,
    FORMAT,
    FORMAT_VERSION,
    METADATA,
    SECRET_KEY_FILE,
    SUMS,
    file_roots,
)
from gdnn.ops.files import FILE_MODE, make_private, sha256_file
from gdnn.ops.pgtools import pg_env, pg_program
from gdnn.ops.state import database_holds_data, database_tables, migrations_known

MAX_PROBLEMS_SHOWN = 10


@dataclass
class RestoreResult:
    seconds: float
    files: int
    analytics_rows: int
    notes: list[str] = field(default_factory=list)


def _refuse(src: Path, problems: list[str]) -> DomainError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = f"\n  … và {len(problems) - len(shown)} vấn đề khác" if len(problems) > len(shown) else ""
    return DomainError(f"Bản sao lưu “{src}” bị hỏng hoặc không đầy đủ, không khôi phục:\n  "
                       + "\n  ".join(shown) + more)


def backup_verify(*, src: Path) -> dict:
    """Check every file of the backup against SHA256SUMS; the backup's metadata if all is well."""
    if not src.is_dir():
        raise DomainError(f"Không có thư mục sao lưu “{src}”.")
    sums = src / SUMS
    if not sums.is_file():
        raise _refuse(src, [f"thiếu {SUMS} (bản sao lưu chưa ghi xong hoặc bị ngắt giữa chừng)"])
    problems: list[str] = []
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        digest, sep, rel = line.partition("  ")
        pure = PurePosixPath(rel)
        if not sep or len(digest) != 64 or not rel or pure.is_absolute() or ".." in pure.parts:
            problems.append(f"{SUMS} dòng {number}: không đúng dạng “<sha256>  <tệp>”")
            continue
        listed[rel] = digest.lower()
    for rel, digest in sorted(listed.items()):
        path = src / rel
        if not path.is_file():
            problems.append(f"thiếu tệp {rel}")
        elif sha256_file(path) != digest:
            problems.append(f"tệp {rel} đã bị thay đổi (SHA-256 không khớp)")
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        if rel != SUMS and rel not in listed:
            problems.append(f"tệp {rel} không có trong {SUMS}")
    if METADATA not in listed:
        problems.append(f"thiếu {METADATA}")
    if problems:
        raise _refuse(src, problems)
    try:
        metadata = json.loads((src / METADATA).read_text(encoding="utf-8"))
        vendor = metadata["database"]["vendor"]
        db_file = metadata["database"]["file"]
    except (ValueError, KeyError, TypeError) as exc:
        raise _refuse(src, [f"{METADATA} không đọc được ({exc.__class__.__name__})"]) from exc
    if metadata.get("format") != FORMAT or metadata.get("format_version") != FORMAT_VERSION:
        raise _refuse(src, [f"{METADATA}: không phải bản sao lưu GDNN định dạng {FORMAT_VERSION}"])
    if DB_FILES.get(vendor) != db_file or db_file not in listed:
        raise _refuse(src, [f"thiếu tệp CSDL {db_file}"])
    return metadata


def _check_compatible(metadata: dict) -> None:
    vendor = metadata["database"]["vendor"]
    if vendor != connection.vendor:
        raise DomainError(f"Bản sao lưu là CSDL {vendor}, còn cài đặt này dùng {connection.vendor}: "
                          "khôi phục vào cùng loại CSDL (DATABASE_URL).")
    known = migrations_known()
    newer = sorted(f"{app}.{name}" for app, names in metadata.get("migrations", {}).items() for name in names
                   if (app, name) not in known)
    if newer:
        raise DomainError(f"Bản sao lưu từ GDNN {metadata.get('gdnn_version', '?')}, mới hơn phiên bản đang cài "
                          f"(có migration lạ: {', '.join(newer[:5])}): hãy cài phiên bản mới hơn rồi khôi phục.")


def _restore_sqlite(db_file: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    dest = sqlite3.connect(str(target), timeout=60)
    try:
        with dest:
            source.backup(dest)
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        dest.close()
        source.close()
    for path in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        if path.exists():
            path.chmod(FILE_MODE)


def _restore_postgresql(dump: Path) -> None:
    """Drop what is there and load the dump, in one transaction: all of it or nothing."""
    quote = connection.ops.quote_name
    tables = database_tables()
    connections.close_all()
    with tempfile.TemporaryDirectory(prefix="gdnn-restore-") as tmp:
        drops = Path(tmp) / "drop.sql"
        drops.write_text(
            (f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in tables)} CASCADE;\n" if tables else "")
            + "SET client_min_messages = warning;\n",
            encoding="utf-8",
        )
        errors = Path(tmp) / "errors.txt"
        env = pg_env()
        with errors.open("w") as err:
            producer = subprocess.Popen(
                [str(pg_program("pg_restore")), "--no-owner", "--no-privileges", "--file", "-", str(dump)],
                stdout=subprocess.PIPE, stderr=err, env=env,
            )
            consumer = subprocess.run(
                [str(pg_program("psql")), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                 "-f", str(drops), "-f", "-"],
                stdin=producer.stdout, stdout=subprocess.DEVNULL, stderr=err, env=env,
            )
            assert producer.stdout is not None
            producer.stdout.close()
            producer.wait()
        if producer.returncode != 0 or consumer.returncode != 0:
            message = errors.read_text(encoding="utf-8", errors="replace").strip()[-800:]
            raise DomainError(f"Khôi phục CSDL PostgreSQL thất bại, CSDL không thay đổi: {message}")


def _restore_files(src: Path, metadata: dict, *, force: bool) -> int:
    count = 0
    roots = file_roots()
    for name in metadata.get("file_roots", []):
        if name not in roots:
            continue
        target = roots[name]
        if target.exists() and force:
            shutil.rmtree(target)
        target.mkdir(parents=True, exist_ok=True)
        if (src / "files" / name).is_dir():  # an empty root leaves no file, and a copy may drop its folder
            shutil.copytree(src / "files" / name, target, dirs_exist_ok=True)
        make_private(target)
        count += sum(1 for p in target.rglob("*") if p.is_file())
    return count


def backup_restore(*, src: Path, force: bool = False) -> RestoreResult:
    """Verify the backup, then restore database, secret key and files; then migrate and rebuild analytics."""
    started = time.perf_counter()
    metadata = backup_verify(src=src)
    _check_compatible(metadata)
    notes: list[str] = []
    if not force:
        full = database_holds_data()
        if full:
            raise DomainError(f"CSDL đích đã có dữ liệu (bảng {', '.join(full[:5])}"
                              f"{', …' if len(full) > 5 else ''}): khôi phục vào một CSDL rỗng, "
                              "hoặc thêm --force để ghi đè toàn bộ.")
        busy = [str(root) for name, root in file_roots().items()
                if name in metadata.get("file_roots", []) and root.is_dir() and any(root.iterdir())]
        if busy:
            raise DomainError(f"Thư mục {', '.join(busy)} đã có tệp: thêm --force để ghi đè.")
    db_file = src / metadata["database"]["file"]
    if connection.vendor == "sqlite":
        _restore_sqlite(db_file)
    else:
        _restore_postgresql(db_file)

    if metadata.get("secret_key") == "file" and (src / SECRET_KEY_FILE).is_file():
        key_path = Path(settings.DATA_DIR) / SECRET_KEY_FILE
        key_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = key_path.with_name(f".{SECRET_KEY_FILE}.tmp")
        shutil.copyfile(src / SECRET_KEY_FILE, tmp)
        tmp.chmod(FILE_MODE)
        os.replace(tmp, key_path)
        if os.environ.get("SECRET_KEY"):
            notes.append("SECRET_KEY đặt trong môi trường được dùng thay cho khóa trong bản sao lưu.")
    elif metadata.get("secret_key") == "environment":
        notes.append("Khóa bí mật (SECRET_KEY) nằm trong tệp môi trường, không trong bản sao lưu: "
                     "dùng lại SECRET_KEY cũ để phiên đăng nhập và mẫu Excel đã phát vẫn hợp lệ.")
    files = _restore_files(src, metadata, force=force)

    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older release
    from gdnn.analytics.services import analytics_rebuild

    rebuilt = analytics_rebuild()
    return RestoreResult(time.perf_counter() - started, files, rebuilt.rows, notes)
