"""The DOCX read back with python-docx: the ND 30/2020 layout a reviewer would check."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gdnn.reports.docx_writer import TARGET_HEADERS, write_docx
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2025S1", as_of=ON)
    return data, docx.Document(io.BytesIO(write_docx(data)))


def _texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return out


def _runs_with(document, text: str):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == text:
                        return p.runs
    return next(p.runs for p in document.paragraphs if p.text == text)


def test_page_is_a4_portrait_with_the_nd30_margins(report):
    _, document = report
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) <= Mm(1) and abs(section.page_height - Mm(297)) <= Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def test_body_font_is_times_new_roman_14_for_every_script(report):
    _, document = report
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size in (Pt(13), Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}


def test_page_number_field_in_the_header_from_page_two(report):
    _, document = report
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in header_xml
    assert not section.first_page_header.paragraphs[0].text.strip()


def test_quoc_hieu_tieu_ngu_agency_number_place_and_date(report):
    _data, document = report
    texts = _texts(document)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
                     "TỈNH LẠNG SƠN", "Lạng Sơn, ngày 05 tháng 02 năm 2026"):
        assert expected in texts
    assert any(t.startswith("Số:") and t.endswith("/BC-UBND") for t in texts)
    quoc_hieu = _runs_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0]
    assert quoc_hieu.bold and quoc_hieu.font.size in (Pt(12), Pt(13))
    tieu_ngu = _runs_with(document, "Độc lập - Tự do - Hạnh phúc")[0]
    assert tieu_ngu.bold and tieu_ngu.font.size in (Pt(13), Pt(14))
    assert _runs_with(document, "Lạng Sơn, ngày 05 tháng 02 năm 2026")[0].italic
    header_table = document.tables[0]
    assert header_table._tbl.tblPr.find(qn("w:tblBorders")) is not None  # borderless, explicitly


def test_title_subject_basis_and_the_five_sections(report):
    _, document = report
    texts = [p.text for p in document.paragraphs]
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.alignment == 1  # centred
    assert "Kết quả thực hiện Kế hoạch số 141/KH-UBND ngày 15/6/2022" in texts
    assert "của UBND tỉnh Lạng Sơn 6 tháng đầu năm 2025" in texts
    basis = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch số 141/KH-UBND"))
    assert basis.runs[0].italic
    headings = ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ THỰC HIỆN", "1. Kết quả thực hiện các chỉ tiêu",
                "2. Kết quả thực hiện các nhiệm vụ, giải pháp", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm",
                "2. Tồn tại, hạn chế", "3. Nguyên nhân", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025",
                "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)


def test_target_table_has_the_eight_headers_and_one_row_per_target(report):
    data, document = report
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert [c.text for c in table.rows[0].cells] == TARGET_HEADERS
    assert len(table.rows) == 1 + len(data.targets)
    cert = next(r for r in table.rows[1:] if r.cells[1].text.startswith("Tỷ lệ lao động qua đào tạo có bằng"))
    # the last year's figure, marked as such, with the communes behind it out of the province's 65
    assert cert.cells[4].text == "25,0%\n(2024)\n[2/65 đơn vị]"
    assert cert.cells[6].text == "23,0%\n(+2,0 điểm %)"
    assert cert.cells[7].text == "Chậm tiến độ"


def test_parts_for_the_officer_are_highlighted(report):
    _, document = report
    notes = [r for p in document.paragraphs for r in p.runs if r.text.startswith("[Đề nghị bổ sung")]
    assert len(notes) >= 5 and all(r.font.highlight_color is not None for r in notes)


def test_charts_are_embedded_as_pictures(report):
    _, document = report
    assert len(document.inline_shapes) >= 2  # the certificate series and the commune ranking


def test_noi_nhan_and_signature(report):
    _data, document = report
    runs = _runs_with(document, "Nơi nhận:")
    assert runs[0].bold and runs[0].italic and runs[0].font.size == Pt(12)
    texts = _texts(document)
    assert "- Lưu: VT." in texts
    assert _runs_with(document, "- Lưu: VT.")[0].font.size == Pt(11)
    assert "KT. CHỦ TỊCH" in texts and "PHÓ CHỦ TỊCH" in texts


def test_an_institutions_report_puts_its_managing_agency_above_it_not_bold(lang_son):
    from tests.factories import unit_create

    plan, province = lang_son
    school = unit_create(code="T20001", name="Trường Cao đẳng Nghề Lạng Sơn", level="institution", parent=province)
    data = report_data(plan=plan, org_unit=school, period="2025", as_of=ON)
    assert data.header.parent_agency == "UBND TỈNH LẠNG SƠN"
    assert data.header.number_line.endswith("/BC-TCĐNLS")
    assert (data.header.signer_authority, data.header.signer_title) == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")
    document = docx.Document(io.BytesIO(write_docx(data, render_chart=None)))
    assert not _runs_with(document, "UBND TỈNH LẠNG SƠN")[0].bold
    assert _runs_with(document, "TRƯỜNG CAO ĐẲNG NGHỀ LẠNG SƠN")[0].bold
    assert data.recipients == ["Sở Giáo dục và Đào tạo", "UBND tỉnh", "Lưu: VT"]  # the plan's annual duty


def test_a_plan_without_targets_still_gives_a_complete_report(import_seed):
    from gdnn.orgunits.selectors import orgunit_get

    plan = import_seed("002")  # a party committee's plan: tasks, no figures
    data = report_data(plan=plan, org_unit=orgunit_get(code="20", on=ON), period="2025", as_of=ON)
    document = docx.Document(io.BytesIO(write_docx(data)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert len(table.rows) == 1 and data.targets == []
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in [p.text for p in document.paragraphs]
