"""Bad uploads (register, graduate list, occupation list) are refused whole, naming row and column."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from gdnn.labour.models import Enterprise, Graduate, TrainingOccupation
from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.register import register_import
from gdnn.labour.services.seed import occupations_import
from gdnn.labour.services.uploads import UploadRejected
from tests.labour.helpers import college, world

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_register_with_bad_rows_is_refused_whole_naming_row_and_column():
    w = world(enterprises=3)
    before = Enterprise.objects.count()
    data = _xlsx([["Mã số thuế", "Tên doanh nghiệp", "Mã VSIC", "Quy mô", "Mã xã"],
                  ["0101234567", "Công ty Tốt", "1071", "nhỏ", "06385"],
                  ["12345", "Công ty Sai Mã", "C", "vừa", "06385"],
                  ["0101234568", "Công ty Sai Ngành", "Z9", "lớn", "06385"],
                  ["0101234569", "Công ty Sai Xã", "F", "siêu nhỏ", "99999"],
                  ["0101234567", "Công ty Trùng", "G", "nhỏ", "06385"]])
    with pytest.raises(UploadRejected) as caught:
        register_import(province=w["province"], data=data, name="dn.xlsx", by=w["officer"])
    errors = caught.value.errors
    assert "dn.xlsx, dòng 3, cột “mã số thuế”" in errors[0]
    assert any("dòng 4, cột “mã VSIC”" in e for e in errors)
    assert any("dòng 5, cột “mã xã”" in e for e in errors)
    assert any("dòng 6, cột “mã số thuế”" in e and "dòng 2" in e for e in errors)
    assert Enterprise.objects.count() == before  # the good row was not written either


def test_a_register_missing_a_column_is_refused_at_the_header():
    w = world(enterprises=1)
    with pytest.raises(UploadRejected) as caught:
        register_import(province=w["province"], data="mã số thuế,tên doanh nghiệp\n0101234567,A\n".encode(),
                        name="thieu.csv", by=w["officer"])
    assert caught.value.errors == ["thieu.csv, dòng 1: thiếu cột mã vsic, mã xã."]


def test_an_upload_refusal_speaks_the_language_of_the_reader():
    w = world(enterprises=1)
    data = _xlsx([["Mã số thuế", "Tên doanh nghiệp", "Mã VSIC", "Quy mô", "Mã xã"],
                  ["12345", "Công ty Sai Mã", "C", "vừa", "06385"]])
    with translation.override("en"), pytest.raises(UploadRejected) as caught:
        register_import(province=w["province"], data=data, name="dn.xlsx", by=w["officer"])
    assert caught.value.errors == ["dn.xlsx, row 2, column “mã số thuế”: “12345” is not a tax code "
                                   "(10 digits, or 10 digits - 3 digits)."]


def test_size_follows_employees_when_left_empty():
    w = world(enterprises=1)
    csv = ("mã số thuế,tên doanh nghiệp,mã VSIC,quy mô,số lao động,mã xã\n"
           "0101234567,Xưởng May,14,,150,06385\n0101234568,Cửa hàng,47,,60,06385\n").encode()
    register_import(province=w["province"], data=csv, name="dn.csv", by=w["officer"])
    sizes = dict(Enterprise.objects.filter(tax_code__startswith="010123456").values_list("name", "size"))
    assert sizes == {"Xưởng May": "medium", "Cửa hàng": "medium"}  # industry ≤200, trade ≤100


def test_a_file_that_is_not_a_workbook_is_refused_plainly():
    w = world(enterprises=1)
    with pytest.raises(UploadRejected) as caught:
        register_import(province=w["province"], data=b"PK\x03\x04 not really", name="hong.xlsx", by=w["officer"])
    assert "hong.xlsx" in caught.value.errors[0]


def test_a_graduate_list_with_bad_rows_is_refused_whole():
    w = world(enterprises=1)
    school = college(w["commune"])
    csv = ("mã người học,họ và tên,mã nghề,ngày tốt nghiệp,e-mail\n"
           "SV01,Nguyễn Văn A,6520227,30/06/2025,a@example.vn\n"
           "SV02,,6520227,30/06/2025,\n"
           "SV03,Trần Thị C,9999999,31/13/2025,khong-phai-thu\n").encode()
    with pytest.raises(UploadRejected) as caught:
        graduates_import(institution=school, data=csv, name="tn.csv", by=w["officer"])
    errors = caught.value.errors
    assert "tn.csv, dòng 3, cột “họ và tên”: không được để trống." in errors
    assert any("dòng 4, cột “mã nghề”" in e for e in errors)
    assert any("dòng 4, cột “ngày tốt nghiệp”" in e for e in errors)
    assert any("dòng 4, cột “e-mail”" in e for e in errors)
    assert not Graduate.objects.filter(institution=school).exists()


def test_the_ministry_list_import_needs_a_national_writer_and_marks_its_rows(client):
    w = world(enterprises=1)
    csv = "mã,tên,trình độ,mã vsco\n6520227,Điện công nghiệp (Bộ),cao đẳng,74\n".encode()
    from gdnn.common.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        occupations_import(data=csv, name="dm.csv", by=w["officer"])
    assert occupations_import(data=csv, name="dm.csv", by=None) == 1
    occ = TrainingOccupation.objects.get(code="6520227")
    assert (occ.name, occ.origin, occ.vsco.code) == ("Điện công nghiệp (Bộ)", "import", "74")
    from gdnn.labour.services.seed import labour_catalog_sync

    labour_catalog_sync()  # the seed never overwrites an imported row
    assert TrainingOccupation.objects.get(code="6520227").name == "Điện công nghiệp (Bộ)"


def test_the_register_page_shows_the_refusal_with_row_and_column(client):
    w = world(enterprises=1)
    client.force_login(w["officer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("dn.csv", "mã số thuế,tên doanh nghiệp,mã VSIC,quy mô,mã xã\nabc,A,C,nhỏ,06385\n"
                             .encode())
    response = client.post("/labour/20/", {"action": "register", "file": bad})
    assert response.status_code == 400
    assert "dn.csv, dòng 2, cột “mã số thuế”" in response.content.decode()
