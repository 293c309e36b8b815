"""The plans API gives the same figures as the plan dashboard, within the caller's scope."""

import datetime as dt

import pytest

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import user_with_role
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")


def bearer(username: str, unit_code: str) -> dict:
    user = user_with_role(username, Role.PROVINCE_OFFICER, orgunit_get(code=unit_code))
    return {"HTTP_AUTHORIZATION": f"Bearer {apitoken_create(user=user, name='test')[1]}"}


def test_plan_progress_matches_the_dashboard(client, plan_with_data):  # noqa: F811
    plan, _ = plan_with_data
    auth = bearer("tinh", "20")
    listed = client.get("/api/v1/plans", **auth).json()["plans"]
    ours = [p for p in listed if p["id"] == plan.pk]
    assert ours and ours[0]["orgUnit"] == "20" and ours[0]["docNumber"] == plan.doc_number
    assert all(p["orgUnit"] in (None, "20") for p in listed)  # national plans and Lạng Sơn's own
    answer = client.get(f"/api/v1/plans/{plan.pk}/progress", {"asOf": "2025-03-01"}, **auth).json()
    assert answer["asOf"] == "2025-03-01"
    certified = [t for t in answer["targets"] if t["indicator"] == "GDNN.TRAINED_WORKERS_CERT"]
    assert certified, [t["indicator"] for t in answer["targets"]]
    target = certified[0]
    # 2024 over both communes, in percent: (372 + 10) / (1000 + 100), the dashboard's 34,7%.
    assert target["actual"] == pytest.approx(100 * 382 / 1100, abs=1e-4) and target["actualPeriod"] == "2024"
    assert target["percentOfTarget"] == pytest.approx(target["actual"] / target["threshold"] * 100, abs=1e-2)
    assert [s["period"] for s in target["series"]][-1] == "2024"
    assert target["status"] in {"achieved", "on_track", "behind", "at_risk"}
    assert any(t["status"] == "no_data" for t in answer["targets"])


def test_plan_progress_refuses_other_scopes_and_bad_dates(client, plan_with_data):  # noqa: F811
    plan, _ = plan_with_data
    other = bearer("khac", "19")
    assert client.get(f"/api/v1/plans/{plan.pk}/progress", **other).status_code == 404
    assert plan.pk not in [p["id"] for p in client.get("/api/v1/plans", **other).json()["plans"]]
    own = bearer("tinh", "20")
    bad = client.get(f"/api/v1/plans/{plan.pk}/progress", {"asOf": "01/03/2025"}, **own)
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["message"]
    assert client.get("/api/v1/plans/999999/progress", **own).status_code == 404
