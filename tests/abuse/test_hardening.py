"""Hardening (issue 14, item 10): CSP without inline script, Permissions-Policy, private data files,
and the build folders of killed rebuilds removed by the next rebuild."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import gdnn
from tests.factories import PASSWORD

SRC = Path(gdnn.__file__).resolve().parent


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
def test_every_page_has_a_csp_without_inline_script_and_a_permissions_policy(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_dashboard_allows_eval_for_vega_but_never_inline_script(world, client, import_seed):
    plan = import_seed("000")
    assert client.login(username="canbo", password=PASSWORD)
    response = client.get(reverse("plan-dashboard", args=[plan.pk]))
    assert response.status_code == 200
    script = directives(response["Content-Security-Policy"])["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" in script


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if "src=" not in tag:
                offenders.append(f"{template.relative_to(SRC)}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", text, flags=re.I):
            offenders.append(f"{template.relative_to(SRC)}: {handler.strip()}")
        if "javascript:" in text:
            offenders.append(f"{template.relative_to(SRC)}: javascript: URL")
    assert not offenders, offenders


def test_the_data_directory_and_the_sqlite_file_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    old = data / "gdnn.sqlite3"
    old.touch()
    old.chmod(0o644)  # an install made before the rule
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(GDNN_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="gdnn.config.settings")
    code = ("import django; django.setup(); from django.db import connection; "
            "connection.ensure_connection(); connection.cursor().execute('CREATE TABLE t (x)')")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("gdnn.sqlite3", "secret_key"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    fresh = tmp_path / "fresh"
    env["GDNN_DATA_DIR"] = str(fresh)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    assert stat.S_IMODE((fresh / "gdnn.sqlite3").stat().st_mode) == 0o600
    for extra in fresh.glob("gdnn.sqlite3-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra.name


@pytest.mark.django_db
def test_a_rebuild_removes_the_build_folders_of_killed_rebuilds(settings, tmp_path):
    from gdnn.analytics.services import analytics_rebuild

    root = tmp_path / "analytics"
    root.mkdir()
    settings.GDNN_ANALYTICS_DIR = str(root)
    stale = root / ".build-killed123"
    (stale / "spill").mkdir(parents=True)
    (stale / "raw.parquet").write_bytes(b"x" * 1024)
    analytics_rebuild()
    assert not list(root.glob(".build-*"))
