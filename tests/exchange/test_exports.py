"""Whole-dataset exports: a job per request, its file (CSV, XLSX, Parquet) with the values of the
scope — approved only, or all with their state — downloadable by the requester and by users whose
scope covers the unit, and an audit row of who exported what."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from gdnn.collection.models import DataValue
from gdnn.collection.selectors import submission_find
from gdnn.collection.services.workflow import submission_approve, submission_submit
from gdnn.common.errors import PermissionDenied
from gdnn.common.models import AuditEvent
from gdnn.exchange.exports import dataset_export_request
from gdnn.exchange.metadata import catalog_metadata
from gdnn.exchange.selectors import export_scope
from gdnn.jobs.models import Job
from tests.exchange.conftest import fill
from tests.factories import PASSWORD
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world, django_capture_on_commit_callbacks):
    """The school's report with two values submitted and approved; the commune's form filled, a draft."""
    w = world
    w["on_commit"] = django_capture_on_commit_callbacks
    fill(w.inst, w.school, w.half, w.reporter, limit=2)
    submission = submission_find(data_set=w.inst, org_unit=w.school, period=w.half.code)
    submission_submit(submission=submission, by=w.reporter)
    submission_approve(submission=submission_find(data_set=w.inst, org_unit=w.school, period=w.half.code),
                       by=w.officer)
    w["drafts"] = fill(w.comm, w.commune, w.year, w.commune_officer)
    return w


def _run(w, user, fmt, **kw) -> Job:
    with w.on_commit(execute=True):
        job = dataset_export_request(user=user, root=w.province, start=w.year.code, end=w.year.code, fmt=fmt, **kw)
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    return job


def _csv_rows(w, job) -> list[dict]:
    return list(csv.DictReader(io.StringIO((w.data_dir / job.file_path).read_text(encoding="utf-8"))))


def test_a_csv_export_holds_the_approved_values_and_is_audited(approved, data_dir):
    w = approved
    w["data_dir"] = data_dir
    job = _run(w, w.officer, "csv")
    rows = _csv_rows(w, job)
    assert len(rows) == 2 and {r["state"] for r in rows} == {"approved"}
    assert {r["orgunit"] for r in rows} == {w.school.code}
    event = AuditEvent.objects.get(kind="data_exported")
    assert event.actor == w.officer and event.new == {"org_unit": "20", "start": w.year.code, "end": w.year.code,
                                                      "data_set": None, "states": "approved", "format": "csv"}
    everything = _run(w, w.officer, "csv", all_states=True)
    assert len(_csv_rows(w, everything)) == 2 + w.drafts == DataValue.objects.count()
    assert oct((data_dir / everything.file_path).stat().st_mode & 0o777) == "0o600"


def test_xlsx_and_parquet_hold_the_same_values_as_csv(approved, data_dir):
    w = approved
    w["data_dir"] = data_dir
    rows = _csv_rows(w, _run(w, w.officer, "csv", all_states=True))
    expected = sorted((r["dataelement"], r["orgunit"], r["categoryoptioncombo"], r["value"]) for r in rows)
    sheet = load_workbook(data_dir / _run(w, w.officer, "xlsx", all_states=True).file_path, read_only=True)
    got = [r for ws in sheet.worksheets for r in list(ws.iter_rows(values_only=True))[1:]]
    assert sorted((r[0], r[2], r[3] or "", str(r[4])) for r in got) == expected
    table = pq.read_table(data_dir / _run(w, w.officer, "parquet", all_states=True).file_path).to_pylist()
    assert sorted((r["dataelement"], r["orgunit"], r["categoryoptioncombo"],
                   str(int(r["value"])) if r["value"] == int(r["value"]) else str(r["value"].normalize()))
                  for r in table) == expected


def test_the_file_is_for_the_requester_and_the_scope_only(approved, client, data_dir):
    w = approved
    w["data_dir"] = data_dir
    with w.on_commit(execute=True):
        job = dataset_export_request(user=w.commune_officer, root=w.commune, start=w.year.code, end=w.year.code,
                                     fmt="csv", all_states=True)
    run_queued_jobs()
    for username, allowed in (("canbo-xa", True), ("canbo", True), ("quantri", True), ("canbo-tn", False),
                              ("baocao", False)):
        client.logout()
        assert client.login(username=username, password=PASSWORD)
        assert (client.get(f"/jobs/{job.pk}/download/").status_code == 200) is allowed, username


def test_a_scope_outside_the_user_is_refused_before_queueing(approved):
    w = approved
    for user, root in ((w.far_officer, w.province), (w.officer, None), (w.reporter, w.commune)):
        with pytest.raises(PermissionDenied):
            dataset_export_request(user=user, root=root, start=w.year.code, end=w.year.code, fmt="csv")
    assert not Job.objects.exists() and not AuditEvent.objects.filter(kind="data_exported").exists()


def test_the_export_page_queues_a_job(approved, client):
    w = approved
    assert client.login(username="canbo", password=PASSWORD)
    assert "Trao đổi dữ liệu" in client.get("/exchange/").content.decode()
    response = client.post("/exchange/", {"org_unit": "20", "start": w.year.code, "format": "parquet"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    refused = client.post("/exchange/", {"org_unit": "19", "start": w.year.code, "format": "csv"})
    assert refused.status_code == 200 and "phạm vi" in refused.content.decode() and Job.objects.count() == 1


def test_the_metadata_export_lists_the_catalog(world, client):
    meta = catalog_metadata()
    assert meta["format"] == "gdnn-metadata/1"
    enrolment = next(e for e in meta["dataElements"] if e["code"] == "ENROLMENT")
    assert enrolment["categories"] == ["training_level", "sex", "ethnicity", "disability"]
    inst = next(d for d in meta["dataSets"] if d["code"] == "INST_SEMIANNUAL")
    assert "ENROLMENT" in [m["dataElement"] for m in inst["elements"]]
    assert {"code", "formula", "unit"} <= set(meta["indicators"][0])
    assert client.login(username="xem", password=PASSWORD)
    assert json.loads(client.get("/exchange/metadata.json").content) == meta


def test_a_period_range_must_run_forwards(world):
    from gdnn.common.errors import DomainError

    with pytest.raises(DomainError, match="đứng trước"):
        export_scope(user=world.admin, root=None, start="2025S2", end="2025S1")
