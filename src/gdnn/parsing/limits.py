"""The parse budget of a plan document: what a file may cost before it is refused.

The loaders read `budget()`; `parse_limited` (run inside gdnn.common.sandbox by the plan import)
sets it from the Django settings the parent passed in. A plan of a hundred pages needs a few
thousand paragraphs and a few dozen tables; the defaults leave ten times that.
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gdnn.common.archive import ZipBudget, ZipRefused, zip_check
from gdnn.parsing.errors import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class ParseBudget:
    max_bytes: int = 200 * 1024 * 1024
    docx_paragraphs: int = 30_000
    docx_tables: int = 1_000
    docx_cells: int = 100_000
    pdf_pages: int = 500
    ocr_pages: int = 60
    ocr_seconds: float = 240.0
    zip: ZipBudget = field(default_factory=ZipBudget)


_current = ParseBudget()


def budget() -> ParseBudget:
    return _current


def budget_set(value: ParseBudget) -> None:
    global _current
    _current = value


def docx_check(data: bytes, path: str) -> None:
    """DocumentError when the package or its body exceeds the budget; streams, stops at the cap."""
    limits = budget()
    try:
        zip_check(data, limits.zip)
    except ZipRefused as exc:
        raise DocumentError(path, exc.reason) from exc
    from lxml import etree

    paragraphs = tables = cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("word/document.xml") as body:
            for _, el in etree.iterparse(body, events=("end",), tag=(f"{W}p", f"{W}tbl", f"{W}tc"),
                                         resolve_entities=False, no_network=True):
                if el.tag == f"{W}p":
                    paragraphs += 1
                elif el.tag == f"{W}tbl":
                    tables += 1
                else:
                    cells += 1
                if paragraphs > limits.docx_paragraphs:
                    raise DocumentError(path, f"văn bản có quá nhiều đoạn (trên {limits.docx_paragraphs:,}); "
                                              "một kế hoạch bình thường ít hơn nhiều")
                if tables > limits.docx_tables or cells > limits.docx_cells:
                    raise DocumentError(path, f"văn bản có quá nhiều bảng hoặc ô bảng (trên {limits.docx_tables:,} "
                                              f"bảng, {limits.docx_cells:,} ô)")
                el.clear(keep_tail=True)
    except DocumentError:
        raise
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise DocumentError(path, f"tệp DOCX hỏng hoặc không đọc được ({type(exc).__name__})") from exc


class OcrClock:
    """The OCR budget of one document: pages and seconds."""

    def __init__(self, path: str) -> None:
        self.path, self.started = path, time.monotonic()

    def pages_check(self, pages: int) -> None:
        if pages > budget().ocr_pages:
            raise DocumentError(self.path, f"PDF bản quét có {pages} trang; nhận dạng chữ (OCR) chỉ làm "
                                           f"tối đa {budget().ocr_pages} trang — hãy gửi bản có lớp chữ")

    def remaining(self) -> float:
        left = budget().ocr_seconds - (time.monotonic() - self.started)
        if left <= 0:
            raise DocumentError(self.path, f"nhận dạng chữ (OCR) vượt quá {budget().ocr_seconds:.0f} giây; "
                                           "hãy gửi bản PDF có lớp chữ hoặc tệp văn bản")
        return left


def parse_limited(*, path: str, name: str, caps: dict[str, Any]) -> dict[str, Any]:
    """Sandbox entry: parse the file under `limits`; {"data": the draft as a dict, "text": its text}."""
    from gdnn.parsing.pipeline import parse_document

    budget_set(replace(ParseBudget(), **caps))
    try:
        draft = parse_document(Path(path))
    except DocumentError as exc:
        raise DocumentError(name, exc.reason) from None
    return {"data": draft.to_dict(), "text": draft.text}
