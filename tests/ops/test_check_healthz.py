"""`gdnn check`: one OK/WARN/FAIL line per check, non-zero on FAIL; `/healthz`: 200 only when healthy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gdnn.ops.checks import FAIL, GIB, OK, WARN, disk_status
from tests.ops.conftest import REPO, gdnn, site_env, sqlite_only

# A PostgreSQL nobody listens on (port 1), with a password that must never be shown.
DEAD_DB = "postgres://gdnn:s3cr3t-Pa55word@127.0.0.1:1/gdnn"


def _lines(result) -> dict[str, str]:
    out = {}
    for line in result.stdout.strip().splitlines():
        status, name, *_ = line.split()
        assert status in (OK, WARN, FAIL), line
        out[name] = status
    return out


@sqlite_only
def test_check_of_a_healthy_site_and_what_breaks_it(upgraded_site):
    env, data_dir = upgraded_site
    subprocess.run(["chmod", "-R", "go-rwx", str(data_dir)], check=True)
    result = gdnn(env, "check")
    lines = _lines(result)
    assert list(lines) == ["configuration", "email", "database", "migrations", "analytics", "worker", "disk",
                           "permissions"]
    assert lines["database"] == lines["migrations"] == lines["analytics"] == lines["permissions"] == OK
    assert lines["email"] == WARN  # no SMTP configured here
    assert lines["worker"] == WARN  # no worker has run here yet

    gdnn(env, "manage", "shell", "-c",
         "from gdnn.jobs.services import worker_heartbeat_beat; worker_heartbeat_beat(name='worker')")
    assert _lines(gdnn(env, "check"))["worker"] == OK
    gdnn(env, "manage", "shell", "-c",
         "import datetime as dt; from django.utils import timezone; from gdnn.jobs.models import WorkerHeartbeat; "
         "WorkerHeartbeat.objects.update(last_seen=timezone.now() - dt.timedelta(minutes=10))")
    stale = gdnn(env, "check", expect=1)
    assert _lines(stale)["worker"] == FAIL and "gdnn-worker" in stale.stdout
    gdnn(env, "manage", "shell", "-c", "from gdnn.jobs.models import WorkerHeartbeat; WorkerHeartbeat.objects.all().delete()")

    # (the SQLite file itself is made 0600 again at every connection; the key file is not)
    (data_dir / "secret_key").chmod(0o644)
    loose = gdnn(env, "check", expect=1)
    assert _lines(loose)["permissions"] == FAIL and "secret_key" in loose.stdout
    (data_dir / "secret_key").chmod(0o600)

    smtp = gdnn({**env, "EMAIL_URL": "smtp+tls://gui%40tinh.gov.vn:m%E1%BA%ADt-kh%E1%BA%A9u@mail.tinh.gov.vn"}, "check")
    assert "SMTP mail.tinh.gov.vn:587 (STARTTLS)" in smtp.stdout and "mật-khẩu" not in smtp.stdout
    assert _lines(smtp)["email"] == OK


@sqlite_only
def test_check_of_a_new_data_directory_asks_for_an_upgrade(tmp_path, static_root):
    result = gdnn(site_env(tmp_path / "data", static_root), "check", expect=1)
    assert _lines(result)["migrations"] == FAIL and "gdnn upgrade" in result.stdout
    # gdnn commands create private files: the new database and key are 0600, the directory 0700.
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "data" / "gdnn.sqlite3").stat().st_mode & 0o777 == 0o600


def test_check_with_an_unreachable_database_fails_without_showing_the_password(tmp_path, static_root):
    result = gdnn(site_env(tmp_path / "data", static_root, DEAD_DB), "check", expect=1)
    lines = _lines(result)
    assert lines["database"] == FAIL and lines["migrations"] == FAIL
    assert "s3cr3t" not in result.stdout + result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("free, total, status", [
    (200 * GIB, 500 * GIB, OK), (3 * GIB, 20 * GIB, WARN), (20 * GIB, 200 * GIB, WARN),
    (GIB // 2, 500 * GIB, FAIL), (4 * GIB, 100 * GIB, FAIL),
])
def test_disk_thresholds(free, total, status):
    assert disk_status(free, total) == status


HEALTHZ = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "gdnn.config.settings"
django.setup()
from django.test import Client
r = Client().get("/healthz")
print(json.dumps({"status": r.status_code, "body": r.content.decode(), "cache": r.get("Cache-Control")}))
"""


def _healthz(env) -> dict:
    result = subprocess.run([sys.executable, "-c", HEALTHZ], env={**env, "ALLOWED_HOSTS": "testserver"},
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_is_503_while_the_database_is_unreachable(tmp_path, static_root):
    got = _healthz(site_env(tmp_path / "data", static_root, DEAD_DB))
    assert got["status"] == 503
    body = json.loads(got["body"])
    assert body == {"status": "unavailable", "checks": {"database": "fail", "analytics_store": "ok"}}
    assert "s3cr3t" not in got["body"] and got["cache"] == "no-store"


@sqlite_only
def test_healthz_is_503_when_the_analytics_store_is_broken(upgraded_site, tmp_path):
    env, data_dir = upgraded_site
    assert _healthz(env)["status"] == 200
    manifest = data_dir / "analytics" / "manifest.json"
    saved = manifest.read_bytes()
    manifest.write_text("{not json")
    try:
        got = _healthz(env)
    finally:
        manifest.write_bytes(saved)
    assert got["status"] == 503
    assert json.loads(got["body"])["checks"] == {"database": "ok", "analytics_store": "fail"}


@pytest.mark.django_db
def test_healthz_answers_200_over_plain_http_even_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "analytics_store": "ok"}}
    assert client.get("/login/").status_code == 301  # everything else still goes to HTTPS
