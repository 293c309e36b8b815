"""Shared test set-up: the whole of Vietnam's admin units are loaded once per test database."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.orgunits.services import orgunits_load_vietnam

    with django_db_blocker.unblock():
        orgunits_load_vietnam()
        indicator_catalog_sync()


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
