"""API edges (issue 14, item 9): every malformed body gets the documented error shape and status
(docs/api.md), nothing is written, and values are never silently changed."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from gdnn.accounts.services import apitoken_create
from gdnn.collection.models import DataValue
from tests.collection.helpers import snapshot

pytestmark = pytest.mark.django_db
PATH = "/api/v1/datavalues"


@pytest.fixture
def send(world, client):
    token = apitoken_create(user=world.reporter, name="edges")[1]

    def post(body, content_type="application/json", path=PATH):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return client.post(path, data, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")

    return post


def refused(world, response, status: int, message: str = "") -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "httpStatusCode", "message", "errors"}
    assert body["status"] == "ERROR" and body["httpStatusCode"] == status
    assert isinstance(body["errors"], list)
    text = body["message"] + " ".join(body["errors"])
    assert message in text, text
    return body


def body(world, value: str, element: str = "MANAGERS", key: str = "") -> str:
    """A data value set with `value` written as is (JSON text), so hostile numbers reach the parser."""
    item = json.dumps({"dataElement": element, "categoryOptionCombo": key, "value": "@"})
    items = item.replace('"@"', value)
    return f'{{"period": "{world.half.code}", "orgUnit": "{world.school.code}", "dataValues": [{items}]}}'


@pytest.mark.parametrize(("raw", "message"), [
    ("[" * 100_000 + "]" * 100_000, "lồng nhau quá sâu"),
    ('{"dataValues": [], "x": ' + "1" * 5001 + "}", "số nguyên quá dài"),
    ('{"dataValues": [], "x": 1.' + "5" * 5000 + "}", "số quá dài"),
    ('{"dataValues": [], "dataValues": []}', "khóa “dataValues” lặp lại"),
    ('{"dataValues": [], "x": NaN}', "NaN"),
    ("{nope", "JSON không hợp lệ ở dòng 1"),
    (b"\xff\xfe\x00", "UTF-8"),
])
def test_malformed_json_is_400_with_the_documented_shape(world, send, raw, message):
    before = snapshot(world.half)
    refused(world, send(raw), 400, message)
    assert snapshot(world.half) == before


def test_duplicate_keys_inside_a_value_are_refused(world, send):
    raw = body(world, "12").replace('"value": 12', '"value": 12, "value": 13')
    refused(world, send(raw), 400, "lặp lại")
    assert not DataValue.objects.exists()


@pytest.mark.parametrize(("value", "element", "message"), [
    ("true", "MANAGERS", "true/false chỉ dùng cho chỉ tiêu có/không"),
    ("1e-30", "MANAGERS", "quá 4 chữ số thập phân"),
    ('"0.00001"', "MANAGERS", "quá 4 chữ số thập phân"),
])
def test_a_value_is_refused_rather_than_changed(world, send, value, element, message):
    before = snapshot(world.half)
    refused(world, send(body(world, value, element)), 400, message)
    assert snapshot(world.half) == before


def test_true_still_means_yes_and_exact_values_are_kept(world, send):
    assert send(body(world, "true", "INSTITUTION_ACTIVE")).status_code == 200
    assert send(body(world, "12")).status_code == 200
    assert DataValue.objects.get(data_element__code="INSTITUTION_ACTIVE").value == 1
    assert DataValue.objects.get(data_element__code="MANAGERS").value == 12


def test_an_over_limit_body_is_413_as_documented(world, send):
    with override_settings(GDNN_UPLOAD_MAX_BYTES=64 * 1024):
        refused(world, send("x" * (200 * 1024), content_type="text/csv"), 413, "quá lớn")
        refused(world, send(b"[" + b" " * (200 * 1024) + b"]"), 413, "quá lớn")


def test_a_csv_line_with_an_unclosed_quote_is_refused(world, send):
    raw = ("dataelement,period,orgunit,categoryoptioncombo,value\n"
           f'MANAGERS,{world.half.code},{world.school.code},,"12\n')
    before = snapshot(world.half)
    refused(world, send(raw, content_type="text/csv"), 400, "không đọc được như CSV")
    assert snapshot(world.half) == before


def test_a_workflow_body_is_parsed_as_strictly(world, send):
    path = f"/api/v1/submissions/{world.inst.code}/{world.school.code}/{world.half.code}/submit"
    refused(world, send('{"comment": "a", "comment": "b"}', path=path), 400, "lặp lại")
    refused(world, send("[" * 50_000 + "]" * 50_000, path=path), 400, "lồng nhau quá sâu")
