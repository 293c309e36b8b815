import pytest
from django.utils import translation
from openpyxl import Workbook

from gdnn.orgunits.institution_import import ImportRejected, institutions_import
from gdnn.orgunits.models import Institution, OrgUnit

pytestmark = pytest.mark.django_db
HEADER = "mã,tên,loại hình,sở hữu,cơ quan chủ quản,mã xã,hiệu lực từ\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_csv_creates_institutions_under_their_commune(tmp_path):
    path = write(tmp_path, "cs.csv", HEADER
                 + "CDLS-01,Trường Cao đẳng Lạng Sơn,Trường cao đẳng,Công lập,UBND tỉnh Lạng Sơn,06385,01/09/2010\n"
                 + "TTHL-02,Trung tâm GDNN-GDTX Hữu Lũng,Trung tâm GDNN-GDTX,công lập,,6385,\n")
    created = institutions_import(path=path)
    assert [u.code for u in created] == ["CDLS-01", "TTHL-02"]
    college = Institution.objects.get(org_unit__code="CDLS-01")
    assert college.institution_type == Institution.Type.COLLEGE
    assert college.org_unit.parent.code == "06385" and college.org_unit.parent.valid_from is not None
    assert college.org_unit.path.startswith(college.org_unit.parent.path)
    assert Institution.objects.get(org_unit__code="TTHL-02").institution_type == Institution.Type.CENTRE_GDTX


def test_bad_rows_are_all_reported_and_nothing_is_stored(tmp_path):
    path = write(tmp_path, "xau.csv", HEADER
                 + "CDLS-01,Trường A,Trường cao đẳng,Công lập,,06385,\n"
                 + "12345,Trường B,Trường cao đẳng,Công lập,,06385,\n"
                 + "CDLS-03,Trường C,Học viện,Công lập,,06385,\n"
                 + "CDLS-04,Trường D,Trường trung cấp,Công lập,,99999,31/02/2020\n")
    before = OrgUnit.objects.count()
    with pytest.raises(ImportRejected) as caught:
        institutions_import(path=path)
    errors = caught.value.errors
    assert any("xau.csv, dòng 3, cột mã" in e for e in errors)
    assert any("dòng 4, cột loại hình" in e for e in errors)
    assert any("dòng 5, cột mã xã" in e for e in errors)
    assert any("dòng 5" in e and "31/02/2020" in e for e in errors)
    assert OrgUnit.objects.count() == before


def test_xlsx_is_accepted(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Tên", "Loại hình", "Sở hữu", "Mã xã"])
    ws.append(["TCLS-09", "Trường Trung cấp Kỹ thuật", "trung cấp", "tư thục", "06385"])
    path = tmp_path / "cs.xlsx"
    wb.save(path)
    assert [u.name for u in institutions_import(path=path)] == ["Trường Trung cấp Kỹ thuật"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("cs.txt", b"x", "chỉ nhận tệp .csv hoặc .xlsx"), ("cs.csv", b"", "tệp rỗng"),
     ("cs.xlsx", b"not a zip", "không đọc được tệp Excel"), ("cs.csv", b"ten\nA\n", "thiếu cột")],
)
def test_unusable_files_are_refused_with_the_file_name(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRejected) as caught:
        institutions_import(path=path)
    assert name in str(caught.value) and message in str(caught.value)


def test_an_institution_import_refusal_speaks_the_language_of_the_reader(tmp_path):
    path = write(tmp_path, "xau.csv", HEADER + "CDLS-01,,Trường cao đẳng,Công lập,,06385,\n")
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        institutions_import(path=path)
    assert caught.value.errors == ["xau.csv, row 2, name column: must not be empty."]
