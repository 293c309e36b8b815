"""Hostile files, generated small: what an adversarial run against the demo used (issue 14)."""

from __future__ import annotations

import io
import zipfile

SHEET_XML = "xl/worksheets/sheet1.xml"


def _rewrite(data: bytes, name: str, change=None, insert: tuple[bytes, bytes, int] | None = None) -> bytes:
    """The package with entry `name` changed, or with `insert` = (before, chunk, times) streamed in."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == name and change is not None:
                body = change(body)
            if info.filename == name and insert is not None:
                before, chunk, times = insert
                head, _, tail = body.partition(before)
                block = chunk * 40_000
                with dst.open(info.filename, "w", force_zip64=True) as f:  # streamed: never all in memory
                    f.write(head)
                    for _ in range(times // 40_000):
                        f.write(block)
                    f.write(chunk * (times % 40_000) + before + tail)
                continue
            dst.writestr(info.filename, body)
    return out.getvalue()


def xlsx_inflated(template: bytes, cells: int) -> bytes:
    """A real template whose visible sheet gets `cells` extra cells after its own rows."""
    return _rewrite(template, SHEET_XML, insert=(b"</sheetData>", b"<row><c><v>1</v></c></row>", cells))


def xlsx_formula_without_result(template: bytes, ref: str) -> bytes:
    """The template with a formula and no cached value in cell `ref` (as LibreOffice scripts can write)."""
    import re

    def change(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*?)(/>|>.*?</c>)', re.S)
        return pattern.sub(lambda m: b"<c r=\"" + ref.encode() + b"\"" + m.group(1) + b"><f>1+1</f></c>", xml, count=1)

    return _rewrite(template, SHEET_XML, change)


def docx(body_xml: bytes) -> bytes:
    """A minimal Word package whose body is `body_xml`."""
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + w
                   + b"><w:body>" + body_xml + b"</w:body></w:document>", compresslevel=9)
    return out.getvalue()


def docx_empty_paragraphs(count: int) -> bytes:
    return docx(b"<w:p/>" * count)


def docx_numbered_paragraphs(count: int) -> bytes:
    """Paragraphs that differ (so they compress like real text, under the ratio check)."""
    return docx(b"".join(b"<w:p><w:r><w:t>Muc %d nam %d</w:t></w:r></w:p>" % (i, 2000 + i % 97)
                         for i in range(count)))


def pdf_blank_pages(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_padded(template: bytes, rows: int) -> bytes:
    """The template with `rows` extra rows of random text: little compression, under the zip budget."""
    import os

    extra = b"".join(b"<row><c t=\"inlineStr\"><is><t>%s</t></is></c></row>" % os.urandom(12).hex().encode()
                     for _ in range(rows))
    return _rewrite(template, SHEET_XML, lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>"))
