"""backup → wipe → restore gives back the same installation; a damaged backup is refused untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess

import pytest

from tests.ops.conftest import (
    copy_backup,
    exports,
    gdnn,
    site_env,
    snapshot,
    sqlite_only,
)

pytestmark = sqlite_only


@pytest.fixture(scope="module")
def backed_up(upgraded_site, tmp_path_factory):
    env, data_dir = upgraded_site
    dest = tmp_path_factory.mktemp("backups") / "gdnn-2026-12-04"
    result = gdnn(env, "backup", str(dest))
    assert str(dest) in result.stdout
    return env, data_dir, dest


def _tables(db) -> list[str]:
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        con.close()


def test_backup_is_private_complete_and_checkable_with_sha256sum(backed_up):
    _env, _data, dest = backed_up
    names = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert names == ["SHA256SUMS", "analytics-manifest.json", "database.sqlite3",
                     "files/media/uploads/bao-cao-2024.xlsx", "metadata.json", "secret_key"]
    for path in [dest, *dest.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dest, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    meta = json.loads((dest / "metadata.json").read_text())
    assert meta["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert "0001_initial" in meta["migrations"]["collection"]
    assert meta["gdnn_version"] and meta["created_at"].startswith("20")
    assert meta["secret_key"] == "file" and meta["file_roots"] == ["media"]
    verified = gdnn(_env, "restore", "--verify-only", str(dest))
    assert "Bản sao lưu hợp lệ" in verified.stdout and "sqlite" in verified.stdout


def test_backup_wipe_restore_gives_back_every_value(backed_up, tmp_path, static_root):
    env, data_dir, dest = backed_up
    before_snapshot, before_exports = snapshot(env), exports(env)

    new_dir = tmp_path / "data"  # the wiped machine: an empty data directory
    new_env = site_env(new_dir, static_root)
    result = gdnn(new_env, "restore", str(dest))
    assert "kho phân tích dựng lại" in result.stdout

    assert exports(new_env) == before_exports
    assert snapshot(new_env) == before_snapshot
    assert (new_dir / "secret_key").read_bytes() == (data_dir / "secret_key").read_bytes()
    upload = "media/uploads/bao-cao-2024.xlsx"
    assert (new_dir / upload).read_bytes() == (data_dir / upload).read_bytes()
    assert json.loads((new_dir / "analytics" / "manifest.json").read_text())["build"]
    for path in [new_dir / "gdnn.sqlite3", new_dir / "secret_key", new_dir / upload, new_dir / "media"]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path

    # The restored site now holds data: a second restore is refused, unless forced.
    refused = gdnn(new_env, "restore", str(dest), expect=2)
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    gdnn(new_env, "restore", "--force", str(dest))
    assert snapshot(new_env) == before_snapshot


@pytest.mark.parametrize("damage, message", [
    ("change", "database.sqlite3 đã bị thay đổi"),
    ("delete", "thiếu tệp files/media/uploads/bao-cao-2024.xlsx"),
    ("extra", "tệp notes.txt không có trong SHA256SUMS"),
    ("no-sums", "thiếu SHA256SUMS"),
])
def test_a_damaged_or_incomplete_backup_is_refused_before_anything_changes(backed_up, tmp_path, static_root,
                                                                           damage, message):
    _env, _data, dest = backed_up
    bad = copy_backup(dest, tmp_path / "bad")
    if damage == "change":
        with (bad / "database.sqlite3").open("r+b") as fh:
            fh.seek(4096)
            byte = fh.read(1)
            fh.seek(4096)
            fh.write(bytes([byte[0] ^ 0xFF]))
    elif damage == "delete":
        (bad / "files/media/uploads/bao-cao-2024.xlsx").unlink()
    elif damage == "extra":
        (bad / "notes.txt").write_text("added later")
    else:
        (bad / "SHA256SUMS").unlink()
    new_dir = tmp_path / "data"
    result = gdnn(site_env(new_dir, static_root), "restore", str(bad), expect=2)
    assert message in result.stderr, result.stderr
    assert "không khôi phục" in result.stderr and "Traceback" not in result.stderr
    assert _tables(new_dir / "gdnn.sqlite3") == []
    assert not (new_dir / "media").exists()


def test_backup_refuses_a_directory_that_holds_files(upgraded_site, tmp_path):
    env, _ = upgraded_site
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    result = gdnn(env, "backup", str(tmp_path / "old"), expect=2)
    assert "không rỗng" in result.stderr


def test_restore_of_a_postgresql_backup_into_sqlite_is_refused_clearly(backed_up, tmp_path, static_root):
    _env, _data, dest = backed_up
    bad = copy_backup(dest, tmp_path / "pg")
    meta = json.loads((bad / "metadata.json").read_text())
    meta["database"] = {"vendor": "postgresql", "file": "database.pgdump"}
    (bad / "metadata.json").write_text(json.dumps(meta))
    shutil.move(bad / "database.sqlite3", bad / "database.pgdump")
    import hashlib

    (bad / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(bad).as_posix()}\n"
        for p in sorted(bad.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"))
    result = gdnn(site_env(tmp_path / "data", static_root), "restore", str(bad), expect=2)
    assert "postgresql" in result.stderr and "sqlite" in result.stderr
