"""ReportData → DOCX in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục III, Mẫu 1.4. No queries."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import translation
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from gdnn.common.vnformat import format_number
from gdnn.reports.charts import chart_png, chart_specs
from gdnn.reports.data import Finding, ReportData, TargetRow
from gdnn.reports.docx_layout import (
    TEXT_WIDTH_CM,
    add_note,
    add_run,
    borderless,
    cell_paragraph,
    paragraph,
    repeat_header,
    set_widths,
    setup_document,
    short_rule,
)
from gdnn.reports.sentences import change_text, value_text

LETTERS = "abcdđeghiklmnopqrstuưvxy"  # the letters Vietnamese documents number items with
TARGET_HEADERS = ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "% KH", "So cùng kỳ", "Đánh giá"]
TARGET_WIDTHS = [0.9, 5.0, 1.3, 2.2, 1.9, 1.5, 2.0, 1.7]
TABLE_PT = 11
HEADER_WIDTHS = [6.3, 10.2]
ChartRenderer = Callable[[dict], bytes]


@translation.override("vi")  # an ND 30/2020 report is Vietnamese, whoever asks and in whatever language
def write_docx(data: ReportData, *, render_chart: ChartRenderer | None = chart_png) -> bytes:
    """The report as DOCX bytes; `render_chart=None` leaves the charts out."""
    doc = Document()
    setup_document(doc)
    _header_block(doc, data)
    _title(doc, data)
    _section_direction(doc, data)
    _section_results(doc, data, render_chart)
    _heading(doc, "III. ĐÁNH GIÁ CHUNG")
    _subheading(doc, "1. Ưu điểm")
    _findings(doc, data.advantages)
    _subheading(doc, "2. Tồn tại, hạn chế")
    _findings(doc, data.shortcomings)
    _subheading(doc, "3. Nguyên nhân")
    _findings(doc, data.causes)
    _heading(doc, f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {data.period.next_label.upper()}")
    _findings(doc, data.next_steps)
    _training_need(doc, data)
    _heading(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    _findings(doc, data.proposals)
    paragraph(doc, f"Trên đây là báo cáo kết quả thực hiện {data.period.label} của {data.header.agency_name}./.",
              indent=True)
    _signature_block(doc, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _header_block(doc, data: ReportData) -> None:
    h = data.header
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    set_widths(table, HEADER_WIDTHS)
    left, right = table.rows[0].cells
    if h.parent_agency:
        cell_paragraph(left, h.parent_agency, size=13)
    for line in h.agency_lines:
        cell_paragraph(left, line, bold=True, size=13)
    short_rule(left, 2.2, HEADER_WIDTHS[0])
    cell_paragraph(left, h.number_line, size=13, after=0).paragraph_format.space_before = Cm(0.15)
    cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    short_rule(right, 6.0, HEADER_WIDTHS[1])
    date = cell_paragraph(right, h.date_line, italic=True, size=14)
    date.paragraph_format.space_before = Cm(0.15)


def _title(doc, data: ReportData) -> None:
    h = data.header
    paragraph(doc, "BÁO CÁO", bold=True, size=14, align="center", before=18, after=0)
    for line in h.subject:
        paragraph(doc, line, bold=True, size=14, align="center", after=0)
    short_rule(doc, 3.5, TEXT_WIDTH_CM)
    paragraph(doc, h.basis, italic=True, indent=True, before=12)


def _heading(doc, text: str) -> None:
    paragraph(doc, text, bold=True, indent=True, before=6)


def _subheading(doc, text: str) -> None:
    paragraph(doc, text, bold=True, indent=True)


def _findings(doc, items: list[Finding]) -> None:
    for item in items:
        p = paragraph(doc, item.text, indent=True)
        if item.note:
            if item.text:
                add_run(p, " ")
            add_note(p, item.note)


def _section_direction(doc, data: ReportData) -> None:
    _heading(doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    _findings(doc, data.direction)


def _section_results(doc, data: ReportData, render_chart: ChartRenderer | None) -> None:
    _heading(doc, "II. KẾT QUẢ THỰC HIỆN")
    _subheading(doc, "1. Kết quả thực hiện các chỉ tiêu")
    for row in data.targets:
        if row.status != "no_data":
            paragraph(doc, f"- {row.sentence}", indent=True)
    missing = [r for r in data.targets if r.status == "no_data"]
    if missing:
        p = paragraph(doc, f"- Có {len(missing)} chỉ tiêu chưa có số liệu (xem bảng). ", indent=True)
        add_note(p, "Đề nghị bổ sung: số liệu hoặc đánh giá định tính cho các chỉ tiêu này")
    paragraph(doc, f"Bảng 1. Kết quả thực hiện các chỉ tiêu {data.period.label}", bold=True, size=13,
              align="center", before=6)
    _target_table(doc, data)
    if render_chart is not None:
        for number, spec in enumerate(chart_specs(data), start=1):
            doc.add_picture(io.BytesIO(render_chart(spec)), width=Cm(15))
            picture = doc.paragraphs[-1]
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.paragraph_format.space_before = Cm(0.3)
            picture.paragraph_format.keep_with_next = True
            title = spec["title"]["text"]
            caption = " ".join(title) if isinstance(title, list) else str(title)
            paragraph(doc, f"Biểu đồ {number}. {caption}", italic=True, size=12, align="center")
    _subheading(doc, "2. Kết quả thực hiện các nhiệm vụ, giải pháp")
    _tasks(doc, data)


def _percent_text(row: TargetRow) -> str:
    return "–" if row.percent_of_target is None else f"{format_number(row.percent_of_target, 1)}%"


def _previous_text(row: TargetRow) -> str:
    if row.previous is None:
        return "–"
    change = change_text(row.actual, row.previous, row.unit)
    return f"{value_text(row.previous, row.unit)}" + (f"\n({change})" if change else "")


def _target_table(doc, data: ReportData) -> None:
    table = doc.add_table(rows=1, cols=len(TARGET_HEADERS))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, TARGET_HEADERS, strict=True):
        cell_paragraph(cell, text, bold=True, size=TABLE_PT)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    repeat_header(table)
    data_period = data.period.data_period
    for row in data.targets:
        actual = value_text(row.actual, row.unit)
        if row.actual is not None and row.actual_period != data_period:
            actual += f"\n({row.actual_period})"
        if row.actual is not None and row.coverage:
            actual += f"\n[{row.coverage} đơn vị]"
        if row.provisional_period:
            actual += f"\n{row.provisional_period}: {value_text(row.provisional_value, row.unit)} (tạm tính, " \
                      f"{row.provisional_coverage} đơn vị)"
        plan = f"{row.plan_label}\n(năm {row.target_year})" if row.target_year else row.plan_label
        values = [str(row.order), row.name, row.unit_label, plan, actual, _percent_text(row),
                  _previous_text(row), row.assessment]
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            for line in text.split("\n"):
                cell_paragraph(cell, line, size=TABLE_PT, align="left" if index == 1 else "center")
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    set_widths(table, TARGET_WIDTHS)


MAX_NEED_ROWS = 15


def _training_need(doc, data: ReportData) -> None:
    """"Dự báo nhu cầu đào tạo" under IV, from the province's latest forecast run (gdnn.labour)."""
    need = data.training_need
    if need is None:
        return
    _subheading(doc, "Dự báo nhu cầu đào tạo")
    first, last = need.years[0], need.years[-1]
    paragraph(doc, f"Theo phương pháp nhu cầu nhân lực ({need.basis}), nhu cầu đào tạo giai đoạn {first}–{last} "
                   f"khoảng {format_number(sum(need.totals))} người, trong đó năm {first} khoảng "
                   f"{format_number(need.totals[0])} người. Các nghề có nhu cầu lớn nhất:", indent=True)
    headers = ["Nghề (trình độ)", *[str(y) for y in need.years], "Cộng"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_paragraph(cell, text, bold=True, size=TABLE_PT)
    repeat_header(table)
    for name, needs in [*need.rows[:MAX_NEED_ROWS], ("Tổng số (mọi nghề)", need.totals)]:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, [name, *[format_number(v) for v in needs],
                                                         format_number(sum(needs))], strict=True)):
            cell_paragraph(cell, text, size=TABLE_PT, align="left" if index == 0 else "center")
    set_widths(table, [6.5, *[(TEXT_WIDTH_CM - 8.5) / len(need.years)] * len(need.years), 2.0])


def _tasks(doc, data: ReportData) -> None:
    if data.task_groups:
        paragraph(doc, f"Kế hoạch đề ra {len(data.task_groups)} nhóm nhiệm vụ, giải pháp:", indent=True)
        for number, heading in enumerate(data.task_groups, start=1):
            results = data.task_group_results[number - 1] if number <= len(data.task_group_results) else ()
            p = paragraph(doc, f"{number}) {heading}: ", indent=True)
            if results:
                for text in results:
                    paragraph(doc, f"- {text}", indent=True)
            else:
                add_note(p, "Đề nghị bổ sung: kết quả thực hiện trong kỳ")
    if data.agencies:
        paragraph(doc, "Kết quả thực hiện của các cơ quan chủ trì:", indent=True)
        for letter, agency in zip(LETTERS, data.agencies, strict=False):
            p = paragraph(doc, f"{letter}) {agency.name} ({agency.role})", indent=True)
            add_run(p, f": {agency.duties} " if agency.duties else ": ")
            if agency.results:
                for text in agency.results:
                    paragraph(doc, f"- {text}", indent=True)
            else:
                add_note(p, "Đề nghị bổ sung: kết quả thực hiện nhiệm vụ được giao")
    for text in data.other_task_results:
        paragraph(doc, f"- {text}", indent=True)
    if data.cooperating:
        paragraph(doc, f"Các cơ quan phối hợp: {'; '.join(data.cooperating)}.", indent=True)
    if data.not_reported:
        paragraph(doc, f"Các cơ quan chưa có báo cáo kết quả thực hiện nhiệm vụ được chấp nhận: "
                       f"{'; '.join(data.not_reported)}.", indent=True)
    elif data.not_reported is not None:
        paragraph(doc, "Tất cả các cơ quan được giao nhiệm vụ đã báo cáo kết quả thực hiện.", indent=True)
    if not data.task_groups and not data.agencies:
        add_note(paragraph(doc, indent=True), "Đề nghị bổ sung: kết quả thực hiện các nhiệm vụ, giải pháp")


def _signature_block(doc, data: ReportData) -> None:
    h = data.header
    paragraph(doc, "", after=0)
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    set_widths(table, [8.0, 8.5])
    left, right = table.rows[0].cells
    cell_paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    for index, name in enumerate(data.recipients):
        last = index == len(data.recipients) - 1
        cell_paragraph(left, f"- {name}{'.' if last else ';'}", size=11, align="left")
    cell_paragraph(right, h.signer_authority, bold=True, size=14)
    cell_paragraph(right, h.signer_title, bold=True, size=14)
    for _ in range(4):
        cell_paragraph(right, " ", size=14)
    cell_paragraph(right, h.signer_name, bold=True, size=14)
