"""Every bad file is refused as a whole, with a Vietnamese message naming what is wrong, and the
database is exactly as before (an export and the row counts are compared before and after)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gdnn.collection.models import Submission
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_approve, submission_submit
from tests.collection.helpers import fill, snapshot, template_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


@pytest.fixture
def w(world, client):
    # Some data already there, so "as before" is not just "empty".
    datavalue_set(data_set=world.inst, org_unit=world.school, period=world.half, element="MANAGERS", key="",
                  raw="12", by=world.reporter, channel="web")
    assert client.login(username="baocao", password=PASSWORD)
    world["client"] = client
    return world


def upload(w, name, data, status=200, **extra):
    url = f"/data/{w.inst.code}/{w.school.code}/{w.half.code}/upload/"
    response = w.client.post(url, {"file": SimpleUploadedFile(name, data), **extra})
    assert response.status_code == status, response.status_code
    return response.content.decode()


def refused(w, name, data, *messages):
    before = snapshot(w.half, w.half.previous())
    page = upload(w, name, data)
    assert "Tệp bị từ chối" in page or "The file was refused" in page
    for message in messages:
        assert message in page, page[page.find('role="alert"'):][:1500]
    assert snapshot(w.half, w.half.previous()) == before


def template(w, **values):
    return fill(template_for(w.inst, w.school, w.half), values)


def test_a_good_template_is_imported_with_its_channel(w):
    data = fill(template_for(w.inst, w.school, w.half), {("ENROLMENT", KEY): "1.234", ("MANAGERS", ""): 13})
    upload(w, "bao-cao.xlsx", data, status=302)
    from gdnn.collection.models import DataValue, DataValueAudit

    assert DataValue.objects.get(disaggregation=KEY).value == 1234
    assert DataValueAudit.objects.filter(channel="excel").count() == 2


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bao-cao.pdf", b"%PDF-1.4 ...", "Loại tệp “.pdf” không được hỗ trợ"),
    ("bao-cao.xlsx", b"day khong phai excel", "không phải là tệp Excel (.xlsx) hợp lệ"),
    ("bao-cao.csv", b"\x00\x01\x02binary", "Loại tệp"),
])
def test_a_wrong_file_type_is_refused(w, name, data, message):
    refused(w, name, data, message)


def test_an_empty_file_is_refused(w):
    refused(w, "rong.xlsx", b"", "rỗng")
    refused(w, "rong.csv", b"dataelement,period,orgunit,categoryoptioncombo,value\n", "không có số liệu")


@pytest.mark.parametrize("other", ["data_set", "org_unit", "period"])
def test_a_template_for_another_form_is_refused(w, other):
    if other == "data_set":
        data, message = template_for(w.comm, w.commune, w.year), "bộ biểu COMMUNE_ANNUAL"
    elif other == "org_unit":
        data, message = template_for(w.inst, w.far_school, w.half), f"đơn vị {w.far_school.code}"
    else:
        data, message = template_for(w.inst, w.school, w.half.previous()), f"kỳ {w.half.previous().code}"
    refused(w, "mau-khac.xlsx", data, "là mẫu của", message)


@pytest.mark.parametrize("meta", [{(2, 2): "CD-TN-01"}, {(10, 3): "sex:male"}, {(5, 2): "0" * 64}])
def test_a_tampered_template_is_refused_by_its_checksum(w, meta):
    data = fill(template_for(w.inst, w.school, w.half), {("MANAGERS", ""): 99}, meta=meta)
    refused(w, "sua.xlsx", data, "mã kiểm tra của mẫu không khớp")


@pytest.mark.parametrize(("value", "message"), [
    ("mười hai", "không phải là số"), (-5, "không được âm"), (2.5, "số nguyên"), ("3,5", "số nguyên"),
])
def test_a_bad_value_is_refused_naming_sheet_and_cell(w, value, message):
    from tests.collection.helpers import cell_refs

    blank = template_for(w.inst, w.school, w.half)
    ref = cell_refs(blank)[("ENROLMENT", KEY)]
    data = fill(blank, {("ENROLMENT", KEY): value, ("MANAGERS", ""): 50})
    refused(w, "sai.xlsx", data, f"Trang tính &#x27;Báo cáo&#x27;, ô {ref}: ", message)


def test_a_share_over_100_is_refused(w):
    w.client.logout()
    assert w.client.login(username="canbo", password=PASSWORD)
    data = fill(template_for(w.prov, w.province, w.year), {("LFS_TRAINED_SHARE", ""): 120})
    before = snapshot(w.year)
    response = w.client.post(f"/data/{w.prov.code}/{w.province.code}/{w.year.code}/upload/",
                             {"file": SimpleUploadedFile("tinh.xlsx", data)})
    assert "Tỷ lệ phải từ 0 đến 100" in response.content.decode()
    assert snapshot(w.year) == before


def csv_bytes(*lines):
    return ("dataelement,period,orgunit,categoryoptioncombo,value\n" + "\n".join(lines) + "\n").encode()


def test_duplicate_csv_rows_are_refused(w):
    p, u = w.half.code, w.school.code
    data = csv_bytes(f"MANAGERS,{p},{u},,3", f"ENROLMENT,{p},{u},{KEY},5", f"MANAGERS,{p},{u},default,4")
    refused(w, "trung.csv", data, "Dòng 4: trùng với dòng 2")


def test_a_value_for_an_approved_locked_period_is_refused(w):
    s = Submission.objects.get()
    submission_approve(submission=submission_submit(submission=s, by=w.reporter), by=w.officer)
    refused(w, "khoa.csv", csv_bytes(f"MANAGERS,{w.half.code},{w.school.code},,30"), "đã khóa")


def test_an_org_unit_outside_the_users_scope_is_refused(w):
    data = csv_bytes(f"MANAGERS,{w.half.code},{w.school.code},,30", f"MANAGERS,{w.half.code},{w.far_school.code},,3")
    refused(w, "ngoai.csv", data, "Dòng 3", "không thuộc biểu đang mở")
    # The same file through the service as the reporter: the scope itself refuses it.
    from gdnn.collection.dhis2_csv import csv_read
    from gdnn.collection.services.imports import datavalues_import
    from gdnn.collection.uploads import ImportRejected

    before = snapshot(w.half)
    with pytest.raises(ImportRejected, match="không có quyền"):
        datavalues_import(batch=csv_read(data=data, name="ngoai.csv"), by=w.reporter)
    assert snapshot(w.half) == before


def test_a_50_mb_file_is_refused_by_size_before_reading(w):
    refused(w, "lon.csv", b"0" * (50 * 1024 * 1024), "quá lớn", "giới hạn là 10 MB")


def test_the_size_limit_is_a_setting_checked_before_reading(settings):
    from gdnn.collection.reading import batch_read
    from gdnn.collection.uploads import ImportRejected

    settings.GDNN_UPLOAD_MAX_BYTES = 1000

    def read():
        raise AssertionError("the file must not be read")

    with pytest.raises(ImportRejected, match="quá lớn"):
        batch_read(name="x.csv", size=2000, read=read)


def test_a_bad_file_through_the_service_leaves_nothing_half_written(w):
    from gdnn.collection.dhis2_csv import csv_read
    from gdnn.collection.services.imports import datavalues_import
    from gdnn.collection.uploads import ImportRejected

    p, u = w.half.code, w.school.code
    data = csv_bytes(f"MANAGERS,{p},{u},,40", f"ENROLMENT,{p},{u},{KEY},5", f"ENROLMENT,{p},{u},sex:other,5",
                     f"TEACHERS,{p},{u},sex:male,-1", f"NOPE,{p},{u},,1", f"MANAGERS,2025Q1,{u},,1")
    before = snapshot(w.half)
    with pytest.raises(ImportRejected) as caught:
        datavalues_import(batch=csv_read(data=data, name="nhieu-loi.csv"), by=w.reporter)
    text = "\n".join(caught.value.errors)
    assert "Dòng 4: phân tổ “sex:other” không hợp lệ" in text
    assert "Dòng 5: Số lượng không được âm." in text
    assert "Dòng 6: không có phần tử dữ liệu mã “NOPE”" in text
    assert "Dòng 7: Kỳ báo cáo không hợp lệ" in text
    assert snapshot(w.half) == before
