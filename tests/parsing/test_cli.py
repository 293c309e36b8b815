"""`gdnn parse` as a command: JSON in the gold schema, a text summary, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gdnn.parsing import cli

from .conftest import GOLDEN, REPO

GOLD_KEYS = {
    "file", "issuer", "doc_number", "date", "level", "title", "references", "targets", "task_groups",
    "agencies", "reporting", "funding_sources",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_the_gold_schema_plus_spans(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(GOLDEN / "commune_plan.txt"), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= GOLD_KEYS
    assert isinstance(data["warnings"], list)
    assert all(isinstance(x, str) for x in data["task_groups"] + data["funding_sources"])
    assert len(data["task_group_spans"]) == len(data["task_groups"])
    for t in data["targets"]:
        assert {"text", "subject", "value_min", "value_max", "unit", "comparator", "year", "indicator", "confidence", "span"} <= set(t)
        assert 0.0 <= t["confidence"] <= 1.0
        assert t["comparator"] in {"ge", "gt", "le", "eq", "range", "approx"}
        assert t["unit"] in {"percent", "persons", "institutions", "occupations", "programs", "other"}
    for a in data["agencies"]:
        assert a["role"] in {"lead", "cooperate", "mixed"}


def test_text_output_is_a_vietnamese_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(GOLDEN / "commune_plan.txt"), "--format", "text")
    assert code == 0
    assert "Cơ quan ban hành: UBND xã Tân Hưng" in out
    assert "Chỉ tiêu (" in out


def test_help_describes_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert "--format" in out and "FILE" in out


def test_bad_arguments_give_status_2_and_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(GOLDEN / "commune_plan.txt"), "--format", "xml")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "junk.bin": bytes(range(256)) * 40,
        "random.txt": bytes((i * 7919 + 13) % 256 for i in range(5000)),
        "image.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        "photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 100,
        "broken.docx": b"PK\x03\x04 this is not a real zip archive",
        "broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
        "blank.txt": b"   \n\n\t  \n",
        "sheet.xlsx": b"PK\x03\x04",
    }
    out = {}
    for name, data in files.items():
        p = tmp / name
        p.write_bytes(data)
        out[name] = p
    zipped = tmp / "notword.docx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "xin chào")
    out["notword.docx"] = zipped
    out["missing.txt"] = tmp / "does-not-exist.txt"
    out["folder"] = tmp
    return out


@pytest.mark.parametrize(
    "name",
    ["empty.txt", "junk.bin", "random.txt", "image.png", "photo.jpg", "broken.docx", "broken.pdf", "blank.txt",
     "sheet.xlsx", "notword.docx", "missing.txt", "folder"],
)
def test_bad_file_gives_status_2_and_one_line_naming_it(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bad_files(tmp_path)[name]
    code, out, err = _run(capsys, str(path))
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert str(path) in lines[0]


def test_encrypted_pdf_gives_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(GOLDEN / "district_table_text_layer.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    code, _, err = _run(capsys, str(path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "mã hóa" in err


def test_doc_without_converter_gives_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gdnn.parsing.load_docx as load_docx

    monkeypatch.setattr(load_docx.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    code, _, err = _run(capsys, str(path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and ".doc" in err


def test_internal_error_gives_status_1_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: str) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(cli, "parse_document", boom)
    code, _, err = _run(capsys, str(GOLDEN / "commune_plan.txt"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_module_entry_point_in_a_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    env_python = sys.executable
    res = subprocess.run(
        [env_python, "-m", "gdnn.parsing.cli", str(bad)], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    ok = subprocess.run(
        [env_python, "-m", "gdnn.parsing.cli", str(GOLDEN / "news_summary.txt")],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["doc_number"] == "84/KH-UBND"
