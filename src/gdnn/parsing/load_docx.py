"""DOCX (paragraphs and tables in document order, automatic numbering rendered) and .doc via LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from gdnn.parsing.errors import DocumentError
from gdnn.parsing.limits import docx_check
from gdnn.parsing.model import RawDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(fmt: str, n: int) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return "abcdefghiklmnopqrstuvxy"[(n - 1) % 23]
    if fmt == "upperLetter":
        return "ABCDEFGHIKLMNOPQRSTUVXY"[(n - 1) % 23]
    return str(n)


class _Numbering:
    """Renders Word's automatic list numbering ("1.", "a)", "-") that python-docx leaves out."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[str, tuple[str, str]]] = {}
        for a in root.findall(f"{W}abstractNum"):
            lv = {}
            for lvl in a.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                lv[lvl.get(f"{W}ilvl", "0")] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                )
            abstract[a.get(f"{W}abstractNumId", "")] = lv
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{W}val", ""), {}).items():
                self.levels[(num.get(f"{W}numId", ""), ilvl)] = spec

    def marker(self, p: Any, style_num_pr: Any = None) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None and style_num_pr is not None:
            num_pr = style_num_pr
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
        num_id = num_id_el.get(f"{W}val", "") if num_id_el is not None else ""
        ilvl = ilvl_el.get(f"{W}val", "0") if ilvl_el is not None else "0"
        fmt, text = self.levels.get((num_id, ilvl), ("bullet", "-"))
        if fmt == "bullet" or fmt == "none":
            return "-"
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, 0) + 1
        for (nid, lvl), _ in list(self.counters.items()):
            if nid == num_id and lvl > ilvl:
                self.counters[(nid, lvl)] = 0
        return text.replace(f"%{int(ilvl) + 1}", _format(fmt, self.counters[key])) or "-"


_LAYOUT_WORDS = ("CỘNG HÒA", "CỘNG HOÀ", "Số:", "Nơi nhận", "TM.", "KT.", "T/M")


def _unique_cells(row: Any) -> list[Any]:
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _is_layout_table(table: Any) -> bool:
    """The borderless tables ND 30/2020 documents use for the header and signature blocks."""
    rows = table.rows
    if len(rows) > 3:
        return False
    text = " ".join(c.text for r in rows for c in _unique_cells(r))
    return any(w in text for w in _LAYOUT_WORDS)


def _style_num_pr(para: Any) -> Any:
    style = para.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None


def _cell_text(cell: Any) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def docx_text(data: bytes, path: str) -> str:
    docx_check(data, path)  # the package and its body within the parse budget, before python-docx
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ImportError) as exc:
        raise DocumentError(path, f"tệp DOCX hỏng hoặc không đọc được ({type(exc).__name__})") from exc
    except Exception as exc:  # lxml and python-docx raise many kinds on broken packages
        raise DocumentError(path, f"tệp DOCX hỏng hoặc không đọc được ({type(exc).__name__})") from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}p":
            para = Paragraph(el, document)
            text = para.text.strip()
            marker = numbering.marker(el, _style_num_pr(para))
            if text:
                lines.append(f"{marker} {text}" if marker else text)
            else:
                lines.append("")
        elif el.tag == f"{W}tbl":
            lines.append("")
            table = Table(el, document)
            if _is_layout_table(table):
                for row in table.rows:
                    for cell in _unique_cells(row):
                        lines.extend(p.text.strip() for p in cell.paragraphs)
                        lines.append("")
                continue
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_cell_text(cell).replace("|", "/"))
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


def load_docx(path: Path, data: bytes) -> RawDocument:
    text = docx_text(data, str(path))
    if not text.strip():
        raise DocumentError(str(path), "tệp DOCX không có nội dung chữ")
    return RawDocument(path.name, text)


OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def load_doc(path: Path) -> RawDocument:
    head = path.read_bytes()[:4096]
    # A Word 97–2003 file is an OLE compound file: its 8-byte signature, a 512-byte header, sectors.
    if not head.startswith(OLE_SIGNATURE) or len(head) < 1536:
        raise DocumentError(str(path), "tệp .doc hỏng (không phải tệp Word 97–2003 hợp lệ)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(str(path), "định dạng .doc cũ cần LibreOffice (soffice) để chuyển sang .docx; hãy lưu lại thành .docx")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                capture_output=True,
                timeout=180,
                check=False,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DocumentError(str(path), "không chuyển được tệp .doc bằng LibreOffice") from exc
        out = Path(tmp) / (path.stem + ".docx")
        if not out.exists():
            raise DocumentError(str(path), "tệp .doc hỏng hoặc LibreOffice không chuyển được")
        doc = load_docx(path, out.read_bytes())
    doc.warnings.append("tệp .doc đã được chuyển sang .docx bằng LibreOffice (soffice)")
    return doc
