"""The Excel template of a form and its reader.

The template has a visible sheet "Báo cáo" laid out like the web grid (one block per data element)
with only the value cells unlocked, number data validation on them and Vietnamese labels, and a
very hidden sheet "_meta" holding the data set, org unit, period, template version, the map from
cell to (data element, disaggregation), and a checksum: an HMAC-SHA256 with settings.SECRET_KEY
over all of that. A template whose metadata was changed, or made for an older form, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gdnn.collection.periods import Period
from gdnn.collection.structure import VALUE_HINT, FormStructure, name_before_hint
from gdnn.collection.uploads import ImportBatch, ImportRejected, ImportRow
from gdnn.common.cells import xlsx_neutralise

SHEET = "Báo cáo"
META = "_meta"
FORMAT_VERSION = "1"
META_CELLS_FROM = 10
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="E8ECF1")
INPUT = PatternFill("solid", fgColor="FFF9E0")

VALIDATIONS = {
    "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0",
                  error="Nhập số nguyên không âm (ví dụ 1234)."),
    "boolean": dict(type="whole", operator="between", formula1="0", formula2="1",
                    error="Chỉ nhập 1 (có) hoặc 0 (không)."),
    "percent": dict(type="decimal", operator="between", formula1="0", formula2="100",
                    error="Tỷ lệ phải từ 0 đến 100."),
    "number": dict(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                   error="Nhập một số."),
}


def template_version(form: FormStructure) -> str:
    return f"{FORMAT_VERSION}/{form.version}"


def checksum(meta: dict) -> str:
    payload = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def template_build(*, form: FormStructure, data_set_name: str, org_unit_code: str, org_unit_name: str,
                   period: Period, values: dict[tuple[str, str], Decimal]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = data_set_name
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Đơn vị báo cáo: {org_unit_name} (mã {org_unit_code})"
    ws["A3"] = (f"Kỳ báo cáo: {period.label_vi} ({period.code}), số liệu từ {period.start:%d/%m/%Y} "
                f"đến {period.end:%d/%m/%Y}")
    ws["A4"] = ("Chỉ nhập vào các ô màu vàng; số nhập kiểu Việt Nam (1.234 hoặc 32,5) hoặc số thường. "
                "Không sửa cấu trúc biểu. Tải lên tại trang nhập liệu hoặc dùng lệnh gdnn data import.")
    ws["A4"].font = Font(italic=True, color="555F6B")
    ws.column_dimensions["A"].width = 46
    validations = {t: DataValidation(allow_blank=True, showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                                     **spec) for t, spec in VALIDATIONS.items()}
    for dv in validations.values():
        ws.add_data_validation(dv)
    cell_map: list[list[str]] = []
    totals: list[tuple[str, str]] = []  # the row totals: the template's only intended formulas
    row = 6
    widest = 1
    for section in form.sections:
        heading = f"{name_before_hint(section.name_vi, section.value_type)} ({VALUE_HINT.get(section.value_type, '')})"
        ws.cell(row, 1, heading).font = Font(bold=True)
        row += 1
        for header in section.header_rows:
            col = 2
            ws.cell(row, 1).fill = HEAD
            for label, span in header:
                c = ws.cell(row, col, label)
                c.fill, c.font, c.border = HEAD, Font(bold=True), BOX
                c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
                if span > 1:
                    ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
                col += span
            if section.width > 1:
                ws.cell(row, col, "Tổng" if header is section.header_rows[0] else None).fill = HEAD
            row += 1
        for r in section.rows:
            ws.cell(row, 1, r.label).border = BOX
            for i, cell in enumerate(r.cells):
                c = ws.cell(row, 2 + i)
                c.protection, c.fill, c.border = Protection(locked=False), INPUT, BOX
                c.number_format = "#,##0.####" if section.value_type in ("number", "percent") else "#,##0"
                value = values.get((cell.element, cell.key))
                if value is not None:
                    c.value = int(value) if value == value.to_integral_value() else float(value)
                validations[cell.value_type].add(c.coordinate)
                cell_map.append([c.coordinate, cell.element, cell.key])
            if len(r.cells) > 1:
                first, last = get_column_letter(2), get_column_letter(1 + len(r.cells))
                total = ws.cell(row, 2 + len(r.cells), f"=SUM({first}{row}:{last}{row})")
                totals.append((SHEET, total.coordinate))
                total.font, total.border = Font(bold=True), BOX
            widest = max(widest, len(r.cells) + 1)
            row += 1
        row += 1
    for col in range(2, widest + 2):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = "B6"
    password = secrets.token_urlsafe(12)
    ws.protection.set_password(password)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns
    meta = {"data_set": form.data_set, "org_unit": org_unit_code, "period": form.period,
            "template_version": template_version(form), "cells": cell_map}
    ms = wb.create_sheet(META)
    for i, key in enumerate(("data_set", "org_unit", "period", "template_version"), start=1):
        ms.cell(i, 1, key)
        ms.cell(i, 2, meta[key])
    ms.cell(5, 1, "checksum")
    ms.cell(5, 2, checksum(meta))
    for i, (ref, element, key) in enumerate(cell_map, start=META_CELLS_FROM):
        ms.cell(i, 1, ref)
        ms.cell(i, 2, element)
        ms.cell(i, 3, key)
    ms.sheet_state = "veryHidden"
    ms.protection.set_password(password)
    ms.protection.sheet = True
    xlsx_neutralise(wb, keep=totals)  # names and labels from the database are text, never formulas
    wb.security.lockStructure = True
    wb.security.workbookPassword = password
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def template_read(*, data: bytes, name: str) -> ImportBatch:
    """Rows of a filled-in template; ImportRejected when the file is not an intact template.

    The workbook is read in the sandbox (gdnn.collection.xlsx_read, with CPU, memory and time
    limits); only the checksum is verified here, with the secret key the child never sees."""
    from gdnn.common.sandbox import Refused, limits_from_settings, sandbox_call

    try:
        raw = sandbox_call("gdnn.collection.xlsx_read:template_extract", data=data, name=name,
                           limits=limits_from_settings())
    except Refused as exc:
        raise ImportRejected(exc.errors) from exc
    meta = dict(raw["meta"])
    meta["cells"] = raw["cells"]
    if not hmac.compare_digest(raw["checksum"], checksum(meta)):
        raise ImportRejected([f"Tệp “{name}”: mã kiểm tra của mẫu không khớp — mẫu đã bị sửa cấu trúc hoặc "
                              "thông tin ẩn. Hãy tải mẫu mới từ hệ thống."])
    if raw["formulas"]:
        raise ImportRejected([f"Trang tính '{SHEET}', ô {ref}: ô có công thức nhưng tệp không lưu kết quả đã tính; "
                              "hãy nhập số trực tiếp, hoặc mở tệp bằng Excel và lưu lại." for ref in raw["formulas"]])
    rows = [ImportRow(f"Trang tính '{SHEET}', ô {ref}", meta["org_unit"], meta["period"], element, key,
                      raw["values"].get(ref), meta["data_set"]) for ref, element, key in raw["cells"]]
    return ImportBatch("excel", name, rows, (meta["data_set"], meta["org_unit"], meta["period"]),
                       meta["template_version"])
