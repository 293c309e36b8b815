import datetime as dt
import io

import pytest

ON = dt.date(2026, 2, 5)


@pytest.fixture(autouse=True)
def media_and_store(settings, tmp_path):
    """Each test gets its own analytics store and media folder (evidence files are real files)."""
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def followed(import_seed):
    """141/KH-UBND of Lạng Sơn with the demo's assignments, agency accounts and 2025 task reports."""
    from gdnn.demo.followup import followup_demo_build
    from gdnn.orgunits.selectors import orgunit_get

    plan = import_seed("000")
    followup_demo_build(out=io.StringIO(), plan=plan)
    return plan, orgunit_get(code="20", on=ON)


def report_of(plan, agency_code: str, period: str = "2025"):
    from gdnn.followup.models import TaskReport

    return TaskReport.objects.get(assignment__plan=plan, assignment__agency__code=agency_code,
                                  assignment__source__isnull=False, period=period)


def user(username: str):
    from gdnn.accounts.models import User

    return User.objects.get(username=username)
