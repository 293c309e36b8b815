"""Shared test set-up: the whole of Vietnam's admin units are loaded once per test database."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
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
