"""The exchange pages: the import page's dry run and summary, the mapping upload for a national
administrator only, ADX/DXF2 downloads within the user's scope."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gdnn.collection.models import DataValue
from gdnn.exchange.models import CodeMapping
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def _dxf2(w) -> bytes:
    return (f'{{"period": "{w.half.code}", "orgUnit": "{w.school.code}", '
            '"dataValues": [{"dataElement": "MANAGERS", "value": "4"}]}').encode()


def test_the_import_page_dry_runs_then_imports(world, client):
    w = world
    assert client.login(username="baocao", password=PASSWORD)
    page = client.post("/exchange/import/", {"file": SimpleUploadedFile("x.json", _dxf2(w)), "dry_run": "on"})
    assert page.status_code == 200 and "SUCCESS" in page.content.decode() and not DataValue.objects.exists()
    client.post("/exchange/import/", {"file": SimpleUploadedFile("x.json", _dxf2(w))})
    assert DataValue.objects.get().value == 4
    refused = client.post("/exchange/import/", {"file": SimpleUploadedFile("x.txt", b"hello")})
    assert "chỉ nhận tệp ADX (.xml) hoặc DXF2 (.json)" in refused.content.decode()
    download = client.get("/exchange/download/", {"start": w.half.code, "org_unit": w.school.code,
                                                  "all_states": "on", "format": "adx"})
    assert download.status_code == 200 and b'value="4"' in b"".join(download.streaming_content)
    far = client.get("/exchange/download/", {"start": w.half.code, "org_unit": w.far_school.code, "format": "adx"})
    assert far.status_code == 404


def test_only_a_national_administrator_uploads_mappings(world, client):
    data = (FIXTURES / "dhis2_mappings.csv").read_bytes()
    assert client.login(username="canbo", password=PASSWORD)
    assert client.post("/exchange/mappings/", {"file": SimpleUploadedFile("m.csv", data)}).status_code == 404
    assert not CodeMapping.objects.exists()
    client.logout()
    assert client.login(username="quantri", password=PASSWORD)
    assert client.post("/exchange/mappings/", {"file": SimpleUploadedFile("m.csv", data)}).status_code == 302
    listing = client.get("/exchange/mappings/", {"system": "dhis2-bo"}).content.decode()
    assert "DiszpKrYNg8" in listing and CodeMapping.objects.count() == 16
