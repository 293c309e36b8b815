import shutil
import subprocess

import pytest

from gdnn.common.errors import DomainError
from gdnn.reports import pdf
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


def test_docx_converts_to_a_pdf_through_libreoffice(seeded, tmp_path):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2024", as_of=ON)
    content = pdf.docx_to_pdf(write_docx(data))
    assert content.startswith(b"%PDF-")
    (tmp_path / "bao-cao.pdf").write_bytes(content)
    text = _pdf_text(tmp_path / "bao-cao.pdf")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Lạng Sơn, ngày 05 tháng 02 năm 2026" in text


def _pdf_text(path) -> str:
    """The PDF's text as poppler's pdftotext reads it, whitespace collapsed."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is installed with pdftoppm"
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_missing_soffice_is_one_clear_domain_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DomainError, match="LibreOffice"):
        pdf.docx_to_pdf(b"PK")

