import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdnn.common.errors import DomainError
from gdnn.reports import pdf
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db
needs_uno = pytest.mark.skipif(pdf.uno_python() is None,
                               reason="no Python with the uno module (Debian: python3-uno; `make install`)")


@pytest.fixture(autouse=True)
def own_converter(monkeypatch):
    """Each test starts without this process's converter and stops the one it made."""
    monkeypatch.setattr(pdf, "_state", {})
    yield
    pdf.converter_shutdown()


@pytest.fixture
def report(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2024", as_of=ON)
    return data, write_docx(data)


@pytest.fixture
def small_docx() -> bytes:
    """A one-page DOCX: quick to convert, for the tests about restarts and errors."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("BÁO CÁO THỬ NGHIỆM", level=1)
    document.add_paragraph("Tình hình thực hiện Kế hoạch số 141/KH-UBND.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def converter(tmp_path):
    made = pdf.UnoConverter(soffice=pdf.soffice_path(), python=pdf.uno_python() or "", profile_root=tmp_path / "lo")
    yield made
    made.close()


def test_docx_converts_to_a_pdf_through_libreoffice(report, tmp_path):
    _data, docx = report
    content = pdf.docx_to_pdf(docx)
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Lạng Sơn, ngày 05 tháng 02 năm 2026" in text


@needs_uno
def test_the_persistent_converter_makes_the_reports_pdf_with_one_libreoffice(report, converter, tmp_path):
    data, docx = report
    first = converter.convert(docx)
    office = converter.office
    second = converter.convert(docx)
    assert converter.starts == 1 and converter.office is office and office.poll() is None
    for content in (first, second):
        text = _pdf_text(content, tmp_path)
        assert "BÁO CÁO" in text and " ".join(" ".join(data.header.subject).split()) in text
    assert converter.profile is not None and converter.profile.parent == tmp_path / "lo"
    assert _offices_on(converter.profile), "LibreOffice runs on the converter's private profile"


@needs_uno
def test_a_killed_libreoffice_is_restarted_and_the_conversion_retried(small_docx, converter, tmp_path):
    converter.convert(small_docx)
    os.killpg(converter.office.pid, signal.SIGKILL)
    content = converter.convert(small_docx)
    assert converter.starts == 2
    assert "BÁO CÁO THỬ NGHIỆM" in _pdf_text(content, tmp_path)


@needs_uno
def test_a_hung_libreoffice_is_killed_within_the_time_limit_and_restarted(small_docx, converter, tmp_path):
    converter.convert(small_docx)
    hung = converter.office
    os.killpg(hung.pid, signal.SIGSTOP)  # LibreOffice stops answering
    started = time.monotonic()
    content = converter.convert(small_docx, timeout=5)
    assert converter.starts == 2 and hung.returncode is not None
    assert "BÁO CÁO THỬ NGHIỆM" in _pdf_text(content, tmp_path)
    assert time.monotonic() - started < 5 + pdf.START_TIMEOUT_S


@needs_uno
def test_a_document_libreoffice_cannot_read_is_a_clear_error_and_the_office_stays(converter):
    with pytest.raises(DomainError, match="LibreOffice không chuyển được báo cáo sang PDF"):
        converter.convert(b"PK\x03\x04 not a document")
    assert converter.running() and converter.starts == 1


@needs_uno
def test_closing_the_converter_leaves_no_libreoffice(small_docx, converter):
    converter.convert(small_docx)
    profile, office = converter.profile, converter.office
    converter.close()
    assert office.returncode is not None and not _offices_on(profile)


def test_concurrent_converters_never_share_a_profile(tmp_path):
    one, two = (pdf.UnoConverter(soffice="soffice", python="python3", profile_root=tmp_path) for _ in range(2))
    try:
        one._slot_take()
        two._slot_take()
        assert one.profile != two.profile
    finally:
        one.close()
        two.close()


def test_without_a_python_with_uno_pdfs_go_through_one_shot_soffice(report, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "UNO_PYTHONS", (sys.executable,))  # the venv's Python cannot import uno
    assert pdf.uno_python() is None
    content = pdf.docx_to_pdf(report[1])
    assert "BÁO CÁO" in _pdf_text(content, tmp_path)
    assert pdf._state == {"converter": None}


def test_a_converter_that_cannot_start_gives_way_to_one_shot_soffice(small_docx, monkeypatch, tmp_path):
    if pdf.uno_python() is None:
        pytest.skip("no Python with the uno module")
    broken = pdf.UnoConverter(soffice="/bin/true", python=pdf.uno_python(), profile_root=tmp_path / "lo",
                              start_timeout=1)
    with pytest.raises(pdf.ConverterUnavailable, match="không"):
        broken.convert(b"PK")
    broken.close()
    monkeypatch.setattr(pdf, "_state", {"converter": broken})
    content = pdf.docx_to_pdf(small_docx)  # LibreOffice never answers on the pipe: one-shot instead
    assert "BÁO CÁO THỬ NGHIỆM" in _pdf_text(content, tmp_path) and pdf._state == {"converter": None}


def test_missing_soffice_is_one_clear_domain_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DomainError, match="LibreOffice"):
        pdf.docx_to_pdf(b"PK")


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it, whitespace collapsed."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is installed with pdftoppm"
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(content)
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _offices_on(profile: Path) -> list[int]:
    """Pids of the processes running LibreOffice on `profile`."""
    wanted = f"-env:UserInstallation={profile.as_uri()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and wanted in (entry / "cmdline").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@needs_uno
def test_a_warmed_worker_has_libreoffice_running_before_its_first_pdf(settings, tmp_path, small_docx):
    """The worker warms its converter up at start; the first PDF then uses that LibreOffice, and a
    warm-up that comes after the shutdown starts nothing."""
    settings.DATA_DIR = tmp_path
    pdf.converter_warm()
    converter = pdf._state["converter"]
    assert isinstance(converter, pdf.UnoConverter) and converter.running() and converter.starts == 1
    assert pdf.docx_to_pdf(small_docx).startswith(b"%PDF")
    assert converter.starts == 1
    profile = converter.profile
    pdf.converter_shutdown()
    assert not _offices_on(profile)
    converter.start()
    assert not converter.running() and not _offices_on(profile)
