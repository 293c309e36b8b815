"""The generated OpenAPI document validates, every operation in it is exercised here, and every
answer — success or refusal — matches the document (openapi-core checks status, media type, body)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from gdnn.collection.models import DataValue
from tests.api.conftest import send, token_for
from tests.jobs.helpers import run_queued_jobs
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


class Walk:
    def __init__(self, client):
        self.client = client
        self.doc = client.get("/api/v1/openapi.json").json()
        validate(self.doc)  # raises with the first problem
        # CSV and ADX answers are text: read them as such (openapi-core deserialises only JSON-like
        # types itself; ADX would otherwise be parsed as an XML tree). XLSX and Parquet have no schema
        # in the document (OpenAPI 3.1 binary content): only their status and media type are checked.
        as_text = {media: lambda data, **_: data.decode() if isinstance(data, bytes) else data
                   for media in ("text/csv", "application/adx+xml")}
        self.spec = OpenAPI.from_dict(self.doc, config=Config(extra_media_type_deserializers=as_text))
        self.seen: set[tuple[str, str]] = set()

    @property
    def operations(self) -> set[tuple[str, str]]:
        return {(method.upper(), path) for path, item in self.doc["paths"].items() for method in item}

    def __call__(self, status: int, method: str, path: str, raw: str | None, body=None, **kw) -> HttpResponse:
        response = send(self.client, method, path, raw, body, **kw)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == status, content[:500]
        request = response.wsgi_request
        route = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.resolver_match.route)
        self.seen.add((request.method, route))
        checked = HttpResponse(content, status=response.status_code, content_type=response["Content-Type"])
        self.spec.validate_response(DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(checked))
        return checked if response.streaming else response


def test_every_operation_answers_as_the_document_says(client, world, plan_with_data,  # noqa: F811
                                                      django_capture_on_commit_callbacks):
    w, (plan, _communes) = world, plan_with_data
    walk = Walk(client)
    _, reporter = token_for(w.reporter)
    _, officer = token_for(w.officer)
    _, read_only = token_for(w.reporter, scopes=["read"])
    submission = f"/api/v1/submissions/INST_SEMIANNUAL/{w.school.code}/{w.half.code}"

    assert walk(200, "GET", "/api/v1/me", reporter).json()["scopes"] == ["data:write", "read", "workflow"]
    walk(401, "GET", "/api/v1/me", None)
    walk(200, "GET", "/api/v1/datasets", reporter)
    walk(200, "GET", "/api/v1/datasets/INST_SEMIANNUAL", reporter, {"period": w.half.code})
    walk(404, "GET", "/api/v1/datasets/NO_SUCH_SET", reporter)

    values = {"period": w.half.code, "orgUnit": w.school.code, "submit": True, "dataValues": [
        {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": 1234},
        {"dataElement": "MANAGERS", "categoryOptionCombo": "default", "value": "12"}]}
    walk(400, "POST", "/api/v1/datavalues", reporter, "{not json")
    walk(403, "POST", "/api/v1/datavalues", read_only, values)
    walk(415, "POST", "/api/v1/datavalues", reporter, "<x/>", content_type="application/xml")
    csv = f"dataelement,period,orgunit,categoryoptioncombo,value\nMANAGERS,{w.half.code},{w.school.code},,13\n"
    assert walk(200, "POST", "/api/v1/datavalues?dryRun=true", reporter, csv, content_type="text/csv").json()["dryRun"]
    assert walk(200, "POST", "/api/v1/datavalues", reporter, values).json()["valuesChanged"] == 2

    listed = walk(200, "GET", "/api/v1/datavalues", officer, {"period": w.half.code}).json()
    assert {v["dataElement"] for v in listed["dataValues"]} == {"ENROLMENT", "MANAGERS"}
    paged = walk(200, "GET", "/api/v1/datavalues", officer, {"period": w.half.code, "pageSize": 1, "page": 2}).json()
    assert paged["pager"] == {"page": 2, "pageSize": 1, "total": 2, "pageCount": 2} and len(paged["dataValues"]) == 1
    streamed = walk(200, "GET", "/api/v1/datavalues", officer, {"period": w.half.code, "format": "csv"})
    assert streamed.content.decode().count("\n") == 3  # header and two values
    walk(400, "GET", "/api/v1/datavalues", officer)

    walk(200, "GET", submission, reporter)
    walk(403, "POST", f"{submission}/approve", read_only, {})
    assert walk(200, "POST", f"{submission}/approve", officer, {"comment": "Đạt"}).json()["state"] == "approved"
    walk(409, "POST", f"{submission}/approve", officer, {})
    walk(200, "GET", "/api/v1/completeness", officer, {"dataSet": "INST_SEMIANNUAL", "period": w.half.code})
    walk(400, "GET", "/api/v1/completeness", officer, {"dataSet": "INST_SEMIANNUAL"})

    _, province = token_for(plan.org_unit and w.officer)
    assert plan.pk in [p["id"] for p in walk(200, "GET", "/api/v1/plans", province).json()["plans"]]
    progress = walk(200, "GET", f"/api/v1/plans/{plan.pk}/progress", province, {"asOf": "2025-03-01"}).json()
    assert progress["targets"] and any(t["series"] for t in progress["targets"])
    walk(404, "GET", "/api/v1/plans/999999/progress", province)

    created = walk(201, "POST", "/api/v1/webhooks", officer,
                   {"url": "https://kho.example.vn/gdnn", "events": ["submission.approved"]}).json()
    assert len(created["secret"]) == 64
    walk(400, "POST", "/api/v1/webhooks", officer, {"url": "https://kho.example.vn", "events": ["bogus"]})
    assert [h["id"] for h in walk(200, "GET", "/api/v1/webhooks", officer).json()["webhooks"]] == [created["id"]]
    walk(200, "GET", "/api/v1/webhooks/deliveries", officer)
    walk(200, "DELETE", f"/api/v1/webhooks/{created['id']}", officer)
    walk(404, "DELETE", f"/api/v1/webhooks/{created['id']}", officer)

    walk_exchange(walk, w, django_capture_on_commit_callbacks)

    missing = walk.operations - walk.seen
    assert not missing, f"operations in the document that no test exercised: {sorted(missing)}"


def test_a_method_an_endpoint_does_not_take_is_refused_in_the_error_shape(client, world):
    _, raw = token_for(world.reporter)
    response = send(client, "DELETE", "/api/v1/datasets", raw)
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert response.json()["status"] == "ERROR" and "DELETE" in response.json()["message"]


def test_refusals_speak_the_callers_language_vietnamese_by_default(client, world):
    vietnamese = client.get("/api/v1/me")
    english = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    prefers_vi = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")
    assert vietnamese.status_code == english.status_code == 401
    assert "Thiếu hoặc sai mã truy cập" in vietnamese.json()["message"]
    assert "API token" in english.json()["message"] and english["Content-Language"] == "en"
    assert prefers_vi.json()["message"] == vietnamese.json()["message"]
    assert vietnamese["WWW-Authenticate"] == 'Bearer realm="gdnn"'


def test_the_interactive_page_uses_packaged_assets_under_the_sites_csp(client):
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "script-src 'self'" in page["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
    assert "cdn" not in html.lower() and "https://" not in html
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(asset), asset
    assert '"url": "/api/v1/openapi.json"' in html


def walk_exchange(walk: Walk, w, capture) -> None:
    """/api/v1/exchange/ on the other province's school, whose report the walk above left alone."""
    e = "/api/v1/exchange"
    _, reporter = token_for(w.far_reporter)
    _, read_only = token_for(w.far_reporter, scopes=["read"])
    _, officer = token_for(w.far_officer)
    _, near_officer = token_for(w.officer)
    where = {"start": w.half.code, "orgUnit": w.far_school.code, "allStates": "true"}
    dxf2 = {"period": w.half.code, "orgUnit": w.far_school.code, "dataValues": [
        {"dataElement": "MANAGERS", "categoryOptionCombo": "default", "value": "5"},
        {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": "40"}]}

    dry = walk(200, "POST", f"{e}/datavalues.json?dryRun=true", read_only, dxf2).json()
    assert dry["dryRun"] and dry["importCount"]["imported"] == 2
    assert walk(403, "POST", f"{e}/datavalues.json", read_only, dxf2).json()["httpStatusCode"] == 403
    assert not DataValue.objects.filter(org_unit=w.far_school).exists()
    assert walk(200, "POST", f"{e}/datavalues.json", reporter, dxf2).json()["importCount"]["imported"] == 2
    wrong = {**dxf2, "dataValues": [{"dataElement": "NO_SUCH", "value": "1"}]}
    assert walk(409, "POST", f"{e}/datavalues.json", reporter, wrong).json()["conflicts"]

    exported = json.loads(walk(200, "GET", f"{e}/datavalues.json", reporter, where).content)  # streamed
    assert {v["value"] for v in exported["dataValues"]} == {"5", "40"}
    adx = walk(200, "GET", f"{e}/datavalues.adx", reporter, where).content
    assert b'dataElement="MANAGERS" value="5"' in adx
    again = walk(200, "POST", f"{e}/datavalues.adx", reporter, adx.decode(), content_type="application/adx+xml")
    assert again.json()["importCount"]["ignored"] == 2  # the same values: nothing changed
    walk(409, "POST", f"{e}/datavalues.adx", reporter, "<adx><group", content_type="application/adx+xml")
    walk(403, "GET", f"{e}/datavalues.json", near_officer, {"start": w.half.code})  # not national
    walk(400, "GET", f"{e}/datavalues.adx", reporter, {**where, "start": "không-phải-kỳ"})

    assert walk(200, "GET", f"{e}/metadata", reporter).json()["format"] == "gdnn-metadata/1"
    sdmx = walk(200, "GET", f"{e}/indicators.sdmx.csv", officer, {"orgUnit": w.far_province.code, "start": w.year.code})
    assert sdmx.content.decode().startswith("STRUCTURE,")
    walk(404, "GET", f"{e}/indicators.sdmx.csv", officer, {"orgUnit": "NO_SUCH_UNIT", "start": w.year.code})

    jobs = {}
    for fmt in ("csv", "xlsx"):
        with capture(execute=True):
            queued = walk(202, "POST", f"{e}/exports", officer, {"orgUnit": w.far_province.code, "start": w.half.code,
                                                                 "allStates": True, "format": fmt}).json()
        jobs[fmt] = queued["id"]
    walk(403, "POST", f"{e}/exports", near_officer, {"orgUnit": w.far_province.code, "start": w.half.code})
    walk(404, "GET", f"{e}/exports/{jobs['csv']}/file", officer)  # queued, not run yet
    assert run_queued_jobs() == 2
    assert walk(200, "GET", f"{e}/exports/{jobs['csv']}", officer).json()["status"] == "done"
    walk(404, "GET", f"{e}/exports/{jobs['csv']}", near_officer)
    rows = walk(200, "GET", f"{e}/exports/{jobs['csv']}/file", officer).content.decode().splitlines()
    assert len(rows) == 3  # header and the two values
    xlsx = walk(200, "GET", f"{e}/exports/{jobs['xlsx']}/file", officer)
    assert xlsx.content.startswith(b"PK")  # a zip: the workbook
