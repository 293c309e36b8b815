"""PDF: the text layer (pdftotext, else pypdf); scans without one go through OCR (pdftoppm → tesseract -l vie)."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from gdnn.parsing.errors import DocumentError
from gdnn.parsing.limits import OcrClock, budget
from gdnn.parsing.model import RawDocument

# pypdf reports every oddity of a damaged PDF as a warning; the user gets one line from us instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_MIN_CHARS_PER_PAGE = 40


def _check(data: bytes, path: str) -> int:
    """The page count; DocumentError for encrypted or corrupted files."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:  # pypdf raises several kinds for unsupported encryption
                ok = False
            if not ok:
                raise DocumentError(path, "PDF được mã hóa (có mật khẩu), không đọc được")
        return len(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(path, f"tệp PDF hỏng hoặc không đọc được ({type(exc).__name__})") from exc


def _pdftotext(path: Path) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        res = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return res.stdout.decode("utf-8", errors="replace") if res.returncode == 0 else None


def _pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _ocr(path: Path, pages: int) -> str:
    pdftoppm, tesseract = shutil.which("pdftoppm"), shutil.which("tesseract")
    if pdftoppm is None or tesseract is None:
        raise DocumentError(str(path), "PDF là bản quét không có lớp chữ; cần pdftoppm và tesseract để nhận dạng (OCR)")
    clock = OcrClock(str(path))
    clock.pages_check(pages)
    texts = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            # Page by page, so the OCR budget (pages and seconds) stops it between pages.
            for number in range(1, pages + 1):
                subprocess.run([pdftoppm, "-r", "300", "-gray", "-png", "-f", str(number), "-l", str(number),
                                str(path), f"{tmp}/p"], capture_output=True, timeout=clock.remaining(), check=True)
                for img in sorted(Path(tmp).glob("p*.png")):
                    res = subprocess.run([tesseract, str(img), "stdout", "-l", "vie", "--psm", "4"],
                                         capture_output=True, timeout=clock.remaining(), check=False)
                    texts.append(res.stdout.decode("utf-8", errors="replace"))
                    img.unlink()
        except subprocess.TimeoutExpired as exc:
            clock.remaining()  # raises the budget's message when the time is up
            raise DocumentError(str(path), "không nhận dạng được PDF bản quét (OCR thất bại)") from exc
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocumentError(str(path), "không nhận dạng được PDF bản quét (OCR thất bại)") from exc
    return "\n".join(texts)


def load_pdf(path: Path, data: bytes) -> RawDocument:
    pages = _check(data, str(path))
    if pages > budget().pdf_pages:
        raise DocumentError(str(path), f"PDF có {pages:,} trang; giới hạn là {budget().pdf_pages:,} trang")
    warnings: list[str] = []
    text = _pdftotext(path)
    if text is None:
        try:
            text = _pypdf_text(data)
        except Exception as exc:
            raise DocumentError(str(path), f"không trích được chữ từ PDF ({type(exc).__name__})") from exc
    if len(text.strip()) < _MIN_CHARS_PER_PAGE * max(1, pages):
        text = _ocr(path, pages)
        warnings.append("PDF không có lớp chữ: nội dung được nhận dạng bằng OCR (tesseract, tiếng Việt), cần rà soát")
    if not text.strip():
        raise DocumentError(str(path), "PDF không có nội dung chữ")
    return RawDocument(path.name, text, warnings)
