"""Upload bombs (issue 14, item 1): each hostile file is built here, small on disk, and refused on
every path (web upload, CLI, API) within 15 s and 600 MB peak, with nothing written: an export and
the row counts are compared before and after. Run with -s to see each measured cost."""

from __future__ import annotations

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gdnn.accounts.services import apitoken_create
from gdnn.collection.cli import main as data_main
from gdnn.common.errors import DomainError
from gdnn.plans.models import Plan, Target
from gdnn.plans.services import plan_import_document
from tests.abuse import bombs
from tests.abuse.measure import cost
from tests.collection.helpers import snapshot, template_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def state(w) -> tuple:
    return snapshot(w.half, w.half.previous()), Plan.objects.count(), Target.objects.count()


@pytest.fixture
def w(world, client):
    assert client.login(username="baocao", password=PASSWORD)
    world["client"] = client
    world["template"] = template_for(world.inst, world.school, world.half)
    return world


def web_upload(w, name: str, data: bytes) -> str:
    url = f"/data/{w.inst.code}/{w.school.code}/{w.half.code}/upload/"
    response = w.client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "Tệp bị từ chối" in page
    return page


def cli_import(tmp_path, name: str, data: bytes, capsys) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    assert data_main(["import", str(path), "--as", "baocao"]) == 2
    return capsys.readouterr().err


def plan_web_upload(w, name: str, data: bytes) -> str:
    officer = w.client
    officer.logout()
    # force_login: a password check costs argon2's 100 MB, which is not the refusal's cost
    officer.force_login(get_user_model().objects.get(username="canbo"))
    response = officer.post("/plans/", {"file": SimpleUploadedFile(name, data), "org_unit": w.province.code})
    assert response.status_code in (200, 413), response.status_code
    return response.content.decode()


def no_server_path(text: str, *paths: str) -> None:
    for path in ("/tmp", "gdnn-sandbox", os.getcwd(), *paths):
        assert path not in text, text


# -- data templates -------------------------------------------------------------------------------

@pytest.mark.parametrize("cells", [3_000_000, 15_000_000])
def test_an_inflated_template_is_refused_on_the_web_and_by_the_cli(w, tmp_path, capsys, cells):
    bomb = bombs.xlsx_inflated(w.template, cells)
    assert len(bomb) < 1024 * 1024  # small on disk, as the reported ones (111 KB and 490 KB)
    before = state(w)
    with cost() as web:
        page = web_upload(w, "bao-cao.xlsx", bomb)
    assert "bom nén" in page or "giải nén quá lớn" in page
    web.assert_cheap()
    with cost() as cli:
        err = cli_import(tmp_path, "bao-cao.xlsx", bomb, capsys)
    assert "bao-cao.xlsx" in err and ("bom nén" in err or "giải nén quá lớn" in err)
    cli.assert_cheap()
    no_server_path(page + err, str(tmp_path))
    assert state(w) == before


def test_extra_cells_outside_the_template_are_never_read(w):
    """Under the zip budget, a template with many extra rows still reads only its own bounds."""
    from gdnn.collection.excel import template_read

    padded = bombs.xlsx_padded(w.template, 200_000)
    with cost() as spent:
        batch = template_read(data=padded, name="bao-cao.xlsx")
    spent.assert_cheap()
    assert spent.seconds < 5
    assert {(r.element, r.key) for r in batch.rows} == {(r.element, r.key) for r in
                                                          template_read(data=w.template, name="x.xlsx").rows}


def test_a_formula_without_a_cached_result_is_refused_not_read_as_empty(w):
    from gdnn.collection.excel import template_read
    from tests.collection.helpers import cell_refs

    ref = cell_refs(w.template)[("MANAGERS", "")]
    before = state(w)
    page = web_upload(w, "bao-cao.xlsx", bombs.xlsx_formula_without_result(w.template, ref))
    assert f"ô {ref}: ô có công thức" in page
    assert state(w) == before
    with pytest.raises(DomainError):
        template_read(data=bombs.xlsx_formula_without_result(w.template, ref), name="x.xlsx")


def test_a_csv_over_the_upload_limit_is_refused_before_it_is_read(w, tmp_path, capsys):
    before = state(w)
    big = tmp_path / "so-lieu.csv"
    with big.open("wb") as f:  # sparse: 210 MB on paper, nothing on disk
        f.truncate(210 * 1024 * 1024)
    with cost() as spent:
        assert data_main(["import", str(big), "--as", "baocao"]) == 2
    spent.assert_cheap()
    err = capsys.readouterr().err
    assert "quá lớn" in err and "/tmp" not in err
    assert state(w) == before


# -- the API --------------------------------------------------------------------------------------

def test_an_api_body_over_the_limit_is_413_and_hostile_json_is_400(w, client):
    token = apitoken_create(user=w.reporter, name="abuse")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    before = state(w)
    with override_settings(GDNN_UPLOAD_MAX_BYTES=1024 * 1024), cost() as spent:
        response = client.post("/api/v1/datavalues", b"x" * (2 * 1024 * 1024), content_type="text/csv", **auth)
    spent.assert_cheap()
    assert response.status_code == 413 and response.json()["httpStatusCode"] == 413
    for body in ("[" * 100_000 + "]" * 100_000, '{"dataValues": [], "n": ' + "9" * 5001 + "}"):
        with cost() as spent:
            response = client.post("/api/v1/datavalues", body, content_type="application/json", **auth)
        spent.assert_cheap()
        assert response.status_code == 400, response.content[:300]
        assert response.json()["status"] == "ERROR"
    assert state(w) == before


# -- plan documents -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "build", "message"), [
    ("ke-hoach.docx", lambda: bombs.docx_empty_paragraphs(2_000_000), "bom nén"),
    ("ke-hoach.docx", lambda: bombs.docx_numbered_paragraphs(100_000), "quá nhiều đoạn"),
    ("ke-hoach.pdf", lambda: bombs.pdf_blank_pages(3000), "3,000 trang"),
])
def test_a_costly_plan_document_is_refused_on_the_web_and_by_the_service(w, tmp_path, name, build, message):
    bomb = build()
    assert len(bomb) < 600 * 1024
    before = state(w)
    with cost() as web:
        page = plan_web_upload(w, name, bomb)
    web.assert_cheap()
    assert message in page and name in page
    path = tmp_path / name
    path.write_bytes(bomb)
    with cost() as service, pytest.raises(DomainError) as refused:
        plan_import_document(path=path, org_unit=w.province, name=name)
    service.assert_cheap()
    assert message in str(refused.value)
    no_server_path(page + str(refused.value), str(tmp_path))
    assert state(w) == before


def test_ocr_stops_at_its_time_budget(w, tmp_path):
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(bombs.pdf_blank_pages(40))
    before = state(w)
    with override_settings(GDNN_OCR_MAX_SECONDS=3), cost() as spent, pytest.raises(DomainError) as refused:
        plan_import_document(path=path, org_unit=w.province, name="ban-quet.pdf")
    spent.assert_cheap()
    assert "OCR" in str(refused.value) and "3 giây" in str(refused.value)
    assert state(w) == before


def test_a_plan_file_over_the_upload_limit_is_refused_without_naming_the_server_path(w, tmp_path):
    before = state(w)
    with override_settings(GDNN_UPLOAD_MAX_BYTES=256 * 1024), cost() as spent:
        page = plan_web_upload(w, "ke-hoach.txt", b"Ke hoach " * 60_000)
    spent.assert_cheap()
    assert "quá lớn" in page
    no_server_path(page)
    big = tmp_path / "ke-hoach.txt"
    with big.open("wb") as f:
        f.truncate(210 * 1024 * 1024)
    with cost() as spent, pytest.raises(DomainError) as refused:
        plan_import_document(path=big, org_unit=w.province)
    spent.assert_cheap()
    assert str(refused.value).startswith("ke-hoach.txt: tệp quá lớn")
    assert state(w) == before


# -- the sandbox itself ---------------------------------------------------------------------------

def test_the_sandbox_kills_a_runaway_parse_by_cpu_memory_and_clock():
    from gdnn.common.sandbox import LimitExceeded, Limits, sandbox_call

    with cost() as spent, pytest.raises(LimitExceeded) as cpu:
        sandbox_call("tests.abuse.runaway:spin", limits=Limits(cpu_seconds=1, wall_seconds=10))
    assert cpu.value.what == "cpu" and spent.seconds < 5
    with cost() as spent, pytest.raises(LimitExceeded) as memory:
        sandbox_call("tests.abuse.runaway:hog", limits=Limits(memory_bytes=300 * 2**20))
    assert memory.value.what == "memory" and spent.child_peak < 400 * 2**20
    with cost() as spent, pytest.raises(LimitExceeded) as clock:
        sandbox_call("tests.abuse.runaway:sleep", limits=Limits(wall_seconds=1))
    assert clock.value.what == "wall" and spent.seconds < 3
    assert json.dumps(sandbox_call("tests.abuse.runaway:echo", value=[1, "a"])) == '[1, "a"]'
