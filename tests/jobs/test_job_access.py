"""A job's status and file are for the user who asked and for those whose scope covers its unit;
a failed job tells why in Vietnamese; files are private on disk."""

import pytest

from gdnn.accounts.models import Role
from gdnn.jobs.models import Job
from gdnn.jobs.services import job_fail, job_finish
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.factories import PASSWORD, user_with_role
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _job(by, unit) -> Job:
    return Job.objects.create(kind="report", title="Báo cáo DOCX: thử", requested_by=by, org_unit=unit)


def test_only_the_requester_and_the_scope_see_the_job_and_its_file(client, data_dir):
    province = orgunit_get(code="20", on=ON)
    commune, other = list(orgunit_children(unit=province, on=ON))[:2]
    asker = user_with_role("xa-a", Role.COMMUNE_OFFICER, commune)
    user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    user_with_role("xa-b", Role.COMMUNE_OFFICER, other)
    user_with_role("hanoi", Role.PROVINCE_OFFICER, orgunit_get(code="01", on=ON))
    job = job_finish(job=_job(asker, commune), content=b"PK-test", file_name="bao-cao.docx",
                     content_type="application/octet-stream")
    path = data_dir / job.file_path
    assert path.read_bytes() == b"PK-test" and oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    for username, allowed in (("xa-a", True), ("tinh", True), ("xa-b", False), ("hanoi", False)):
        client.logout()
        assert client.login(username=username, password=PASSWORD)
        download = client.get(f"/jobs/{job.pk}/download/")
        assert (download.status_code == 200) is allowed, username
        assert (client.get(f"/jobs/{job.pk}/").status_code == 200) is allowed, username
    client.logout()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 302  # to the login page


def test_a_failed_job_shows_its_message_and_no_download(client):
    province = orgunit_get(code="20", on=ON)
    asker = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    job = job_fail(job=_job(asker, province), message="Kỳ báo cáo không hợp lệ: 2025S9.")
    assert client.login(username="tinh", password=PASSWORD)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page and "Kỳ báo cáo không hợp lệ: 2025S9." in page
    assert "hx-trigger" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_queued_job_says_when_no_worker_is_running(client):
    from gdnn.jobs.selectors import worker_last_seen
    from gdnn.jobs.services import worker_heartbeat_beat

    province = orgunit_get(code="20", on=ON)
    job = _job(user_with_role("tinh", Role.PROVINCE_OFFICER, province), province)
    assert client.login(username="tinh", password=PASSWORD)
    assert worker_last_seen() is None
    page = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert 'data-status="queued"' in page and "gdnn worker) không chạy" in page and "hx-trigger" in page
    worker_heartbeat_beat(name="worker")
    assert worker_last_seen() is not None
    assert "không chạy" not in client.get(f"/jobs/{job.pk}/status/").content.decode()


def test_finished_jobs_past_the_keeping_time_go_with_their_files(data_dir, capsys):
    """`jobs_prune` (the worker's hourly turn and `gdnn jobs prune`) deletes jobs finished more than
    the keeping time ago and their folders; recent, queued and running jobs stay."""
    import datetime as dt

    from django.utils import timezone

    from gdnn.cli import main
    from gdnn.jobs.services import jobs_prune

    province = orgunit_get(code="20", on=ON)
    asker = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    now = timezone.now()
    old = job_finish(job=_job(asker, province), content=b"old", file_name="cu.docx", content_type="x")
    failed = job_fail(job=_job(asker, province), message="lỗi")
    recent = job_finish(job=_job(asker, province), content=b"new", file_name="moi.docx", content_type="x")
    queued = _job(asker, province)
    Job.objects.filter(pk__in=[old.pk, failed.pk]).update(finished_at=now - dt.timedelta(days=31))
    Job.objects.filter(pk=queued.pk).update(created_at=now - dt.timedelta(days=90))
    assert (data_dir / old.file_path).exists()
    assert jobs_prune(now=now, keep_days=30) == 2
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert not (data_dir / "jobs" / str(old.pk)).exists() and (data_dir / recent.file_path).read_bytes() == b"new"
    assert jobs_prune(now=now, keep_days=30) == 0  # twice is harmless
    assert main(["jobs", "prune", "--keep-days", "0"]) == 0
    assert "Đã xoá 1 công việc" in capsys.readouterr().out
    assert list(Job.objects.values_list("pk", flat=True)) == [queued.pk]


def test_the_worker_prunes_old_jobs_once_an_hour(data_dir):
    import datetime as dt

    from django.utils import timezone

    from gdnn.jobs.worker import StoreState, store_tick

    province = orgunit_get(code="20", on=ON)
    asker = user_with_role("tinh", Role.PROVINCE_OFFICER, province)

    def old_job() -> Job:
        job = job_fail(job=_job(asker, province), message="lỗi")
        Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=40))
        return job

    first = old_job()
    state = StoreState(poll=0.5)
    store_tick(state)
    assert not Job.objects.filter(pk=first.pk).exists()
    second = old_job()
    store_tick(state)  # within the hour: left for the next turn
    assert Job.objects.filter(pk=second.pk).exists()
