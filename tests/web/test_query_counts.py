"""The main pages read the database a fixed number of times, however many units report and however
many periods they report for: no query per target, period, unit or report (no N+1).

Each page is fetched on a small world (2 communes × 2 years of approved reports, the latest year among them) and again after
the world has grown (6 communes × 5 years, some reports awaiting approval); the number of SQL
queries must not change. These tests count queries; they time nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import approved_values
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")


def _report(commune, year: int, state: str = "approved") -> None:
    approved_values(commune, str(year), {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 20 + year - 2020,
                                         ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100}, state=state)


def _queries(client, user, path: str) -> int:
    client.force_login(user)
    assert client.get(path).status_code == 200  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_main_pages_do_not_query_per_unit_period_or_target(client, import_seed, national):
    plan = import_seed("000")
    strategy = next(p for p in national.values() if p.targets.filter(indicator__isnull=False).exists())
    province = orgunit_get(code="20", on=NOW)
    communes = sorted(orgunit_children(unit=province, on=NOW), key=lambda u: u.code)[:6]
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    ministry = user_with_role("bo", Role.VIEWER, None)
    commune_officer = user_with_role("xa", Role.COMMUNE_OFFICER, communes[0])
    pages = [
        (officer, f"/dashboard/plans/{plan.pk}/"),
        (officer, f"/plans/{plan.pk}/"),
        (officer, f"/plans/{plan.pk}/align/"),
        (officer, "/data/completeness/"),
        (officer, "/data/approvals/"),
        (officer, "/data/"),
        (officer, "/dashboard/units/20/"),
        (ministry, f"/dashboard/plans/{strategy.pk}/"),
        (ministry, "/data/completeness/"),
        (ministry, "/dashboard/units/VN/"),
        (commune_officer, "/data/"),
    ]
    for commune in communes[:2]:
        for year in (2024, 2025):
            _report(commune, year)
    analytics_rebuild()
    few = {path + user.username: _queries(client, user, path) for user, path in pages}

    for commune in communes:
        for year in (2021, 2022, 2023, 2024, 2025):
            _report(commune, year, state="submitted" if year == 2025 and commune.pk % 2 else "approved")
    analytics_rebuild()
    many = {path + user.username: _queries(client, user, path) for user, path in pages}

    assert many == few
