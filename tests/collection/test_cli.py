"""`gdnn data ...`: every subcommand has --help; template → import → export round trip; bad input exits 2."""

import json

import pytest

from gdnn.collection.cli import build_parser, main
from gdnn.collection.models import DataValue, DataValueAudit, Submission
from tests.collection.helpers import fill, snapshot

pytestmark = pytest.mark.django_db
KEY = "disability:yes|ethnicity:minority|sex:female|training_level:elementary"
SUBCOMMANDS = ["datasets", "sync", "template", "import", "window", "export"]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([name, "--help"])
    assert exit_.value.code == 0
    assert len(capsys.readouterr().out) > 80


def test_datasets_lists_code_name_level_and_period_type(world, capsys):
    assert main(["datasets", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["INST_SEMIANNUAL"]["org_unit_type"] == "institution"
    assert rows["COMMUNE_ANNUAL"]["period_type"] == "annual"
    assert rows["PROVINCE_ANNUAL"]["name"].startswith("Báo cáo năm của tỉnh")
    assert main(["datasets"]) == 0 and "INST_SEMIANNUAL" in capsys.readouterr().out


def test_template_import_submit_export_round_trip(world, tmp_path, capsys):
    w = world
    xlsx = tmp_path / "mau.xlsx"
    assert main(["template", "--dataset", "INST_SEMIANNUAL", "--org-unit", w.school.code, "--period", w.half.code,
                 "-o", str(xlsx)]) == 0
    xlsx.write_bytes(fill(xlsx.read_bytes(), {("ENROLMENT", KEY): 7, ("MANAGERS", ""): "1.005",
                                              ("INSTITUTION_ACTIVE", ""): 1}))
    assert main(["import", str(xlsx), "--submit", "--as", "baocao"]) == 0
    assert Submission.objects.get(org_unit=w.school).state == "submitted"
    assert DataValue.objects.get(data_element__code="MANAGERS").value == 1005
    assert set(DataValueAudit.objects.values_list("channel", flat=True)) == {"excel"}
    capsys.readouterr()
    assert main(["export", "--period", w.half.code, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["dataValues"]
    assert {"dataelement": "ENROLMENT", "orgunit": w.school.code, "categoryoptioncombo": KEY, "value": "7"}.items() \
        <= next(r for r in rows if r["dataelement"] == "ENROLMENT").items()
    csv_file = tmp_path / "xuat.csv"
    assert main(["export", "--period", w.half.code, "--org-unit", w.province.code, "-o", str(csv_file)]) == 0
    assert csv_file.read_text().splitlines()[0] == \
        "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated"
    assert len(csv_file.read_text().splitlines()) == 4


def test_an_exported_csv_imports_back_into_another_period_unchanged(world, tmp_path):
    w = world
    src = tmp_path / "vao.csv"
    src.write_text("dataelement,period,orgunit,categoryoptioncombo,value\n"
                   f"TEACHERS,{w.half.code},{w.school.code},sex:female,25\n"
                   f"TEACHERS_STANDARD,{w.half.code},{w.school.code},sex:female,20\n", encoding="utf-8")
    assert main(["import", str(src)]) == 0
    before = snapshot(w.half)
    out = tmp_path / "ra.csv"
    assert main(["export", "--period", w.half.code, "-o", str(out)]) == 0
    assert main(["import", str(out)]) == 0  # the same values again: nothing changes
    assert snapshot(w.half) == before
    assert set(DataValueAudit.objects.values_list("channel", flat=True)) == {"csv"}


@pytest.mark.parametrize("argv", [
    ["template", "--dataset", "NOPE", "--org-unit", "x", "--period", "2025S1", "-o", "/tmp/x.xlsx"],
    ["template", "--dataset", "INST_SEMIANNUAL", "--org-unit", "CD-LS-01", "--period", "2025", "-o", "/tmp/x.xlsx"],
    ["import", "/nonexistent/file.csv"],
    ["export", "--period", "2025Q9"],
])
def test_bad_input_exits_2_with_one_clear_line(world, argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err


def test_an_import_outside_the_users_scope_exits_2_and_writes_nothing(world, tmp_path, capsys):
    w = world
    src = tmp_path / "ngoai.csv"
    src.write_text(f"MANAGERS,{w.half.code},{w.far_school.code},,3\n", encoding="utf-8")
    before = snapshot(w.half)
    assert main(["import", str(src), "--as", "baocao"]) == 2
    assert "Dòng 1" in capsys.readouterr().err
    assert snapshot(w.half) == before


def test_a_window_set_from_the_cli_closes_the_period(world, tmp_path, capsys):
    w = world
    past = w.half.previous().code
    assert main(["window", "--dataset", "INST_SEMIANNUAL", "--period", w.half.code, "--opens", "2020-01-01",
                 "--closes", "2020-01-02"]) == 0
    src = tmp_path / "muon.csv"
    # A semicolon-separated file, as Excel writes it in a Vietnamese locale.
    src.write_text(f"dataelement;period;orgunit;categoryoptioncombo;value\nMANAGERS;{w.half.code};{w.school.code};;3\n",
                   encoding="utf-8")
    assert main(["import", str(src), "--as", "baocao"]) == 2
    assert "chỉ mở nhập từ 01/01/2020 đến 02/01/2020" in capsys.readouterr().err
    assert main(["import", str(src), "--as", "canbo"]) == 0  # the approver may still enter
    assert DataValue.objects.get(data_element__code="MANAGERS").value == 3
    assert main(["window", "--dataset", "INST_SEMIANNUAL", "--period", past, "--opens", "2020-01-02",
                 "--closes", "2020-01-01"]) == 2
