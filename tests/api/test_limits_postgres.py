"""Several web servers count one limit together: concurrent requests on their own database
connections (as separate gunicorn workers or machines would be) let exactly the limit through."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.api.errors import ApiError
from gdnn.api.limits import rate_check
from gdnn.orgunits.models import OrgUnit
from tests.factories import unit_ensure, user_with_role
from tests.jobs.processes import needs_postgres

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_connections_let_exactly_the_limit_through():
    needs_postgres()
    unit = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    token, _ = apitoken_create(user=user_with_role("tinh", Role.PROVINCE_OFFICER, unit), name="kho")
    token.rate_per_minute = 100
    token.save(update_fields=["rate_per_minute"])
    passed, refused, failures = [], [], []
    start = threading.Barrier(4)

    def server() -> None:
        try:
            start.wait()
            for _ in range(30):
                try:
                    rate_check(token=token)
                    passed.append(1)
                except ApiError as exc:
                    assert exc.status == 429 and int(exc.headers["Retry-After"]) >= 1
                    refused.append(1)
        except Exception as exc:  # reported below: an assertion in a thread would be lost
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    assert (len(passed), len(refused)) == (100, 20)
