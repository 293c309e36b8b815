"""The deployment guide and the files in deploy/ agree with each other and with the code."""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdnn.cli import build_parser
from gdnn.collection.cli import build_parser as data_parser
from tests.ops.conftest import REPO

DEPLOY = REPO / "deploy"
GUIDE = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted((DEPLOY / "systemd").glob("*.timer"))
ENV_EXAMPLE = DEPLOY / "gdnn.env.example"
NGINX = (DEPLOY / "nginx" / "gdnn.conf").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _units_text() -> str:
    return "\n".join(u.read_text(encoding="utf-8") for u in UNITS)


def _env_example() -> dict[str, str]:
    """The example read the way gdnn-ctl reads it (sh), which must agree with systemd's reading."""
    out = subprocess.run(["sh", "-c", 'set -a; . "$1"; set +a; env -0', "sh", str(ENV_EXAMPLE)],
                         capture_output=True, env={"PATH": os.environ["PATH"]}, check=True).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    return {k: v for k, v in env.items() if k not in {"PATH", "PWD", "SHLVL", "_", "OLDPWD"}}


def test_every_gdnn_command_in_the_guide_and_the_units_exists():
    top = _subcommands(build_parser())
    code = re.findall(r"```sh\n(.*?)```", GUIDE, re.S) + re.findall(r"`([^`\n]+)`", GUIDE)
    used = re.findall(r"(?:^|[\s/])gdnn(?:-ctl)? ([a-z][a-z-]+)(?: ([a-z][a-z-]+))?", "\n".join(code) + _units_text(),
                      re.M)
    assert len(used) >= 10
    checked = set()
    for command, sub in used:
        assert command in top, f"`gdnn {command}` is in the guide or a unit but not in `gdnn --help`"
        subs = _subcommands(data_parser()) if command == "data" else _subcommands(top[command])
        if subs and sub:
            assert sub in subs, f"`gdnn {command} {sub}` does not exist"
        checked.add(command)
    assert {"upgrade", "check", "backup", "restore", "serve", "worker", "manage"} <= checked


def test_units_parse_and_agree_with_each_other():
    env_file = {re.search(r"^EnvironmentFile=(.+)$", u.read_text(), re.M).group(1) for u in UNITS  # type: ignore[union-attr]
                if u.suffix == ".service"}
    assert env_file == {"/etc/gdnn/gdnn.env"}
    assert "/etc/gdnn/gdnn.env" in (DEPLOY / "bin" / "gdnn-ctl").read_text() and "/etc/gdnn/gdnn.env" in GUIDE
    data_dir = _env_example()["GDNN_DATA_DIR"]
    for unit in UNITS:
        ini = configparser.ConfigParser(strict=True, interpolation=None)
        ini.optionxform = str  # type: ignore[assignment,method-assign]
        ini.read_string(unit.read_text(encoding="utf-8"))
        assert ini.has_section("Unit") and ini["Unit"].get("Description"), unit.name
        if unit.suffix == ".service":
            service = ini["Service"]
            assert service["User"] == "gdnn" and service["UMask"] == "0077", unit.name
            assert data_dir in service["ReadWritePaths"].split(), unit.name
            assert service["WorkingDirectory"] == data_dir
        else:
            assert ini["Timer"]["OnCalendar"] and (DEPLOY / "systemd" / unit.name.replace(".timer", ".service")).exists()
        assert unit.name in GUIDE or unit.stem in GUIDE, f"{unit.name} is not in the guide"
    web = (DEPLOY / "systemd" / "gdnn-web.service").read_text()
    port = re.search(r"--port (\d+)", web).group(1)  # type: ignore[union-attr]
    assert f"proxy_pass http://127.0.0.1:{port};" in NGINX
    assert "--host 127.0.0.1" in web  # gunicorn only behind nginx
    backup = (DEPLOY / "systemd" / "gdnn-backup.service").read_text()
    assert "/var/backups/gdnn" in backup and "/var/backups/gdnn" in GUIDE


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    """With the virtualenv's gdnn in place of /opt/gdnn/app/.venv/bin/gdnn; any message fails."""
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace("/opt/gdnn/app/.venv/bin/gdnn",
                                                        str(Path(sys.executable).parent / "gdnn"))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=120)
    messages = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0 and messages == [], "\n".join(messages)


def test_nginx_config_is_well_formed_and_matches_the_environment(tmp_path):
    env = _env_example()
    host = env["ALLOWED_HOSTS"]
    assert re.findall(r"server_name ([^;]+);", NGINX) == [host, host]
    assert env["CSRF_TRUSTED_ORIGINS"] == f"https://{host}"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX and env["GDNN_PROXY_SSL_HEADER"] == "1"
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX and env["GDNN_TRUSTED_PROXIES"] == "127.0.0.1"
    assert re.search(r"listen 443 ssl", NGINX) and "return 301 https://" in NGINX
    # crossplane: NGINX's own parser in Python; unknown directives, wrong argument counts and
    # directives in the wrong block fail, as with `nginx -t` (directives as of Debian 12's nginx 1.22).
    import crossplane

    (tmp_path / "parse").mkdir()
    (tmp_path / "parse" / "site.conf").write_text(NGINX, encoding="utf-8")
    (tmp_path / "parse" / "nginx.conf").write_text("events {}\nhttp {\n    include site.conf;\n}\n")
    parsed = crossplane.parse(str(tmp_path / "parse" / "nginx.conf"), strict=True, check_ctx=True, check_args=True)
    assert parsed["status"] == "ok", [e["error"] for e in parsed["errors"]]
    assert len(parsed["config"]) == 2  # the site file was included and parsed
    if shutil.which("nginx") and shutil.which("openssl"):  # the real parser, where nginx is installed
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        f"/CN={host}", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {cert};", NGINX)
        site = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {key};", site)
        site = site.replace("/var/log/nginx/", f"{tmp_path}/")
        (tmp_path / "site.conf").write_text(site)
        (tmp_path / "nginx.conf").write_text(
            f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}} "
            f"http {{ access_log off; include {tmp_path}/site.conf; }}\n")
        result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_the_environment_example_is_read_by_the_code_and_passes_the_deploy_check(tmp_path):
    env = _env_example()
    assert env["SECRET_KEY"] and env["DATABASE_URL"].startswith("postgres://")
    assert env["DEFAULT_FROM_EMAIL"] == "GDNN <gdnn@example.gov.vn>"  # quoted: sh and systemd agree
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "gdnn").rglob("*.py"))
    for name in env:
        assert f'"{name}"' in sources, f"{name} in gdnn.env.example is read nowhere in src/"
    run_env = {**env, "PATH": os.environ["PATH"], "GDNN_DATA_DIR": str(tmp_path / "data"),
               "GDNN_STATIC_ROOT": str(tmp_path / "static"), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "gdnn.cli", "manage", "check", "--deploy", "--fail-level",
                             "WARNING"], env=run_env, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gdnn.config.settings'; "
         "django.setup(); from django.conf import settings; o = settings.MAILERS['default']['OPTIONS']; "
         "print(o['host'], o['port'], o['username'], o['use_tls'], o['use_ssl'])"],
        env=run_env, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert shown.stdout.split() == ["mail.example.gov.vn", "587", "gdnn@example.gov.vn", "True", "False"], shown.stderr


def test_gdnn_ctl_is_valid_shell():
    subprocess.run(["sh", "-n", str(DEPLOY / "bin" / "gdnn-ctl")], check=True)
    assert os.access(DEPLOY / "bin" / "gdnn-ctl", os.X_OK)
