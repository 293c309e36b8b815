"""Issue 14 item 8: an analytics folder that cannot be written. Pages, the progress API and the XLSX
report keep serving the last published store (reads never write); the worker logs the failure,
keeps the outbox rows and catches up once the folder is writable again."""

import shutil

import pytest

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.analytics.services import analytics_refresh
from gdnn.analytics.verify import analytics_verify
from gdnn.collection.models import SubmissionChange
from gdnn.orgunits.selectors import orgunit_get
from tests.analytics.factories import approved_values
from tests.factories import PASSWORD, user_with_role
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.DATA_DIR = tmp_path
    return tmp_path / "analytics"


def _unwritable(folder):
    """Read-only for the owner; tests may run as root, whom modes do not stop, so the writer's lock
    file is also made a folder (opening it for writing fails for anyone)."""
    (folder / ".lock").unlink(missing_ok=True)
    (folder / ".lock").mkdir()
    folder.chmod(0o555)


def _writable(folder):
    folder.chmod(0o755)
    shutil.rmtree(folder / ".lock")


def test_pages_api_and_xlsx_serve_the_last_store_while_the_folder_is_unwritable(
        client, plan_with_data, analytics_dir, django_capture_on_commit_callbacks):  # noqa: F811
    from gdnn.jobs.models import Job
    from gdnn.jobs.worker import StoreState, store_tick
    from tests.jobs.helpers import run_queued_jobs

    plan, communes = plan_with_data
    user = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {apitoken_create(user=user, name='t')[1]}"}
    approved_values(communes[2], "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 900,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 900})
    _unwritable(analytics_dir)
    try:
        with pytest.raises(OSError):
            analytics_refresh()
        assert SubmissionChange.objects.filter(published_at__isnull=True).count() == 1  # kept for the retry
        state = StoreState(poll=0.5)
        assert store_tick(state) == 1.0 and store_tick(state) == 2.0  # the worker's thread backs off
        assert state.failures == 2
        assert client.login(username="tinh", password=PASSWORD)
        page = client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"})
        assert page.status_code == 200 and "34,7%" in page.content.decode()  # the last published figure
        answer = client.get(f"/api/v1/plans/{plan.pk}/progress", {"asOf": "2025-03-01"}, **auth)
        assert answer.status_code == 200
        assert client.get("/dashboard/units/20/", {"indicator": "GDNN.TRAINED_WORKERS_CERT",
                                                   "period": "2024"}).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/reports/", {"plan": plan.pk, "org_unit": "20", "period": "2024", "format": "xlsx"})
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == Job.Status.DONE, job.message
        assert client.get(f"/jobs/{job.pk}/download/").status_code == 200
    finally:
        _writable(analytics_dir)
    assert store_tick(state) == 0.5 and state.failures == 0  # it catches up
    assert not SubmissionChange.objects.filter(published_at__isnull=True).exists()
    assert analytics_verify().equal
    page = client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"}).content.decode()
    assert "34,7%" not in page  # the new commune's 2024 figures are in
