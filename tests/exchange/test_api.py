"""The exchange router over HTTP with the API tokens: ADX and DXF2 both ways with dry runs and
DHIS2-like summaries, export jobs and their files within the caller's scope, SDMX-CSV, metadata."""

import csv
import io
from pathlib import Path

import pytest

from gdnn.accounts.services import apitoken_create
from gdnn.collection.models import DataValue
from gdnn.collection.selectors import submission_find
from gdnn.collection.services.imports import datavalues_import
from gdnn.collection.services.workflow import submission_approve, submission_submit
from gdnn.collection.uploads import ImportBatch, ImportRow
from gdnn.exchange.sdmx import HEADER
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db
BASE = "/api/v1/exchange"
FIXTURES = Path(__file__).parent / "fixtures"
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


@pytest.fixture
def api(world, client):
    tokens = {}

    def call(user, method, path, body=b"", content_type="application/json", **params):
        if user and user not in tokens:
            tokens[user] = apitoken_create(user=world[user], name="test")[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[user]}"} if user else {}
        if method == "GET":
            return client.get(BASE + path, params, **headers)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return client.post(BASE + path + (f"?{query}" if query else ""), body, content_type=content_type, **headers)

    world["call"] = call
    return world


def _dxf2(w, value="5") -> bytes:
    return (f'{{"period": "{w.half.code}", "orgUnit": "{w.school.code}", "dataValues": ['
            f'{{"dataElement": "MANAGERS", "categoryOptionCombo": "default", "value": "{value}"}},'
            f'{{"dataElement": "ENROLMENT", "categoryOptionCombo": "{KEY}", "value": "40"}}]}}').encode()


def test_without_a_token_nothing_is_answered(api):
    assert api.call(None, "GET", "/metadata").status_code == 401
    assert api.call(None, "POST", "/datavalues.json", _dxf2(api)).status_code == 401
    assert not DataValue.objects.exists()


def test_dxf2_dry_run_then_import_then_export(api):
    w = api
    dry = w.call("reporter", "POST", "/datavalues.json", _dxf2(w), dryRun="true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["importCount"] == {"imported": 2, "updated": 0, "ignored": 0, "deleted": 0}
    assert dry.json()["dryRun"] is True and not DataValue.objects.exists()
    done = w.call("reporter", "POST", "/datavalues.json", _dxf2(w))
    assert done.json()["status"] == "SUCCESS" and DataValue.objects.count() == 2
    again = w.call("reporter", "POST", "/datavalues.json", _dxf2(w, value="6"))
    assert again.json()["importCount"] == {"imported": 0, "updated": 1, "ignored": 1, "deleted": 0}
    out = w.call("reporter", "GET", "/datavalues.json", start=w.half.code, orgUnit=w.school.code, allStates="true")
    assert out.status_code == 200 and out["Content-Type"].startswith("application/json")
    text = b"".join(out.streaming_content).decode()
    assert '"dataElement": "MANAGERS"' in text and '"value": "6"' in text
    adx = w.call("reporter", "GET", "/datavalues.adx", start=w.half.code, orgUnit=w.school.code, allStates="true")
    assert b'dataElement="MANAGERS" value="6"' in b"".join(adx.streaming_content)


def test_a_refused_file_answers_409_with_the_conflicts(api):
    w = api
    body = _dxf2(w).replace(b'"MANAGERS"', b'"NO_SUCH"')
    answer = w.call("reporter", "POST", "/datavalues.json", body)
    assert answer.status_code == 409 and answer.json()["status"] == "ERROR"
    assert answer.json()["conflicts"][0]["object"] == "dataValues[0] (dataElement “NO_SUCH”)"
    assert not DataValue.objects.exists()
    bad_xml = w.call("reporter", "POST", "/datavalues.adx", b"<adx><group", content_type="application/xml")
    assert bad_xml.status_code == 409 and "dòng 1" in bad_xml.json()["conflicts"][0]["object"]


def test_exports_outside_the_scope_are_refused(api):
    w = api
    far = w.call("reporter", "GET", "/datavalues.adx", start=w.half.code, orgUnit=w.far_school.code)
    assert far.status_code == 403
    national = w.call("officer", "GET", "/datavalues.json", start=w.half.code)
    assert national.status_code == 403 and "cấp quốc gia" in national.json()["message"]
    assert national.json()["status"] == "ERROR" and national.json()["httpStatusCode"] == 403
    assert w.call("officer", "POST", "/exports", b'{"orgUnit": "19", "start": "2025"}').status_code == 403


def test_an_export_job_through_the_api(api, django_capture_on_commit_callbacks):
    w = api
    w.call("reporter", "POST", "/datavalues.json", _dxf2(w))
    with django_capture_on_commit_callbacks(execute=True):
        queued = w.call("officer", "POST", "/exports",
                        f'{{"orgUnit": "20", "start": "{w.half.code}", "allStates": true, "format": "csv"}}'.encode())
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    job_id = queued.json()["id"]
    assert run_queued_jobs() == 1
    status = w.call("officer", "GET", f"/exports/{job_id}").json()
    assert status["status"] == "done" and status["download"].endswith(f"/api/v1/exchange/exports/{job_id}/file")
    file = w.call("officer", "GET", f"/exports/{job_id}/file")
    rows = list(csv.DictReader(io.StringIO(b"".join(file.streaming_content).decode())))
    assert {(r["dataelement"], r["value"], r["state"]) for r in rows} == {("MANAGERS", "5", "draft"),
                                                                          ("ENROLMENT", "40", "draft")}
    assert w.call("far_officer", "GET", f"/exports/{job_id}/file").status_code == 404
    assert w.call("reporter", "GET", f"/exports/{job_id}").status_code == 404


def test_sdmx_csv_gives_indicator_values_from_approved_data(api, settings, tmp_path):
    from gdnn.analytics.services import analytics_rebuild

    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    w = api
    rows = [ImportRow("a", w.school.code, w.half.code, "ADMISSIONS", KEY, "120"),
            ImportRow("b", w.school.code, w.half.code, "ADMISSIONS",
                      KEY.replace("sex:female", "sex:male"), "30")]
    datavalues_import(batch=ImportBatch("api", "test", rows), by=w.reporter)
    submission_submit(submission=submission_find(data_set=w.inst, org_unit=w.school, period=w.half.code),
                      by=w.reporter)
    submission_approve(submission=submission_find(data_set=w.inst, org_unit=w.school, period=w.half.code),
                       by=w.officer)
    analytics_rebuild()
    answer = w.call("officer", "GET", "/indicators.sdmx.csv", orgUnit="20", start=w.year.code)
    lines = list(csv.reader(io.StringIO(answer.content.decode())))
    assert lines[0] == HEADER
    admissions = [r for r in lines[1:] if r[3] == "GDNN.ADMISSIONS"]
    assert admissions == [["dataflow", "GDNN:DF_GDNN_INDICATORS(1.0)", "I", "GDNN.ADMISSIONS", "20",
                           w.year.code, "150", "persons"]]


def test_metadata_through_the_api(api):
    answer = api.call("viewer", "GET", "/metadata")
    assert answer.status_code == 200 and answer.json()["format"] == "gdnn-metadata/1"


def test_a_read_only_token_may_dry_run_an_import_but_not_write(api, client):
    from tests.api.conftest import bearer, token_for
    from tests.collection.helpers import snapshot

    w = api
    _, raw = token_for(w.reporter, scopes=["read"])
    before = snapshot(w.half)
    year, half = w.half.code.split("S")
    adx = (f'<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="{w.school.code}" '
           f'period="{year}-{"01" if half == "1" else "07"}-01/P6M">'
           '<dataValue dataElement="MANAGERS" value="5"/></group></adx>').encode()
    for path, body, kind, count in (("/datavalues.json", _dxf2(w), "application/json", 2),
                                    ("/datavalues.adx", adx, "application/adx+xml", 1)):
        dry = client.post(f"{BASE}{path}?dryRun=true", body, content_type=kind, **bearer(raw))
        assert dry.status_code == 200 and dry.json()["dryRun"] is True, dry.content
        assert dry.json()["importCount"]["imported"] == count
        real = client.post(f"{BASE}{path}", body, content_type=kind, **bearer(raw, accept_language="en"))
        assert real.status_code == 403, real.content
        assert real.json() == {"status": "ERROR", "httpStatusCode": 403, "errors": [],
                               "message": real.json()["message"]} and "data:write" not in real.json()["message"]
        assert "write data" in real.json()["message"]  # the scope's label, in the caller's language
    assert snapshot(w.half) == before and not DataValue.objects.exists()


def test_exchange_requests_count_against_the_tokens_rate_limit(api, client):
    from tests.api.conftest import bearer, token_for

    w = api
    _, raw = token_for(w.reporter, rate_per_minute=3)
    answers = [client.get(f"{BASE}/metadata", **bearer(raw)).status_code,
               client.post(f"{BASE}/datavalues.json?dryRun=true", _dxf2(w), content_type="application/json",
                           **bearer(raw)).status_code,
               client.get("/api/v1/me", **bearer(raw)).status_code]  # one count for the whole API
    assert answers == [200, 200, 200]
    over = client.get(f"{BASE}/datavalues.adx", {"start": w.half.code, "orgUnit": w.school.code}, **bearer(raw))
    assert over.status_code == 429 and 1 <= int(over["Retry-After"]) <= 60
    assert over.json()["status"] == "ERROR" and "3" in over.json()["message"]
    refused = client.post(f"{BASE}/datavalues.json", _dxf2(w), content_type="application/json", **bearer(raw))
    assert refused.status_code == 429 and not DataValue.objects.exists()


def test_refusals_speak_the_callers_language(api, client):
    from tests.api.conftest import bearer, token_for

    w = api
    _, raw = token_for(w.officer)
    english = client.get(f"{BASE}/datavalues.json", {"start": w.half.code}, **bearer(raw, accept_language="en"))
    assert english.status_code == 403 and english["Content-Language"] == "en"
    assert english.json()["message"] == "Only national users may export the whole country; choose a unit."
    backwards = client.get(f"{BASE}/datavalues.adx", {"start": w.half.code, "end": "2020", "orgUnit": w.school.code},
                           **bearer(raw, accept_language="en"))
    assert backwards.status_code == 400 and "comes before the start period" in backwards.json()["message"]
    missing = client.get(f"{BASE}/exports/999999/file", **bearer(raw))
    assert missing.status_code == 404 and missing.json()["status"] == "ERROR"
