"""Loaders: the forms real plans come in give the same plan."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from gdnn.parsing import parse_document
from gdnn.parsing.legacy import detect_legacy, tcvn3_to_unicode, vni_to_unicode

from .conftest import GOLDEN
from .fixtures import convert, image_pdf, make_docx, soffice, to_tcvn3, to_vni

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None, reason="tesseract/pdftoppm not installed"
)


def _core(path: Path) -> dict:
    d = parse_document(path).to_dict()
    return {k: d[k] for k in ("issuer", "doc_number", "date", "level", "task_groups", "funding_sources")} | {
        "agencies": [(a["name"], a["role"]) for a in d["agencies"]]
    }


def test_docx_reads_paragraphs_tables_and_automatic_numbering(tmp_path: Path) -> None:
    draft = parse_document(make_docx(tmp_path / "plan.docx"))
    assert draft.issuer == "UBND huyện Định Hóa" and draft.doc_number == "96/KH-UBND" and draft.date == "2024-02-22"
    assert [t.text for t in draft.task_groups] == [
        "Tăng cường tuyên truyền, tư vấn hướng nghiệp",
        "Nâng cao chất lượng đào tạo tại Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
    ]
    got = {(t.year, t.unit, t.value_min, t.value_max, t.comparator) for t in draft.targets}
    assert got == {
        (2025, "percent", 70, 70, "eq"),
        (2025, "persons", 1200, 1300, "range"),
        (2025, "percent", 30, None, "ge"),
    }  # the "Ước thực hiện 2023" column is a baseline, not a target
    assert {t.indicator for t in draft.targets} == {"GDNN.TRAINED_WORKERS", "GDNN.ADMISSIONS", "GDNN.GRAD_THCS_TO_VET"}


@needs_soffice
def test_pdf_with_text_layer_made_by_libreoffice(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "plan.docx")
    pdf = convert(docx, "pdf", tmp_path)
    assert _core(pdf) == _core(docx)


@needs_soffice
def test_legacy_doc_is_converted_with_a_warning(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "src.docx")
    doc = convert(docx, "doc", tmp_path)
    draft = parse_document(doc)
    assert draft.doc_number == "96/KH-UBND"
    assert any("LibreOffice" in w for w in draft.warnings)


@needs_ocr
def test_scanned_pdf_goes_through_ocr(tmp_path: Path) -> None:
    scan = image_pdf(GOLDEN / "district_table_text_layer.pdf", tmp_path / "scan.pdf")
    draft = parse_document(scan)
    assert any("OCR" in w for w in draft.warnings)
    assert draft.doc_number == "96/KH-UBND"
    assert draft.date == "2024-02-22"
    assert len(draft.task_groups) == 2


SAMPLE = "KẾ HOẠCH\nĐào tạo nghề cho lao động nông thôn năm 2024\nII. MỤC TIÊU\n- Tỷ lệ lao động qua đào tạo đạt 60%.\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", SAMPLE.encode("utf-8")),
        ("utf8-bom.txt", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
        ("utf16.txt", SAMPLE.encode("utf-16")),
        ("utf16be.txt", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")),
        ("vni.txt", to_vni(SAMPLE)),
        ("crlf.md", SAMPLE.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_text_encodings_give_the_same_targets(name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    draft = parse_document(path)
    assert [(t.year, t.value_min, t.unit, t.indicator) for t in draft.targets] == [
        (2024, 60, "percent", "GDNN.TRAINED_WORKERS")
    ]


def test_tcvn3_text_from_an_old_document() -> None:
    # bytes as found in documents typed with .VnTime fonts (not produced by our own table)
    old = "KÕ ho¹ch ®µo t¹o nghÒ cho lao ®éng n«ng th«n. Tû lÖ lao ®éng qua ®µo t¹o ®¹t 45%."
    assert detect_legacy(old) == "tcvn3"
    assert tcvn3_to_unicode(old) == "Kế hoạch đào tạo nghề cho lao động nông thôn. Tỷ lệ lao động qua đào tạo đạt 45%."


def test_vni_text_from_an_old_document() -> None:
    old = "Keá hoaïch ñaøo taïo ngheà cho lao ñoäng noâng thoân. Tröôøng Cao ñaúng ngheà."
    assert detect_legacy(old) == "vni"
    assert vni_to_unicode(old) == "Kế hoạch đào tạo nghề cho lao động nông thôn. Trường Cao đẳng nghề."


def test_unicode_vietnamese_is_not_mistaken_for_a_legacy_encoding() -> None:
    assert detect_legacy("Kế hoạch đào tạo nghề cho lao động nông thôn, tỷ lệ đạt 60%.") is None


def test_tcvn3_roundtrip_of_the_test_builder(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(to_tcvn3(SAMPLE))
    draft = parse_document(path)
    assert draft.targets and draft.targets[0].value_min == 60
