"""Shared test set-up: the whole of Vietnam's admin units and the indicator catalog are loaded once
per test database, and put back after a transactional test's flush has emptied them."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("django"):
        return  # e.g. `pytest tests/parsing -p no:django`: the parser needs no Django
    from django.conf import settings

    # Tests render templates without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests talk plain HTTP to the test client and to the live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Tests log in many times from one address; keep throttling on but out of the way.
    settings.GDNN_LOGIN_MAX_FAILURES = 5


class ReferenceData:
    """The rows that the session's loaders wrote (Vietnam's admin units and their successions, the
    indicator catalog), kept in memory. A transactional test (a live server, a worker process) ends
    with a flush that empties every table; `restore` writes the rows back with their keys in one
    bulk insert per table, which is far quicker than loading them again (measured in the commit)."""

    def __init__(self, rows: dict[type, list]):
        self.rows = rows

    @classmethod
    def load(cls, loaders: Iterable) -> ReferenceData:
        from django.apps import apps

        models = apps.get_models(include_auto_created=True)
        before = {m: m._base_manager.count() for m in models}
        for loader in loaders:
            loader()
        return cls({m: list(m._base_manager.all()) for m in models if m._base_manager.count() > before[m]})

    def restore(self) -> None:
        """Write back the rows of every table that is empty (a flushed table); others are left alone."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        empty = [model for model in self.rows if not model._base_manager.exists()]
        if not empty:
            return
        with transaction.atomic():  # foreign keys are checked at commit: any order of tables will do
            for model in empty:
                model._base_manager.bulk_create(self.rows[model], batch_size=2000)
            with connection.cursor() as cursor:  # PostgreSQL: the next new row takes a fresh key
                for sql in connection.ops.sequence_reset_sql(no_style(), empty):
                    cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> ReferenceData:
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.orgunits.services import orgunits_load_vietnam

    with django_db_blocker.unblock():
        return ReferenceData.load([orgunits_load_vietnam, indicator_catalog_sync])


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
TRANSACTIONAL_FIXTURES = DB_FIXTURES - {"db"}


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database finds the session's reference data, even after a
    transactional test (which pytest-django runs after all the others) has flushed it: it is put
    back here, once, before the next test that needs it, so no fixture has to reload it itself."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & DB_FIXTURES:
        return
    transactional = bool(names & TRANSACTIONAL_FIXTURES) or bool(marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)))
    request.getfixturevalue("transactional_db" if transactional else "db")
    reference: ReferenceData = request.getfixturevalue("django_db_setup")
    reference.restore()


@pytest.fixture
def national(db):
    from gdnn.plans.services import agency_register_sync, strategy_plans_load

    agency_register_sync()
    return {p.doc_number: p for p in strategy_plans_load()}


@pytest.fixture
def import_seed(db, national):
    from gdnn.orgunits.selectors import orgunit_get
    from gdnn.plans.services import plan_import_document
    from tests.seeds import seed

    def _import(prefix: str, unit_code: str | None = "20"):
        unit = orgunit_get(code=unit_code) if unit_code else None
        return plan_import_document(path=seed(prefix), org_unit=unit)

    return _import


# Real Chromium for the browser tests: one Playwright instance for the whole session.
from tests.browser import chromium, page  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the site's language (Vietnamese): a request with an English language
    cookie leaves English active in the thread (LocaleMiddleware does not switch back), and a
    translated refusal raised outside a request by the next test would then be English."""
    if "django" not in sys.modules:
        return
    from django.conf import settings
    from django.utils import translation

    if settings.configured:
        translation.activate(settings.LANGUAGE_CODE)
