"""The API over HTTP: token only, the same scope, validation and workflow as the pages, every bad
body refused as a whole with the database exactly as before, an audit row with the channel "api"."""

import json

import pytest

from gdnn.accounts.services import apitoken_create
from gdnn.collection.models import DataValue, DataValueAudit, Submission
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_approve, submission_submit
from tests.collection.helpers import snapshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


@pytest.fixture
def api(world, client):
    def call(user, method, path, body=None, content_type="application/json", **extra):
        token = apitoken_create(user=world[user], name="test")[1] if user else None
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        data = json.dumps(body) if isinstance(body, dict | list) else body
        send = getattr(client, method.lower())
        if method == "GET":
            response = send(path, body or {}, **headers, **extra)
        else:
            response = send(path, data or "", content_type=content_type, **headers, **extra)
        return response

    world["call"] = call
    return world


def values(w, *items, **top):
    return {"period": w.half.code, "orgUnit": w.school.code, **top, "dataValues": list(items)}


def test_a_reporter_sends_values_and_submits_them_with_the_api_channel(api):
    w = api
    body = values(w, {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": 1234},
                  {"dataElement": "MANAGERS", "categoryOptionCombo": "default", "value": "12"}, submit=True)
    response = w.call("reporter", "POST", "/api/v1/datavalues", body)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["status"] == "OK" and answer["valuesChanged"] == 2
    assert answer["submitted"] == [f"INST_SEMIANNUAL · {w.school.code} · {w.half.code}"]
    assert DataValue.objects.get(org_unit=w.school, disaggregation=KEY).value == 1234
    assert set(DataValueAudit.objects.values_list("channel", flat=True)) == {"api"}
    assert Submission.objects.get(org_unit=w.school, period=w.half.code).state == "submitted"

    detail = w.call("reporter", "GET", f"/api/v1/submissions/INST_SEMIANNUAL/{w.school.code}/{w.half.code}").json()
    assert detail["state"] == "submitted" and detail["events"][0]["by"] == "baocao"

    # The province officer approves through the API; the reporter can no longer change a value.
    approved = w.call("officer", "POST",
                      f"/api/v1/submissions/INST_SEMIANNUAL/{w.school.code}/{w.half.code}/approve", {})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    before = snapshot(w.half)
    locked = w.call("reporter", "POST", "/api/v1/datavalues",
                    values(w, {"dataElement": "MANAGERS", "value": 13}))
    assert locked.status_code == 400 and "khóa" in " ".join(locked.json()["errors"])
    assert snapshot(w.half) == before


def test_a_dry_run_checks_everything_and_writes_nothing(api):
    w = api
    before = snapshot(w.half)
    response = w.call("reporter", "POST", "/api/v1/datavalues?dryRun=true",
                      values(w, {"dataElement": "MANAGERS", "value": 5}, submit=True))
    assert response.status_code == 200 and response.json()["dryRun"] is True
    assert response.json()["valuesChanged"] == 1 and response.json()["submitted"]
    assert snapshot(w.half) == before


@pytest.mark.parametrize(("body", "content_type", "status", "message"), [
    ("{not json", "application/json", 400, "JSON không hợp lệ ở dòng 1"),
    ({"values": []}, "application/json", 400, "dataValues"),
    ({"dataValues": []}, "application/json", 400, "rỗng"),
    ("", "application/json", 400, "rỗng"),
    ("<xml/>", "application/xml", 415, "application/json hoặc text/csv"),
])
def test_malformed_bodies_are_refused_with_a_clear_message(api, body, content_type, status, message):
    w = api
    before = snapshot(w.half)
    response = w.call("reporter", "POST", "/api/v1/datavalues", body, content_type=content_type)
    assert response.status_code == status
    answer = response.json()
    assert answer["status"] == "ERROR" and message in answer["message"]
    assert snapshot(w.half) == before


def test_one_bad_row_refuses_the_whole_batch_and_names_each_row(api):
    w = api
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="12",
                  by=w.reporter, channel="web")
    before = snapshot(w.half)
    body = values(w,
                  {"dataElement": "MANAGERS", "value": 14},                       # fine alone
                  {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": -3},
                  {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": "1,5"},
                  {"dataElement": "NOPE", "value": 1},
                  {"dataElement": "MANAGERS", "orgUnit": w.far_school.code, "value": 1},
                  {"value": 3})
    response = w.call("reporter", "POST", "/api/v1/datavalues", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e.startswith("dataValues[2]:") and "số JSON" in e for e in errors)
    assert any(e.startswith("dataValues[5]:") and "dataElement" in e for e in errors)
    # Shape errors come first; once the shape is right the rows are checked against the domain.
    body["dataValues"] = body["dataValues"][:2] + body["dataValues"][3:5]
    errors = w.call("reporter", "POST", "/api/v1/datavalues", body).json()["errors"]
    assert [e.split(":")[0] for e in errors] == ["dataValues[1]", "dataValues[2]", "dataValues[3]"]
    assert "NOPE" in errors[1]
    assert snapshot(w.half) == before
    assert DataValue.objects.get(org_unit=w.school, data_element__code="MANAGERS").value == 12


def test_csv_bodies_use_the_file_import_layout(api):
    w = api
    csv = f"dataelement,period,orgunit,categoryoptioncombo,value\nMANAGERS,{w.half.code},{w.school.code},,1.234\n"
    response = w.call("reporter", "POST", "/api/v1/datavalues", csv, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert DataValue.objects.get(org_unit=w.school, data_element__code="MANAGERS").value == 1234
    exported = w.call("officer", "GET", "/api/v1/datavalues", {"period": w.half.code, "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    # Streamed (a whole-scope export never sits in memory), the same bytes for the client.
    assert f"MANAGERS,{w.half.code},{w.school.code},,1234,baocao," in b"".join(exported.streaming_content).decode()


def test_tokens_are_required_and_must_be_valid(api, client):
    w = api
    assert w.call(None, "GET", "/api/v1/me").status_code == 401
    # A logged-in session is not enough: the API takes tokens only (so it needs no CSRF protection).
    client.login(username="baocao", password=PASSWORD)
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer gdnn_not-a-token").status_code == 401
    token, raw = apitoken_create(user=w.reporter, name="mis")
    ok = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert ok["username"] == "baocao" and ok["roles"][0]["orgUnit"] == w.school.code
    from gdnn.accounts.services import apitoken_revoke

    apitoken_revoke(token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_scope_and_roles_hold_through_the_api(api):
    w = api
    datavalue_set(data_set=w.inst, org_unit=w.far_school, period=w.half, element="MANAGERS", key="", raw="7",
                  by=w.far_reporter, channel="web")
    before = snapshot(w.half)
    # Another province's school: not found for reading, refused for writing.
    far = f"/api/v1/submissions/INST_SEMIANNUAL/{w.far_school.code}/{w.half.code}"
    assert w.call("officer", "GET", far).status_code == 404
    assert w.call("officer", "POST", f"{far}/approve", {}).status_code == 404
    refused = w.call("reporter", "POST", "/api/v1/datavalues",
                     values(w, {"dataElement": "MANAGERS", "orgUnit": w.far_school.code, "value": 1}))
    assert refused.status_code == 400
    assert refused.json()["errors"] == [f"dataValues[0]: Bạn không có quyền nhập dữ liệu cho {w.far_school.name} "
                                        "(ngoài phạm vi hoặc chỉ được xem)."]
    # A viewer reads but does not write.
    viewer = w.call("viewer", "POST", "/api/v1/datavalues", values(w, {"dataElement": "MANAGERS", "value": 1}))
    assert viewer.status_code == 400 and "không có quyền nhập" in viewer.json()["errors"][0]
    assert snapshot(w.half) == before
    exported = w.call("officer", "GET", "/api/v1/datavalues", {"period": w.half.code}).json()["dataValues"]
    assert exported == []  # the far school's value is outside Lạng Sơn
    assert w.call("officer", "GET", "/api/v1/datavalues", {"period": w.half.code, "orgUnit": "19"}).status_code == 404


def test_workflow_refusals_give_the_reason_a_state_conflict_409_a_missing_reason_400(api):
    w = api
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="12",
                  by=w.reporter, channel="web")
    path = f"/api/v1/submissions/INST_SEMIANNUAL/{w.school.code}/{w.half.code}"
    draft = w.call("officer", "POST", f"{path}/approve", {})
    assert draft.status_code == 409 and "Không thể phê duyệt" in draft.json()["message"]  # still a draft: the state forbids it
    submission_submit(submission=Submission.objects.get(org_unit=w.school), by=w.reporter)
    returned = w.call("officer", "POST", f"{path}/return", {"comment": " "})
    assert returned.status_code == 400 and "lý do" in returned.json()["message"]  # the request lacks the reason
    assert w.call("reporter", "POST", f"{path}/approve", {}).status_code == 403
    assert w.call("officer", "POST", f"{path}/archive", {}).status_code == 404
    assert w.call("officer", "GET", f"{path}/approve").status_code == 405
    submission_approve(submission=Submission.objects.get(org_unit=w.school), by=w.officer)
    assert w.call("officer", "GET", path).json()["state"] == "approved"


def test_data_set_cells_tell_a_client_what_it_may_send(api):
    w = api
    listing = w.call("reporter", "GET", "/api/v1/datasets").json()["dataSets"]
    assert {d["code"] for d in listing} >= {"INST_SEMIANNUAL", "COMMUNE_ANNUAL", "PROVINCE_ANNUAL"}
    detail = w.call("reporter", "GET", "/api/v1/datasets/INST_SEMIANNUAL", {"period": w.half.code}).json()
    cells = {(c["dataElement"], c["categoryOptionCombo"]) for c in detail["cells"]}
    assert ("ENROLMENT", KEY) in cells and ("MANAGERS", "") in cells
    yearly = w.call("reporter", "GET", "/api/v1/datasets/INST_SEMIANNUAL", {"period": "2025"})
    assert yearly.status_code == 400 and "2025" in yearly.json()["message"]  # a period the set does not report in
    assert w.call("reporter", "GET", "/api/v1/datasets/NOPE").status_code == 404


def test_completeness_lists_the_units_in_scope_with_their_state(api):
    w = api
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="12",
                  by=w.reporter, channel="web")
    submission_submit(submission=Submission.objects.get(org_unit=w.school), by=w.reporter)
    answer = w.call("officer", "GET", "/api/v1/completeness", {"dataSet": "INST_SEMIANNUAL", "period": w.half.code})
    assert answer.status_code == 200, answer.content
    report = answer.json()
    states = {u["orgUnit"]: u["state"] for u in report["units"]}
    assert states[w.school.code] == "submitted" and w.far_school.code not in states
    assert report["expected"] == len(states) and report["submitted"] == 1 and report["approved"] == 0
    missing = w.call("officer", "GET", "/api/v1/completeness", {"period": w.half.code})
    assert missing.status_code == 400 and "dataSet" in missing.json()["message"]
