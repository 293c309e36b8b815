"""Large reads: period ranges, unit subtree, data set and lastUpdated filters, and paging, all
within the token's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from gdnn.collection.models import DataValue
from gdnn.collection.selectors import form_structure
from gdnn.collection.services.values import datavalue_set
from tests.api.conftest import send, token_for

pytestmark = pytest.mark.django_db


def cells(data_set, period, n):
    return list(form_structure(data_set=data_set, period=period).cells())[:n]


@pytest.fixture
def values(world):
    w = world
    for i, (element, key) in enumerate(cells(w.inst, w.half, 3)):
        datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element=element, key=key, raw=str(i + 1),
                      by=w.reporter, channel="web")
    element, key = cells(w.inst, w.half, 1)[0]
    datavalue_set(data_set=w.inst, org_unit=w.far_school, period=w.half, element=element, key=key, raw="9",
                  by=w.far_reporter, channel="web")
    for element, key in cells(w.comm, w.year, 2):
        datavalue_set(data_set=w.comm, org_unit=w.commune, period=w.year, element=element, key=key, raw="5",
                      by=w.commune_officer, channel="web")
    return w


def read(client, raw, **params):
    response = send(client, "GET", "/api/v1/datavalues", raw, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_filters_narrow_the_read_within_the_tokens_scope(client, values):
    w = values
    _, officer = token_for(w.officer)  # Lạng Sơn: never the far school's value
    assert len(read(client, officer, period=w.half.code)["dataValues"]) == 3
    both = read(client, officer, startPeriod=w.year.code, endPeriod=w.year.code)["dataValues"]
    assert {v["period"] for v in both} == {w.half.code, w.year.code} and len(both) == 5  # the half lies in the year
    halves = read(client, officer, startPeriod=w.half.code, endPeriod=w.half.code)["dataValues"]
    assert {v["period"] for v in halves} == {w.half.code}
    commune = read(client, officer, startPeriod=w.year.code, endPeriod=w.year.code, dataSet="COMMUNE_ANNUAL")
    assert {v["orgUnit"] for v in commune["dataValues"]} == {w.commune.code} and len(commune["dataValues"]) == 2
    subtree = read(client, officer, startPeriod=w.year.code, orgUnit=w.school.code)["dataValues"]
    assert {v["orgUnit"] for v in subtree} == {w.school.code}
    # Only what changed since: one value touched after a cut-off.
    DataValue.objects.update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    DataValue.objects.filter(org_unit=w.commune).order_by("pk").first().save()
    recent = read(client, officer, startPeriod=w.year.code, lastUpdated="2021-01-01")["dataValues"]
    assert len(recent) == 1 and recent[0]["orgUnit"] == w.commune.code
    bad = send(client, "GET", "/api/v1/datavalues", officer, {"period": w.half.code, "lastUpdated": "hôm qua"})
    assert bad.status_code == 400 and "lastUpdated" in bad.json()["message"]
    outside = send(client, "GET", "/api/v1/datavalues", officer, {"period": w.half.code,
                                                                  "orgUnit": w.far_school.code})
    assert outside.status_code == 404


def test_pages_cover_every_value_once_in_a_stable_order(client, values):
    w = values
    _, officer = token_for(w.officer)
    everything = read(client, officer, startPeriod=w.year.code)["dataValues"]
    pages, page = [], 1
    while True:
        answer = read(client, officer, startPeriod=w.year.code, page=page, pageSize=2)
        pages.extend(answer["dataValues"])
        if page >= answer["pager"]["pageCount"]:
            break
        page += 1
    assert answer["pager"]["total"] == 5 and page == 3
    assert pages == everything
    too_big = send(client, "GET", "/api/v1/datavalues", officer, {"period": w.half.code, "pageSize": 10**6})
    assert too_big.status_code == 400 and too_big.json()["errors"][0].startswith("tham số “pageSize”")
