import io

import docx
import pytest
from openpyxl import load_workbook

from gdnn.reports.cli import build_parser, main

pytestmark = pytest.mark.django_db


def test_help_names_the_contract(capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for option in ("--plan", "--org-unit", "--period", "--format", "-o"):
        assert option in out


def test_report_is_written_as_docx_and_xlsx(seeded, tmp_path, capsys):
    plan, _, _ = seeded
    target = tmp_path / "bao-cao.docx"
    args = ["--plan", "141/kh-ubnd", "--org-unit", "20", "--period", "2025", "--date", "2026-02-05"]
    assert main([*args, "--format", "docx", "-o", str(target)]) == 0
    texts = [p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs]
    assert "BÁO CÁO" in texts
    assert main(["--plan", f"#{plan.pk}", *args[2:], "--format", "xlsx", "-o", str(tmp_path / "b.xlsx")]) == 0
    assert load_workbook(tmp_path / "b.xlsx").sheetnames == ["Chỉ tiêu", "Số liệu"]
    assert "năm 2025" in capsys.readouterr().out


@pytest.mark.parametrize(("change", "message"), [
    ({"--plan": "999/KH-UBND"}, "Không có kế hoạch số 999/KH-UBND"),
    ({"--org-unit": "99999"}, "Không có đơn vị mã 99999"),
    ({"--period": "2025S3"}, "Kỳ báo cáo không hợp lệ"),
    ({"--org-unit": "01"}, "không thuộc địa bàn"),
    ({"--date": "05/02/2026"}, "Ngày không hợp lệ"),
])
def test_bad_input_is_exit_2_with_one_line(lang_son, tmp_path, capsys, change, message):
    options = {"--plan": "141/KH-UBND", "--org-unit": "20", "--period": "2025", "--date": "2026-02-05",
               "--format": "docx", "-o": str(tmp_path / "x.docx"), **change}
    assert main([x for pair in options.items() for x in pair]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()
