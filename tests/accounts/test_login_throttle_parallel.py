"""Forty parallel guesses at one account get no more password checks than the limit (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client

from gdnn.accounts.models import LoginThrottle, Role
from tests.factories import user_with_role

GUESSES = 40


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_guesses_get_only_the_allowed_checks(settings):
    if connection.vendor != "postgresql":
        pytest.skip("threads need a real database server; run with scripts/with-postgres.sh")
    settings.GDNN_LOGIN_DELAY_SECONDS = 60  # no wait expires during the burst: the limit is exact
    user_with_role("nan-nhan", Role.VIEWER, None)
    checks: list[str] = []
    lock = threading.Lock()

    def count_check(sender, credentials, **kwargs):  # sent by authenticate() after a real check
        with lock:
            checks.append(credentials["username"])

    start = threading.Barrier(GUESSES)
    answers: list[str] = []

    def guess(i: int) -> None:
        try:
            start.wait()
            page = Client().post("/login/", {"username": "nan-nhan", "password": f"sai-{i}"},
                                 REMOTE_ADDR=f"198.51.100.{i + 1}")
            with lock:
                answers.append(page.content.decode())
        finally:
            connection.close()

    user_login_failed.connect(count_check)
    try:
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(GUESSES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        user_login_failed.disconnect(count_check)
    assert len(answers) == GUESSES
    assert len(checks) == settings.GDNN_LOGIN_MAX_FAILURES
    assert sum("Hãy chờ" in page for page in answers) == GUESSES - settings.GDNN_LOGIN_MAX_FAILURES
    assert LoginThrottle.objects.get(kind="account", key="nan-nhan").failures == settings.GDNN_LOGIN_MAX_FAILURES
