import os
import subprocess
import sys


def run_check(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "GDNN_SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "gdnn.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    result = run_check({
        "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-" + "x9Q" * 10,
        "ALLOWED_HOSTS": "gdnn.example.gov.vn",
        "GDNN_DATA_DIR": str(tmp_path),
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_with_a_weak_key_fails_the_deploy_check(tmp_path):
    result = run_check({"SECRET_KEY": "short", "DEBUG": "1", "GDNN_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0


def test_defaults_are_vietnamese_and_hanoi_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
