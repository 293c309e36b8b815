"""One entry point for every output: ReportData + format → (bytes, file name, content type)."""

from __future__ import annotations

from gdnn.common.errors import DomainError
from gdnn.reports.data import ReportData
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.pdf import docx_to_pdf
from gdnn.reports.xlsx_writer import write_xlsx

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def report_render(*, data: ReportData, fmt: str) -> tuple[bytes, str, str]:
    if fmt == "docx":
        content = write_docx(data)
    elif fmt == "xlsx":
        content = write_xlsx(data)
    elif fmt == "pdf":
        content = docx_to_pdf(write_docx(data))
    else:
        raise DomainError(f"Định dạng không hỗ trợ: {fmt} (docx, xlsx hoặc pdf).")
    return content, f"{data.file_stem}.{fmt}", FORMATS[fmt]
