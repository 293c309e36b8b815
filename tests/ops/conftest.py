"""Operations tests run the real `gdnn` command in subprocesses against their own installations
(a data directory, and a database of their own on PostgreSQL), never the pytest database."""

from __future__ import annotations

import json
import lzma
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ops"
RELEASE = "0.1.0"
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="the SQLite variant runs in the SQLite pass of make test")
postgres_only = [pytest.mark.postgres_only,
                 pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (scripts/with-postgres.sh)")]


def site_env(data_dir: Path, static_root: Path, database_url: str | None = None) -> dict[str, str]:
    drop = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "GDNN_DATA_DIR", "EMAIL_URL",
            "EMAIL_HOST", "GDNN_LOG_STREAM", "PYTEST_CURRENT_TEST",
            "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests in this process; never in a site
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"GDNN_DATA_DIR": str(data_dir), "GDNN_STATIC_ROOT": str(static_root), "GDNN_SECURE": "0",
                "PYTHONPATH": str(REPO)})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(args: list[str], env: dict[str, str], *, module: str = "gdnn.cli") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=900)


def gdnn(env: dict[str, str], *args: str, expect: int | None = 0) -> subprocess.CompletedProcess:
    result = run(list(args), env)
    if expect is not None:
        assert result.returncode == expect, f"gdnn {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def world(env: dict[str, str], command: str) -> str:
    result = run([command], env, module="tests.ops.world")
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def snapshot(env: dict[str, str]) -> dict:
    return json.loads(world(env, "snapshot"))


def expected_release_snapshot() -> dict:
    return json.loads(lzma.decompress((FIXTURES / f"release-{RELEASE}.snapshot.json.xz").read_bytes()))


def release_site(data_dir: Path) -> None:
    """The database of the previous release, as it left it, in a new data directory."""
    data_dir.mkdir(parents=True)
    (data_dir / "gdnn.sqlite3").write_bytes(lzma.decompress((FIXTURES / f"release-{RELEASE}.sqlite3.xz").read_bytes()))


# Annual (communes, province), 6-month approved, 6-month returned; CSV, and JSON for one.
EXPORTS = (("2024", "csv"), ("2024S2", "csv"), ("2025S1", "csv"), ("2024", "json"))


def exports(env: dict[str, str]) -> dict[str, str]:
    """What `gdnn data export` says for the periods of the test world."""
    out = {}
    for period, fmt in EXPORTS:
        out[f"{period}.{fmt}"] = gdnn(env, "data", "export", "--period", period, "--format", fmt).stdout
    assert any(len(text.splitlines()) > 10 for text in out.values()), "the exports are empty: nothing is compared"
    return out


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("static")


@pytest.fixture(scope="session")
def upgraded_site(tmp_path_factory, static_root):
    """The previous release's database upgraded once, plus an uploaded file: (env, data dir)."""
    data_dir = tmp_path_factory.mktemp("site") / "data"
    release_site(data_dir)
    env = site_env(data_dir, static_root)
    gdnn(env, "upgrade")
    media = data_dir / "media" / "uploads"
    media.mkdir(parents=True)
    (media / "bao-cao-2024.xlsx").write_bytes(b"PK\x03\x04 an uploaded workbook \xe1\xba\xa1")
    return env, data_dir


def copy_backup(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest
