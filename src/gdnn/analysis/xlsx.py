"""Pivot → XLSX: one sheet, a row per indicator and unit, per period a value and its coverage.

Numbers are numbers with number formats (Excel shows the reader's decimal mark: 37,2 in Vietnamese),
coverage is the text "k/n"; a total row is the parent unit's own figure, in bold. Sheet, headers and
indicator names are in the active language (the page's, or the job's: analysis/jobs.py).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gdnn.analysis.selectors import Pivot
from gdnn.common.cells import xlsx_neutralise
from gdnn.reports.xlsx_writer import BOX, COUNT, DECIMAL, FONT, HEAD_FILL, PERCENT


def _h(text: str) -> str:
    """A sheet name or column header: its own context, so it never collides with a page's text."""
    return pgettext("spreadsheet", text)


def _format(unit: str, value: float) -> str:
    if unit == "percent":
        return PERCENT
    return COUNT if float(value).is_integer() else DECIMAL


def pivot_xlsx(pivot: Pivot, *, title: str, whole_country: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _h("Bảng tổng hợp")
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    head = [_h("Chỉ số"), _h("Mã đơn vị"), _h("Đơn vị")]
    for period in pivot.periods:
        head += [f"{period}", _("Đủ số liệu %(period)s") % {"period": period}]
    for column, text in enumerate(head, 1):
        cell = ws.cell(row=3, column=column, value=text)
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEAD_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=4, column=4)
    r = 4
    for row in pivot.rows:
        name = row.unit.name if row.unit is not None else whole_country
        values: list[object] = [str(row.indicator), row.unit.code if row.unit else "",
                                _("Tổng: %(name)s") % {"name": name} if row.total else name]
        for cell in row.cells:
            values += [cell.value, cell.coverage.label if cell.coverage is not None else None]
        for column, value in enumerate(values, 1):
            c = ws.cell(row=r, column=column, value=value)
            c.font, c.border = Font(name=FONT, bold=row.total), BOX
            if column > 3 and column % 2 == 0 and isinstance(value, float | int):
                c.number_format = _format(row.indicator.unit, value)
        r += 1
    if pivot.truncated:
        ws.cell(row=r + 1, column=1, value=_("Còn %(n)s đơn vị không hiện trong bảng (quá nhiều đơn vị).")
                % {"n": pivot.truncated})
    for column, width in enumerate([40, 11, 34] + [12, 12] * len(pivot.periods), 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    xlsx_neutralise(wb)  # names come from users and documents: never a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
