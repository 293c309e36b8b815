"""ND 30/2020 page set-up and typography for python-docx: A4, margins, Times New Roman, page
numbers in the top margin from page 2, borderless tables, short rules, highlighted notes."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
BODY_PT = 14
TEXT_WIDTH_CM = 16.5  # 210 mm - 30 mm left - 15 mm right


def set_run_font(element, size: float | None = None) -> None:
    """Times New Roman for every script (ASCII, Vietnamese letters, East-Asian, complex)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        sz = rpr.get_or_add_sz()
        sz.set(qn("w:val"), str(int(size * 2)))
        cs = rpr.find(qn("w:szCs"))
        if cs is None:
            cs = OxmlElement("w:szCs")
            sz.addnext(cs)
        cs.set(qn("w:val"), str(int(size * 2)))


def setup_document(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    # 15 mm is 850.4 twips; Word stores whole twips, so 851 keeps the margin inside 15-20 mm.
    section.left_margin, section.right_margin = Mm(30), Twips(851)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT if name == "Normal" else 12)
        set_run_font(style.element, BODY_PT if name == "Normal" else 12)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(6), 1.15
    _page_numbers(section)


def _page_numbers(section) -> None:
    """A centred PAGE field in the header of every page but the first."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        set_run_font(run._r, BODY_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    section.first_page_header.paragraphs[0].text = ""


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
            size: float | None = None) -> Run:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    set_run_font(run._r, size)
    return run


def add_note(paragraph: Paragraph, text: str, size: float | None = None) -> Run:
    """A highlighted "[Đề nghị bổ sung: …]" run: a place the officer must write or check."""
    run = add_run(paragraph, f"[{text}]", italic=True, size=size)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def paragraph(container, text: str = "", *, bold: bool = False, italic: bool = False, size: float | None = None,
              align: str = "justify", indent: bool = False, after: float | None = None,
              before: float | None = None) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    fmt = p.paragraph_format
    if indent:
        fmt.first_line_indent = Cm(1)
    if after is not None:
        fmt.space_after = Pt(after)
    if before is not None:
        fmt.space_before = Pt(before)
    if text:
        add_run(p, text, bold=bold, italic=italic, size=size)
    return p


def short_rule(container, width_cm: float, cell_width_cm: float) -> Paragraph:
    """A centred solid line `width_cm` long: the top border of an empty 2-pt paragraph."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    side = max((cell_width_cm - width_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_before, fmt.space_after = Pt(2), Pt(0)
    fmt.line_spacing = 1.0
    add_run(p, "", size=2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return p


def borderless(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")


def set_widths(table: Table, widths_cm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))


def cell_paragraph(cell: _Cell, text: str = "", **kwargs) -> Paragraph:
    """The cell's first (empty) paragraph the first time, then new ones."""
    first = cell.paragraphs[0]
    p = first if not first.text and not first.runs and len(cell.paragraphs) == 1 and not getattr(
        cell, "_gdnn_used", False) else cell.add_paragraph()
    cell._gdnn_used = True  # type: ignore[attr-defined]
    align = kwargs.pop("align", "center")
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(0), Pt(kwargs.pop("after", 0)), Cm(0)
    fmt.line_spacing = 1.0
    if text:
        add_run(p, text, **kwargs)
    return p


def repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    tr_pr.append(node)
