"""ReportData → XLSX: "Chỉ tiêu" (the target table with live formulas) and "Số liệu" (raw values).

Number formats, not text: Excel shows the decimal mark of the reader's locale (37,2 in Vietnamese).
Sheet names, headers and notes are in the active language (the job's: the page that asked); the
report's own texts (names, assessments, sentences) are the Vietnamese report's (generator.py).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gdnn.common.cells import xlsx_neutralise
from gdnn.reports.data import ReportData

# Column headers in Vietnamese, written through _h (the sheet's language).
TARGET_COLUMNS = [("TT", 5), ("Chỉ tiêu", 48), ("ĐVT", 9), ("Năm", 7), ("Kế hoạch", 14),
                  ("Ngưỡng", 10), ("Thực hiện", 11), ("Kỳ số liệu", 10), ("% KH", 9),
                  ("Cùng kỳ", 11), ("Tăng/giảm", 11), ("Đánh giá", 20), ("Nhận xét", 80),
                  ("Đơn vị báo cáo", 12), ("Số liệu tạm tính", 22)]
RAW_COLUMNS = [("Mã đơn vị", 11), ("Đơn vị", 34), ("Kỳ", 8), ("Mã chỉ số", 28),
               ("Chỉ số dữ liệu", 50), ("Phân tổ", 30), ("Giá trị", 12), ("Phân tổ (diễn giải)", 40)]
FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
PERCENT = '0.0"%"'
COUNT = "#,##0"
DECIMAL = "#,##0.0"


def _h(text: str) -> str:
    """A sheet name or column header: its own context, so it never collides with a page's text."""
    return pgettext("spreadsheet", text)


def _number_format(unit: str) -> str:
    return PERCENT if unit == "percent" else COUNT


def _head(ws, columns: list[tuple[str, int]], row: int) -> None:
    for index, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=_h(title))
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _percent_formula(r: int, higher: bool) -> str:
    """% of target as Excel computes it: actual / threshold, or threshold / actual when lower is better."""
    num, den = (f"G{r}", f"F{r}") if higher else (f"F{r}", f"G{r}")
    return f'=IF(OR(F{r}="",G{r}="",{den}=0),"",{num}/{den}*100)'


def _provisional(row) -> str:
    """"2026S1: 1/12 đơn vị" — a newer figure not yet complete enough to count."""
    if row.provisional_period is None:
        return ""
    return _("%(period)s: %(coverage)s đơn vị") % {"period": row.provisional_period,
                                                    "coverage": row.provisional_coverage}


def write_xlsx(data: ReportData) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _h("Chỉ tiêu")
    ws["A1"] = _("Kết quả thực hiện các chỉ tiêu %(period)s — %(plan)s") % {"period": data.period.label,
                                                                             "plan": data.plan_label}
    ws["A2"] = _("Đơn vị báo cáo: %(name)s (%(code)s)") % {"name": data.org_unit_name, "code": data.org_unit_code}
    ws["A1"].font, ws["A2"].font = Font(name=FONT, bold=True, size=13), Font(name=FONT, italic=True)
    _head(ws, TARGET_COLUMNS, 4)
    for offset, row in enumerate(data.targets):
        r = 5 + offset
        fmt = _number_format(row.unit)
        values = [row.order, row.name, row.unit_label, row.target_year, row.plan_label, row.threshold, row.actual,
                  row.actual_period or "", _percent_formula(r, row.higher), row.previous,
                  f'=IF(OR(G{r}="",J{r}=""),"",G{r}-J{r})', row.assessment, row.sentence, row.coverage,
                  _provisional(row)]
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=column, value=value)
            cell.font, cell.border = Font(name=FONT), BOX
            cell.alignment = Alignment(vertical="top", wrap_text=column in (2, 5, 12, 13))
        for column in (6, 7, 10, 11):
            ws.cell(row=r, column=column).number_format = fmt
        ws.cell(row=r, column=9).number_format = PERCENT
    note_row = 6 + len(data.targets)
    ws.cell(row=note_row, column=2, value=_("% KH = Thực hiện / Ngưỡng × 100 (Ngưỡng / Thực hiện × 100 với chỉ "
                                            "tiêu càng thấp càng tốt); Tăng/giảm = Thực hiện − Cùng kỳ; Đơn vị "
                                            "báo cáo = số đơn vị có báo cáo được phê duyệt / số đơn vị phải báo "
                                            "cáo."))
    ws.cell(row=note_row, column=2).font = Font(name=FONT, italic=True, size=10)
    _raw_sheet(wb, data)
    # Names and texts from the database are data, never formulas; only % KH and Tăng/giảm are.
    xlsx_neutralise(wb, keep=[(ws.title, f"{col}{5 + i}") for i in range(len(data.targets)) for col in "IK"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _raw_sheet(wb: Workbook, data: ReportData) -> None:
    ws = wb.create_sheet(_h("Số liệu"))
    _head(ws, RAW_COLUMNS, 1)
    for r, v in enumerate(data.raw_values, start=2):
        for column, value in enumerate([v.unit_code, v.unit_name, v.period, v.element_code, v.element_name,
                                        v.disaggregation, v.value, v.disaggregation_label], start=1):
            ws.cell(row=r, column=column, value=value).font = Font(name=FONT)
        ws.cell(row=r, column=7).number_format = COUNT if float(v.value).is_integer() else DECIMAL
    if not data.raw_values:
        ws.cell(row=2, column=1, value=_("Chưa có số liệu đã phê duyệt cho kỳ này.")).font = Font(name=FONT, italic=True)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(RAW_COLUMNS))}{max(len(data.raw_values) + 1, 2)}"
