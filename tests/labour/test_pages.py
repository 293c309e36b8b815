"""The officer's pages in scope and out of it; waves opened from the province page; the table
reader never crashes on any input."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnn.accounts.models import Role
from gdnn.common.sandbox import Refused
from gdnn.labour.models import Link, Wave, token_hash
from gdnn.labour.tables import table_read
from gdnn.orgunits.models import OrgUnit
from tests.factories import user_with_role
from tests.labour.helpers import closes, college, world


@pytest.mark.django_db
def test_pages_for_the_officer_the_viewer_and_someone_out_of_scope(client):
    w = world(enterprises=6)
    client.force_login(w["officer"])
    assert client.get("/labour/").url == "/labour/20/"  # one province in scope: straight to it
    page = client.get("/labour/20/").content.decode()
    assert "Nhập danh sách doanh nghiệp" in page and "6 doanh nghiệp trong danh sách" in page
    for url in ("/labour/20/gaps/?year=2025", "/labour/20/forecast/", "/labour/occupations/",
                "/labour/20/gaps/charts.json?year=2025"):
        assert client.get(url).status_code == 200, url
    assert "Nhập danh mục của Bộ" not in client.get("/labour/occupations/").content.decode()
    assert client.post("/labour/occupations/", {"file": _file("dm.csv", "mã,tên,trình độ\nX1,Y,cao đẳng\n")}
                       ).status_code == 403
    client.force_login(user_with_role("trunguong", Role.SYSTEM_ADMIN, None))
    assert "Nhập danh mục của Bộ" in client.get("/labour/occupations/").content.decode()
    client.force_login(w["viewer"])
    page = client.get("/labour/20/").content.decode()
    assert "6 doanh nghiệp" in page and "Nhập danh sách doanh nghiệp" not in page
    other = OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, valid_to__isnull=True).exclude(code="20").first()
    client.force_login(user_with_role("tinh.khac", Role.PROVINCE_OFFICER, other))
    assert client.get("/labour/20/").status_code == 404
    assert client.get("/labour/20/forecast/").status_code == 404


@pytest.mark.django_db
def test_waves_are_opened_from_the_province_page(client):
    w = world(enterprises=12)
    school = college(w["commune"])
    client.force_login(w["officer"])
    response = client.post("/labour/20/", {"action": "employer", "title": "Đợt 1", "year": "2026",
                                           "sample_size": "12", "closes_on": closes().isoformat()})
    wave = Wave.objects.get(title="Đợt 1")
    assert response.status_code == 200 and wave.links.count() == 12
    # The full links are shown this once (only their hashes are stored) and each one works.
    page = response.content.decode()
    tokens = set(re.findall(r'value="[^"]*/s/([A-Za-z0-9_-]{43})/"', page))
    assert {token_hash(t) for t in tokens} == set(wave.links.values_list("token_hash", flat=True))
    assert all(t not in client.get(f"/labour/waves/{wave.pk}/").content.decode() for t in tokens)
    client.post("/labour/20/", {"action": "graduates", "institution": school.pk, "file": _file(
        "tn.csv", "mã người học,họ và tên,mã nghề,ngày tốt nghiệp\nA1,Hà Văn Bình,6520227,01/07/2025\n")})
    client.post("/labour/20/", {"action": "tracer", "title": "Đợt TN", "year": "2025", "months_after": "12",
                                "institutions": [school.pk], "closes_on": closes().isoformat()})
    tracer = Wave.objects.get(title="Đợt TN")
    assert tracer.months_after == 12 and Link.objects.filter(wave=tracer, graduate__full_name="Hà Văn Bình").exists()
    response = client.post("/labour/20/", {"action": "employer", "title": "Đợt cũ", "year": "2026",
                                           "sample_size": "12", "closes_on": "2020-01-01"}, follow=True)
    assert "Ngày kết thúc khảo sát đã qua." in response.content.decode()
    client.force_login(w["viewer"])
    client.post("/labour/20/", {"action": "employer", "title": "Đợt của người xem", "year": "2026",
                                "sample_size": "4", "closes_on": closes().isoformat()})
    assert not Wave.objects.filter(title="Đợt của người xem").exists()


def _file(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode())


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_the_table_reader_never_crashes(data, suffix):
    try:
        rows = table_read(data=data, name=f"x{suffix}")
    except Refused as exc:
        assert exc.errors and all("x" + suffix in e for e in exc.errors)
    else:
        assert suffix == ".csv" and all(isinstance(c, str) for row in rows for c in row)


@pytest.mark.django_db
def test_an_institution_sends_its_own_graduate_list(client):
    w = world(enterprises=1)
    school = college(w["commune"])
    reporter = user_with_role("truong.ld", Role.INSTITUTION_REPORTER, school)
    client.force_login(reporter)
    assert f"/labour/institutions/{school.code}/graduates/" in client.get("/labour/").content.decode()
    response = client.post(f"/labour/institutions/{school.code}/graduates/", {"file": _file(
        "tn.csv", "mã người học,họ và tên,mã nghề,ngày tốt nghiệp\nB1,Vi Thị Mai,6720301,15/07/2025\n")})
    assert response.status_code == 302
    page = client.get(f"/labour/institutions/{school.code}/graduates/").content.decode()
    assert "6720301" in page and "Vi Thị Mai" not in page  # counts, not names
    bad = client.post(f"/labour/institutions/{school.code}/graduates/", {"file": _file(
        "tn.csv", "mã người học,họ và tên,mã nghề,ngày tốt nghiệp\nB2,Lò Văn Tú,6720301,hôm qua\n")})
    assert bad.status_code == 400 and "tn.csv, dòng 2, cột “ngày tốt nghiệp”" in bad.content.decode()
    other = college(w["commune"], "LS-CD-T2", "Trường khác")
    assert client.get(f"/labour/institutions/{other.code}/graduates/").status_code == 404
