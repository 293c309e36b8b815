"""A real `gdnn worker` process: it renders a DOCX report the web page asked for, stamps its
heartbeat, and publishes approvals to the store that two web servers read (scale-out)."""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from gdnn.accounts.models import Role
from gdnn.jobs.models import Job
from gdnn.orgunits.models import OrgUnit
from tests.analytics.factories import accept_any_coverage
from tests.factories import PASSWORD, unit_ensure, user_with_role
from tests.jobs.processes import free_port, gdnn_process, job_wait, needs_postgres, wait_http

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = "2025"


@pytest.fixture
def world(settings, tmp_path):
    needs_postgres()
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.plans.services import agency_register_sync, plan_import_draft

    settings.DATA_DIR = tmp_path
    settings.GDNN_ANALYTICS_DIR = ""  # GDNN_DATA_DIR/analytics, as in the worker and web processes
    dataset_sync()
    accept_any_coverage()  # one commune of the whole province reports: its figure decides
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    commune = unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "77/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "level": "province", "date": "2026-01-10",
        "targets": [{"text": "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt từ 35% trở lên.",
                     "subject": "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "value_min": 35,
                     "value_max": None, "unit": "percent", "comparator": "ge", "year": 2030,
                     "indicator": "GDNN.TRAINED_WORKERS_CERT"}],
    })
    user = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    return {"plan": plan, "province": province, "commune": commune, "user": user, "dir": tmp_path}


def test_the_worker_process_renders_the_report_the_page_asked_for(client, world):
    from gdnn.jobs.selectors import worker_last_seen

    assert client.login(username="tinh", password=PASSWORD)
    response = client.post("/reports/", {"plan": world["plan"].pk, "org_unit": "20", "period": YEAR,
                                         "format": "docx"})
    job = Job.objects.get(pk=int(response["Location"].split("job=")[1].split("&")[0]))
    assert job.status == Job.Status.QUEUED and worker_last_seen() is None
    with gdnn_process(["worker", "--interval", "0.2"], world["dir"], world["dir"] / "worker.log"):
        job_wait(job)
        seen = worker_last_seen()
    assert job.status == Job.Status.DONE, (job.message, (world["dir"] / "worker.log").read_text()[-3000:])
    assert seen is not None and abs((dt.datetime.now(dt.UTC) - seen).total_seconds()) < 60
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]



def test_the_worker_renders_a_pdf_through_its_libreoffice_and_stops_it_on_sigterm(client, world):
    """The PDF goes through the worker's own LibreOffice (private profile under the data dir);
    SIGTERM to the worker leaves no LibreOffice process behind."""
    from gdnn.reports.pdf import uno_python

    if uno_python() is None:
        pytest.skip("no Python with the uno module (Debian: python3-uno)")
    assert client.login(username="tinh", password=PASSWORD)
    response = client.post("/reports/", {"plan": world["plan"].pk, "org_unit": "20", "period": YEAR,
                                         "format": "pdf"})
    job = Job.objects.get(pk=int(response["Location"].split("job=")[1].split("&")[0]))
    profiles = world["dir"] / "libreoffice"
    with gdnn_process(["worker", "--interval", "0.2"], world["dir"], world["dir"] / "worker.log") as worker:
        job_wait(job)
        running = _processes_under(profiles)
        office_nice = {_nice(pid) for pid in _under(profiles)}
        main_nice = _nice(worker.pid)
        thread_nice = sorted(_nice(worker.pid, int(t.name)) for t in Path(f"/proc/{worker.pid}/task").iterdir())
    assert worker.returncode == 0, (world["dir"] / "worker.log").read_text()[-3000:]
    assert job.status == Job.Status.DONE, (job.message, (world["dir"] / "worker.log").read_text()[-3000:])
    assert running, "the worker's LibreOffice runs on a profile under the data dir"
    assert not _processes_under(profiles), "SIGTERM to the worker stops its LibreOffice"
    # Reports yield the CPU to pages (GDNN_WORKER_NICE, 10): the task loop and its LibreOffice run
    # at nice 10, the store thread that publishes approvals at the normal 0.
    assert office_nice == {10}, office_nice
    assert main_nice == 10 and thread_nice[0] == 0, (main_nice, thread_nice)
    response = client.get(f"/jobs/{job.pk}/download/")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _processes_under(folder) -> list[str]:
    """Command lines of the running processes that name `folder` (LibreOffice on a profile there)."""
    return list(_under(folder).values())


def _under(folder) -> dict[int, str]:
    """The running processes that name `folder`: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and str(folder) in line:
            found[int(entry.name)] = line
    return found


def _nice(pid: int, thread: int | None = None) -> int:
    """The nice value of a process (its main thread), or of one of its threads."""
    path = f"/proc/{pid}/task/{thread}/stat" if thread is not None else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return int(fields[16])  # field 19 of stat; the first two (pid, comm) are cut off

def _approve(commune) -> None:
    from gdnn.collection.models import DataSet, DataValue, Submission
    from gdnn.collection.services.workflow import submission_approve
    from gdnn.indicators.models import DataElement

    elements = {e.code: e for e in DataElement.objects.all()}
    submission = Submission.objects.create(data_set=DataSet.objects.get(code="COMMUNE_ANNUAL"), org_unit=commune,
                                           period=YEAR, state=Submission.State.SUBMITTED)
    key = "ethnicity:kinh|sex:male"
    DataValue.objects.bulk_create([
        DataValue(data_element=elements[code], org_unit=commune, period=YEAR, disaggregation=key,
                  value=Decimal(v), submission=submission)
        for code, v in (("LABOUR_FORCE", 1000), ("WORKERS_TRAINED", 600), ("WORKERS_TRAINED_CERT", 372))])
    submission_approve(submission=submission, by=None)


def _actual(port: int, plan_id: int, token: str) -> float | None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/plans/{plan_id}/progress?asOf=2026-03-01",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        targets = json.loads(answer.read())["targets"]
    return targets[0]["actual"]


def test_an_approval_is_visible_on_two_web_servers_sharing_one_store(world):
    from gdnn.accounts.services import apitoken_create
    from gdnn.analytics.services import analytics_rebuild

    analytics_rebuild()  # the store as the worker would have published it
    from gdnn.accounts.models import ApiToken
    from gdnn.api.models import ApiUserLimit

    token = apitoken_create(user=world["user"], name="test")[1]
    # The test polls both servers every 50 ms: no rate limit for this caller (0 = none).
    ApiToken.objects.filter(user=world["user"]).update(rate_per_minute=0, quota_per_day=0)
    ApiUserLimit.objects.update_or_create(user=world["user"], defaults={"rate_per_minute": 0, "quota_per_day": 0})
    ports = [free_port(), free_port()]
    d = world["dir"]
    with (gdnn_process(["serve", "--port", str(ports[0]), "--workers", "1"], d, d / "web1.log"),
          gdnn_process(["serve", "--port", str(ports[1]), "--workers", "1"], d, d / "web2.log"),
          gdnn_process(["worker", "--poll", "0.2"], d, d / "worker.log")):
        for port in ports:
            wait_http(f"http://127.0.0.1:{port}/login/")
            assert _actual(port, world["plan"].pk, token) is None  # no data yet
        _approve(world["commune"])
        approved = time.monotonic()
        seen: dict[int, float] = {}
        while len(seen) < 2 and time.monotonic() - approved < 10:
            for port in ports:
                if port not in seen and _actual(port, world["plan"].pk, token) is not None:
                    seen[port] = time.monotonic() - approved
            time.sleep(0.05)
        values = [_actual(port, world["plan"].pk, token) for port in ports]
    assert len(seen) == 2, (d / "worker.log").read_text()[-3000:]
    assert values[0] == values[1] == pytest.approx(37.2)
    # The latency is a figure for the closing note (`pytest -s` prints it), not a timed assertion:
    # the bound above (10 s) only says the approval reached both servers.
    print(f"approval visible after {seen} s (port: seconds)")
