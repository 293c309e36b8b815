"""Stage 1 — load: a file → its text (RawDocument), whatever form the plan came in.

.txt/.md in UTF-8 (with or without BOM), UTF-16 (BOM), TCVN3 or VNI; .docx (paragraphs and tables
in document order); .pdf with a text layer, or scanned (OCR with tesseract -l vie); .doc through
LibreOffice when it is installed. Anything else raises DocumentError naming the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from gdnn.parsing.errors import DocumentError
from gdnn.parsing.legacy import to_unicode
from gdnn.parsing.limits import budget
from gdnn.parsing.model import RawDocument

MAX_BYTES = 200 * 1024 * 1024
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")


def decode_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes of a text file → Unicode text and warnings (legacy encodings converted)."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        if data.count(b"\x00") > len(data) // 4:
            even, odd = data[0::2].count(0), data[1::2].count(0)
            if odd > 0.3 * len(data) / 2 and even < odd / 4:
                text = data.decode("utf-16-le", errors="replace")
            elif even > 0.3 * len(data) / 2 and odd < even / 4:
                text = data.decode("utf-16-be", errors="replace")
            else:
                raise DocumentError(path, "không phải tệp văn bản (dữ liệu nhị phân)")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace") if _cp1252_ok(data) else data.decode("latin-1")
                warnings.append("tệp không phải UTF-8: đã đọc theo bảng mã 8-bit")
    text, legacy = to_unicode(text)
    if legacy:
        warnings.append(f"đã chuyển bảng mã {legacy.upper()} sang Unicode")
    _reject_binary(text, path)
    return text, warnings


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _reject_binary(text: str, path: str) -> None:
    if not text.strip():
        raise DocumentError(path, "tệp rỗng, không có nội dung văn bản")
    sample = text[:20000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\x0c") or c == "\ufffd")
    if bad > 0.02 * len(sample):
        raise DocumentError(path, "không phải tệp văn bản (dữ liệu nhị phân hoặc bảng mã không nhận ra)")
    letters = sum(c.isalpha() for c in sample)
    if letters < 0.3 * len(sample.replace(" ", "").replace("\n", "")):
        raise DocumentError(path, "không phải tệp văn bản (quá ít chữ)")


def load(path: Path) -> RawDocument:
    name = str(path)
    if not path.exists():
        raise DocumentError(name, "không tìm thấy tệp")
    if path.is_dir():
        raise DocumentError(name, "là thư mục, không phải tệp")
    try:
        size = path.stat().st_size
        if size == 0:
            raise DocumentError(name, "tệp rỗng")
        if size > min(MAX_BYTES, budget().max_bytes):
            raise DocumentError(name, f"tệp quá lớn ({size / 1024 / 1024:.1f} MB; giới hạn "
                                      f"{min(MAX_BYTES, budget().max_bytes) / 1024 / 1024:.0f} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"không đọc được tệp ({exc.strerror})") from exc
    suffix = path.suffix.casefold()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        from gdnn.parsing.load_pdf import load_pdf

        return load_pdf(path, data)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        from gdnn.parsing.load_docx import load_docx

        return load_docx(path, data)
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".doc":
        from gdnn.parsing.load_docx import load_doc

        return load_doc(path)
    if data.startswith(_IMAGE_MAGIC) or suffix in {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp"}:
        raise DocumentError(name, "là tệp ảnh; hãy chuyển thành PDF hoặc văn bản để phân tích")
    if suffix not in _TEXT_SUFFIXES:
        raise DocumentError(name, f"định dạng {suffix} không được hỗ trợ (dùng .txt .md .docx .pdf)")
    text, warnings = decode_text(data, name)
    return RawDocument(path.name, text, warnings)
