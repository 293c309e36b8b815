"""Imports: DHIS2-produced files (written by hand from DHIS2's documentation) through the code
mappings; dry runs change nothing; a bad file is refused whole, naming its line and element; the
scope of the importing user is the write service's."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from gdnn.collection.models import DataValue, DataValueAudit, Submission
from gdnn.collection.uploads import ImportRejected
from gdnn.common.errors import PermissionDenied
from gdnn.exchange.mappings import codemappings_import
from gdnn.exchange.models import CodeMapping
from gdnn.exchange.services import exchange_import

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


def _state() -> tuple:
    return (tuple(DataValue.objects.order_by("pk").values_list("data_element__code", "disaggregation", "value")),
            DataValueAudit.objects.count(), Submission.objects.count())


@pytest.fixture
def mapped(world):
    w = world
    csv = (FIXTURES / "dhis2_mappings.csv").read_bytes()
    # The partner's periods for the half-year now open (DXF2 id and ADX ISO form) map onto GDNN's.
    csv += f"dhis2-bo,period,2026S2,{w.half.code},\ndhis2-bo,period,2026-07-01/P6M,{w.half.code},\n".encode()
    assert codemappings_import(data=csv, name="dhis2_mappings.csv", by=w.admin) == 18
    return w


@pytest.mark.parametrize("name,fmt", [("dhis2_datavalueset.json", "dxf2"), ("dhis2_adx.xml", "adx")])
def test_a_dhis2_file_imports_through_the_mappings(mapped, name, fmt):
    w = mapped
    data = (FIXTURES / name).read_bytes()
    summary = exchange_import(data=data, name=name, fmt=fmt, by=w.reporter, system="dhis2-bo")
    assert summary.status == "SUCCESS", summary.conflicts
    assert summary.as_dict()["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    values = {(e, k): v for e, k, v in DataValue.objects.filter(org_unit=w.school, period=w.half.code)
              .values_list("data_element__code", "disaggregation", "value")}
    assert values == {("MANAGERS", ""): Decimal(12), ("TEACHERS", "sex:female"): Decimal(7),
                      ("ENROLMENT", KEY): Decimal(120)}
    assert set(DataValueAudit.objects.values_list("channel", "by__username")) == {(fmt, "baocao")}


def test_without_the_mappings_the_dhis2_uids_are_refused_by_name(mapped):
    w = mapped
    data = (FIXTURES / "dhis2_datavalueset.json").read_bytes()
    summary = exchange_import(data=data, name="x.json", fmt="dxf2", by=w.reporter)
    assert summary.status == "ERROR" and summary.ignored == 3 and _state()[0] == ()
    assert summary.conflicts[0]["object"] == "dataValues[0] (dataElement “f7n9E0hX8qk”)"


def test_a_dry_run_counts_and_changes_nothing(mapped):
    w = mapped
    data = (FIXTURES / "dhis2_adx.xml").read_bytes()
    exchange_import(data=data, name="a.xml", fmt="adx", by=w.reporter, system="dhis2-bo")
    before = _state()
    changed = data.replace(b'value="120"', b'value="121"')
    summary = exchange_import(data=changed, name="a.xml", fmt="adx", by=w.reporter, system="dhis2-bo", dry_run=True)
    assert summary.status == "SUCCESS" and summary.dry_run
    assert (summary.imported, summary.updated, summary.ignored) == (0, 1, 2)
    assert _state() == before


def test_a_bad_adx_file_is_refused_whole_naming_line_and_element(mapped):
    w = mapped
    data = (FIXTURES / "dhis2_adx.xml").read_bytes().replace(b'value="7"', 'value="bảy"'.encode())
    summary = exchange_import(data=data, name="a.xml", fmt="adx", by=w.reporter, system="dhis2-bo")
    assert summary.status == "ERROR" and _state() == ((), 0, 0)
    assert summary.conflicts == [{"object": "Dòng 7 (dataElement “TEACHERS_HC”)",
                                  "value": "“bảy” không phải là số (ví dụ đúng: 1.234 hoặc 32,5)."}]


@pytest.mark.parametrize("data,expected", [
    (b'<adx xmlns="urn:ihe:qrph:adx:2015">\n<group orgUnit="x" period="2025"\n</adx>', "dòng 3"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE adx [<!ENTITY a "aaaa">]>\n<adx>&a;</adx>', "DOCTYPE"),
    (b'<adx xmlns="urn:ihe:qrph:adx:2015">\n<group orgUnit="CD-LS-01" period="2025-03-01/P1M">'
     b'<dataValue dataElement="MANAGERS" value="1"/></group></adx>', "Dòng 2: kỳ “2025-03-01/P1M”"),
    (b'<adx xmlns="urn:ihe:qrph:adx:2015">\n<group orgUnit="CD-LS-01" period="2025">\n'
     b'<dataValue dataElement="MANAGERS"/></group></adx>', "Dòng 3 (dataElement “MANAGERS”): <dataValue> cần"),
    (b"<html><body/></html>", "phần tử gốc phải là <adx>"),
])
def test_malformed_adx_is_refused_with_its_line(world, data, expected):
    summary = exchange_import(data=data, name="bad.xml", fmt="adx", by=world.admin)
    assert summary.status == "ERROR" and _state() == ((), 0, 0)
    text = " ".join(f"{c['object']}: {c['value']}" for c in summary.conflicts)
    assert expected in text, text


def test_a_reporter_cannot_import_for_another_school(world):
    w = world
    body = (f'{{"period": "{w.half.code}", "orgUnit": "{w.far_school.code}", "dataValues": '
            '[{"dataElement": "MANAGERS", "value": "3"}]}').encode()
    summary = exchange_import(data=body, name="x.json", fmt="dxf2", by=w.reporter)
    assert summary.status == "ERROR" and _state() == ((), 0, 0)
    assert "không có quyền" in summary.conflicts[0]["value"]
    ok = exchange_import(data=body, name="x.json", fmt="dxf2", by=w.far_reporter)
    assert ok.status == "SUCCESS" and ok.imported == 1


def test_the_mapping_csv_is_checked_whole_and_only_for_a_national_admin(world):
    w = world
    bad = (b"system,kind,external_code,code\nbo,orgunit,A1,CD-LS-01\nbo,dataelement,B2,NO_SUCH\n"
           b"bo,colour,C3,x\nbo,coc,D4,sex:unknown\n")
    with pytest.raises(ImportRejected) as refused:
        codemappings_import(data=bad, name="m.csv", by=w.admin)
    assert [e.split(":")[0] for e in refused.value.errors] == ["Dòng 3 (B2)", "Dòng 4 (C3)", "Dòng 5 (D4)"]
    assert not CodeMapping.objects.exists()
    with pytest.raises(PermissionDenied):
        codemappings_import(data=bad, name="m.csv", by=w.officer)


def test_an_export_for_the_system_speaks_its_codes_and_imports_back(mapped):
    from gdnn.exchange.exports import exchange_export
    from gdnn.exchange.selectors import export_scope

    w = mapped
    data = (FIXTURES / "dhis2_datavalueset.json").read_bytes()
    exchange_import(data=data, name="d.json", fmt="dxf2", by=w.reporter, system="dhis2-bo")
    scope = export_scope(user=w.officer, root=w.school, start=w.half.code, end=w.half.code, all_states=True)
    pieces, _, _ = exchange_export(user=w.officer, scope=scope, fmt="dxf2", system="dhis2-bo")
    text = "".join(pieces)
    assert '"orgUnit": "DiszpKrYNg8"' in text and '"categoryOptionCombo": "HllvX50cXC0"' in text
    assert '"dataElement": "ENROL"' in text and '"categoryOptionCombo": "rCMUTmcreqP"' in text
    again = exchange_import(data=text.encode(), name="d.json", fmt="dxf2", by=w.reporter, system="dhis2-bo")
    assert again.status == "SUCCESS" and again.ignored == 3


def test_an_exchange_refusal_speaks_the_language_of_the_reader(world):
    w = world
    bad = b"system,kind,external_code,code\nbo,dataelement,B2,NO_SUCH\n"
    with translation.override("en"), pytest.raises(ImportRejected) as refused:
        codemappings_import(data=bad, name="m.csv", by=w.admin)
    assert refused.value.errors == ["Line 2 (B2): there is no data element with code “NO_SUCH”."]
    data = (b'<adx xmlns="urn:ihe:qrph:adx:2015">\n<group orgUnit="CD-LS-01" period="2025">\n'
            b'<dataValue dataElement="MANAGERS"/></group></adx>')
    with translation.override("en"):
        summary = exchange_import(data=data, name="bad.xml", fmt="adx", by=w.admin)
    assert summary.description == "The file was refused; nothing was written."
    assert summary.conflicts[0]["value"] == "<dataValue> needs the attributes dataElement and value."
