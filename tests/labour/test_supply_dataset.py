"""The institutions' supply form (INST_SUPPLY_OCCUPATION): its occupation options follow the labour
catalog, the ordinary web, Excel and API paths take it with no special code, and the gap page reads
supply from its approved values before the graduate lists."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.collection.models import DataValue, DataValueAudit, Submission
from gdnn.collection.periods import period_for_date
from gdnn.collection.selectors import dataset_get, form_structure
from gdnn.collection.services.datasets import dataset_sync
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_approve, submission_submit
from gdnn.indicators.models import CategoryOption
from gdnn.labour.models import Graduate, TrainingOccupation
from gdnn.labour.selectors import gaps
from gdnn.labour.services.seed import labour_catalog_sync, occupations_import
from gdnn.labour.services.supply import option_code
from gdnn.orgunits.selectors import orgunit_get
from tests.collection.conftest import make_institution
from tests.collection.helpers import fill, template_for
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
YEAR = period_for_date(timezone.localdate(), "annual")  # the open period
KEY = "training_occupation:5340301"  # Kế toán doanh nghiệp, trung cấp


@pytest.fixture
def w(client):
    dataset_sync()
    labour_catalog_sync()
    province, commune = orgunit_get(code="20"), orgunit_get(code="06385")
    school, other = make_institution("CD-LS-01", commune), make_institution("CD-LS-02", commune)
    return {"client": client, "ds": dataset_get(code="INST_SUPPLY_OCCUPATION"), "province": province,
            "school": school, "other": other,
            "reporter": user_with_role("baocao", Role.INSTITUTION_REPORTER, school),
            "officer": user_with_role("canbo", Role.PROVINCE_OFFICER, province),
            "admin": user_with_role("quantri", Role.SYSTEM_ADMIN, None)}


def keys(w) -> set[str]:
    return {k for (_e, k) in form_structure(data_set=w["ds"], period=YEAR).cells()}


def test_the_form_offers_the_catalog_occupations_and_follows_an_import(w):
    active = TrainingOccupation.objects.filter(active=True).count()
    assert CategoryOption.objects.filter(category__code="training_occupation").count() == active
    assert len(form_structure(data_set=w["ds"], period=YEAR).cells()) == 3 * active and KEY in keys(w)
    section = form_structure(data_set=w["ds"], period=YEAR).sections[0]
    assert len(section.rows) == active and section.width == 1  # one row per occupation, not 64 columns
    before = w["ds"].version
    assert "+tra" in before
    labour_catalog_sync()  # nothing changed: the same stamp
    dataset_sync()  # the seed merge keeps it too
    assert dataset_get(code="INST_SUPPLY_OCCUPATION").version == before
    csv = "mã,tên,trình độ\nSC-HAN-01,Hàn điện cơ bản,sơ cấp\n".encode()
    occupations_import(data=csv, name="danh-muc.csv", by=w["admin"])
    after = dataset_get(code="INST_SUPPLY_OCCUPATION")
    assert after.version != before
    assert "training_occupation:sc_han_01" in {k for (_e, k) in form_structure(data_set=after, period=YEAR).cells()}
    assert dataset_get(code="INST_SEMIANNUAL").version.startswith("2026")  # other forms untouched
    assert "+" not in dataset_get(code="INST_SEMIANNUAL").version


def test_a_value_typed_on_the_web_form_is_saved(w):
    client = w["client"]
    assert client.login(username="baocao", password=PASSWORD)
    page = client.get(f"/data/INST_SUPPLY_OCCUPATION/{w['school'].code}/{YEAR.code}/").content.decode()
    assert "Tuyển sinh, quy mô và tốt nghiệp theo nghề" in page and "Kế toán doanh nghiệp" in page
    response = client.post(f"/data/INST_SUPPLY_OCCUPATION/{w['school'].code}/{YEAR.code}/cell/",
                           {"element": "SUPPLY_ADMISSIONS", "key": KEY, "value": "35"})
    assert response.status_code == 200, response.content
    assert DataValue.objects.get(data_element__code="SUPPLY_ADMISSIONS", disaggregation=KEY).value == 35


def test_an_excel_template_of_the_form_is_imported(w):
    client = w["client"]
    assert client.login(username="baocao", password=PASSWORD)
    data = fill(template_for(w["ds"], w["school"], YEAR), {("SUPPLY_GRADUATES", KEY): 28, ("SUPPLY_ENROLMENT", KEY): 90})
    response = client.post(f"/data/INST_SUPPLY_OCCUPATION/{w['school'].code}/{YEAR.code}/upload/",
                           {"file": SimpleUploadedFile("theo-nghe.xlsx", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DataValue.objects.get(data_element__code="SUPPLY_GRADUATES", disaggregation=KEY).value == 28
    assert DataValueAudit.objects.filter(channel="excel").count() == 2


def test_the_api_takes_values_of_the_form(w):
    token = apitoken_create(user=w["reporter"], name="test")[1]
    body = {"period": YEAR.code, "orgUnit": w["school"].code, "dataValues": [
        {"dataElement": "SUPPLY_GRADUATES", "categoryOptionCombo": KEY, "value": 41}]}
    response = w["client"].post("/api/v1/datavalues", json.dumps(body), content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert DataValue.objects.get(data_element__code="SUPPLY_GRADUATES", disaggregation=KEY).value == 41
    bad = {**body, "dataValues": [{"dataElement": "SUPPLY_GRADUATES", "categoryOptionCombo": "training_occupation:nope",
                                   "value": 1}]}
    refused = w["client"].post("/api/v1/datavalues", json.dumps(bad), content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 400


def _graduates(unit, occupation: str, count: int) -> None:
    occ = TrainingOccupation.objects.get(code=occupation)
    for i in range(count):
        Graduate.objects.create(institution=unit, student_code=f"{unit.code}-{occupation}-{i}", full_name=f"HS {i}",
                                occupation=occ, graduated_on=dt.date(YEAR.year, 6, 30))


def test_the_gap_reads_approved_reports_first_and_lists_elsewhere(w):
    school, other = w["school"], w["other"]
    _graduates(school, "5340301", 7)  # ignored once the school's report is approved
    _graduates(other, "5340301", 4)
    _graduates(other, "5480201", 3)
    datavalue_set(data_set=w["ds"], org_unit=school, period=YEAR, element="SUPPLY_GRADUATES", key=KEY, raw="20",
                  by=w["reporter"], channel="web")
    rows = {r.code: r for r in gaps(province=w["province"], year=YEAR.year)[1]}
    assert rows["5340301"].supply == 11 and rows["5340301"].sources == ("list",)  # a draft is not read
    submission = Submission.objects.get(data_set=w["ds"], org_unit=school, period=YEAR.code)
    submission_approve(submission=submission_submit(submission=submission, by=w["reporter"]), by=w["officer"])
    rows = {r.code: r for r in gaps(province=w["province"], year=YEAR.year)[1]}
    assert rows["5340301"].supply == 24 and rows["5340301"].sources == ("report", "list")
    assert rows["5480201"].supply == 3 and rows["5480201"].source_label == "danh sách tốt nghiệp"
    assert option_code("SC-HAN-01") == "sc_han_01"
