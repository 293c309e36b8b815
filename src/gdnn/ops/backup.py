"""`gdnn backup DIR`: a consistent copy of the database plus the files the database does not hold.

    DIR/
      metadata.json             GDNN version, migration state, date, database vendor
      database.sqlite3          SQLite online backup (a consistent snapshot while the site runs)
      database.pgdump           or pg_dump's custom format, for PostgreSQL
      secret_key                the generated key, when it lives in GDNN_DATA_DIR (not in the environment)
      analytics-manifest.json   what the analytics store held (the store itself is rebuilt on restore)
      files/<root>/...          uploaded and generated files (GDNN_DATA_DIR/media)
      SHA256SUMS                one line per file, `sha256sum -c` format; written last

SHA256SUMS is written last: a backup without it was cut short, and `gdnn restore` refuses it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from gdnn.common.errors import DomainError
from gdnn.ops.files import DIR_MODE, FILE_MODE, sha256_file
from gdnn.ops.pgtools import pg_env, pg_program
from gdnn.ops.state import gdnn_version, migrations_applied

FORMAT = "gdnn-backup"
FORMAT_VERSION = 1
SUMS = "SHA256SUMS"
METADATA = "metadata.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SECRET_KEY_FILE = "secret_key"
ANALYTICS_MANIFEST = "analytics-manifest.json"


def file_roots() -> dict[str, Path]:
    """The directories of files that live beside the database, by name in the backup."""
    return {"media": Path(settings.MEDIA_ROOT)}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    bytes: int
    seconds: float


def _backup_sqlite(dest: Path) -> None:
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=60)
    target = sqlite3.connect(str(dest))
    try:
        with target:
            source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()


def _backup_postgresql(dest: Path) -> None:
    result = subprocess.run(
        [str(pg_program("pg_dump")), "--format=custom", "--no-owner", "--no-privileges", "--file", str(dest)],
        env=pg_env(), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise DomainError(f"pg_dump thất bại: {result.stderr.strip()[-500:]}")


def _prepare_dir(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise DomainError(f"“{dest}” đã tồn tại và không rỗng: hãy chọn một thư mục mới cho bản sao lưu.")
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(DIR_MODE)


def backup_create(*, dest: Path) -> BackupResult:
    """Write a complete, checksummed backup of this installation into the new or empty directory dest."""
    started = time.perf_counter()
    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise DomainError(f"Không sao lưu được CSDL loại {vendor}.")
    _prepare_dir(dest)
    created_at = dt.datetime.now(dt.UTC)
    db_file = dest / DB_FILES[vendor]
    if vendor == "sqlite":
        _backup_sqlite(db_file)
    else:
        _backup_postgresql(db_file)

    key_file = Path(settings.DATA_DIR) / SECRET_KEY_FILE
    secret_key = "environment"
    if not os.environ.get("SECRET_KEY") and key_file.is_file():
        shutil.copyfile(key_file, dest / SECRET_KEY_FILE)
        secret_key = "file"

    from gdnn.analytics.store import read_manifest, store_dir

    manifest_path = store_dir() / "manifest.json"
    analytics_build = ""
    if manifest_path.is_file():
        shutil.copyfile(manifest_path, dest / ANALYTICS_MANIFEST)
        analytics_build = read_manifest().build

    roots = []
    for name, root in file_roots().items():
        if root.is_dir():
            shutil.copytree(root, dest / "files" / name, symlinks=False)
            roots.append(name)

    metadata = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "gdnn_version": gdnn_version(),
        "created_at": created_at.isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": db_file.name},
        "migrations": migrations_applied(),
        "secret_key": secret_key,
        "analytics_build": analytics_build,
        "file_roots": roots,
    }
    (dest / METADATA).write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    lines, total, count = [], 0, 0
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        path.chmod(FILE_MODE)
        rel = path.relative_to(dest).as_posix()
        lines.append(f"{sha256_file(path)}  {rel}\n")
        total += path.stat().st_size
        count += 1
    for path in dest.rglob("*"):
        if path.is_dir():
            path.chmod(DIR_MODE)
    tmp = dest / f".{SUMS}.tmp"
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.chmod(FILE_MODE)
    os.replace(tmp, dest / SUMS)
    return BackupResult(dest, count, total, time.perf_counter() - started)
