"""backup → wipe → restore on PostgreSQL (pg_dump custom format, restored in one transaction)."""

from __future__ import annotations

import json
import os
import shutil
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.ops.conftest import exports, gdnn, postgres_only, site_env, snapshot, world

pytestmark = postgres_only
SITE_DB = "gdnn_ops_site"


def _url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")


@pytest.fixture
def site_db():
    _recreate(SITE_DB)
    yield _url(SITE_DB)
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SITE_DB} WITH (FORCE)")


def test_backup_wipe_restore_on_postgresql_gives_back_every_value(site_db, tmp_path, static_root):
    data_dir = tmp_path / "data"
    env = site_env(data_dir, static_root, site_db)
    world(env, "build")
    upload = data_dir / "media" / "uploads" / "ke-hoach.docx"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"PK\x03\x04 plan")
    before_snapshot, before_exports = snapshot(env), exports(env)
    key = (data_dir / "secret_key").read_bytes()

    dest = tmp_path / "backup"
    gdnn(env, "backup", str(dest))
    meta = json.loads((dest / "metadata.json").read_text())
    assert meta["database"] == {"vendor": "postgresql", "file": "database.pgdump"}
    assert (dest / "database.pgdump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    # Wipe: a new empty database and no data directory.
    _recreate(SITE_DB)
    shutil.rmtree(data_dir)
    result = gdnn(env, "restore", str(dest))
    assert "kho phân tích dựng lại" in result.stdout
    assert exports(env) == before_exports
    assert snapshot(env) == before_snapshot
    assert (data_dir / "secret_key").read_bytes() == key
    assert upload.read_bytes() == b"PK\x03\x04 plan"

    refused = gdnn(env, "restore", str(dest), expect=2)
    assert "--force" in refused.stderr
    # A forced restore replaces every table in one transaction, and leaves nothing of the old data.
    gdnn(env, "token", "create", "quantri", "--name", "made after the backup")
    assert snapshot(env) != before_snapshot
    gdnn(env, "restore", "--force", str(dest))
    assert snapshot(env) == before_snapshot

    with (dest / "database.pgdump").open("r+b") as fh:
        fh.seek(-100, 2)
        fh.write(b"\x00" * 10)
    damaged = gdnn(env, "restore", "--force", str(dest), expect=2)
    assert "database.pgdump đã bị thay đổi" in damaged.stderr
    assert snapshot(env) == before_snapshot

    # On PostgreSQL too, an upgrade keeps every value and a second one changes nothing.
    gdnn(env, "upgrade")
    again = gdnn(env, "upgrade")
    assert again.stdout.strip().endswith("Không có gì thay đổi."), again.stdout
    assert snapshot(env) == before_snapshot
