"""E-mail and logging settings from the environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.ops.conftest import REPO

SHOW_MAILER = ("import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gdnn.config.settings'; "
               "django.setup(); from django.conf import settings; print(json.dumps(settings.MAILERS['default']))")
LOG_LINE = ("import django, logging, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gdnn.config.settings'; "
            "django.setup(); logging.getLogger('gdnn.ops').info('sao lưu xong'); "
            "logging.getLogger('gdnn.ops').debug('chi tiết')")


def _python(code: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "GDNN_LOG")) and k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "-c", code], env={**base, "GDNN_DATA_DIR": str(tmp_path), **env},
                          capture_output=True, text=True, cwd=REPO, timeout=300)


@pytest.mark.parametrize("env, backend, options", [
    ({"EMAIL_URL": "smtp+tls://bao.cao%40tinh.gov.vn:p%40ss:w0rd@mail.tinh.gov.vn"}, "smtp",
     {"host": "mail.tinh.gov.vn", "port": 587, "username": "bao.cao@tinh.gov.vn", "password": "p@ss:w0rd",
      "use_tls": True, "use_ssl": False}),
    ({"EMAIL_URL": "smtps://u:p@mail.example:2465"}, "smtp",
     {"host": "mail.example", "port": 2465, "username": "u", "password": "p", "use_tls": False, "use_ssl": True}),
    ({"EMAIL_HOST": "relay.local", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "1", "EMAIL_HOST_USER": "gdnn",
      "EMAIL_HOST_PASSWORD": "x"}, "smtp",
     {"host": "relay.local", "port": 2525, "username": "gdnn", "password": "x", "use_tls": True, "use_ssl": False}),
    ({}, "smtp", {"host": "localhost", "port": 25, "username": "", "password": "", "use_tls": False,
                  "use_ssl": False}),
    ({"EMAIL_URL": "console://"}, "console", None),
])
def test_email_settings_from_the_environment(tmp_path, env, backend, options):
    result = _python(SHOW_MAILER, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    mailer = json.loads(result.stdout.strip().splitlines()[-1])
    assert mailer["BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"
    if options is not None:
        assert {k: v for k, v in mailer["OPTIONS"].items() if k != "timeout"} == options


def test_contradictory_email_settings_are_refused(tmp_path):
    result = _python(SHOW_MAILER, tmp_path, EMAIL_HOST="x", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0 and "not both" in result.stderr


def test_logs_are_one_clear_line_on_stdout_at_the_level_from_the_environment(tmp_path):
    result = _python(LOG_LINE, tmp_path)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO gdnn\.ops \[\d+\] sao lưu xong\n", result.stdout), \
        result.stdout + result.stderr
    debug = _python(LOG_LINE, tmp_path, GDNN_LOG_LEVEL="debug")
    assert debug.stdout.count("\n") == 2 and "DEBUG gdnn.ops" in debug.stdout
    quiet = _python(LOG_LINE, tmp_path, GDNN_LOG_LEVEL="WARNING")
    assert quiet.stdout == ""
    to_stderr = _python(LOG_LINE, tmp_path, GDNN_LOG_STREAM="stderr")
    assert to_stderr.stdout == "" and "INFO gdnn.ops" in to_stderr.stderr
