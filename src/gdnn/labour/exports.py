"""The forecast workbook: assumptions, results by occupation and year, and the gap table.
No queries here: the view hands in the run and the gap rows."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gdnn.common.cells import xlsx_neutralise
from gdnn.labour.models import ForecastRun
from gdnn.labour.selectors import GapRow
from gdnn.orgunits.models import OrgUnit


def run_totals(run: ForecastRun) -> list[dict]:
    """Per forecast year: expansion, replacement and need summed over occupations."""
    totals: dict[int, dict] = {}
    for occ in run.results:
        for y in occ["years"]:
            t = totals.setdefault(y["year"], {"year": y["year"], "expansion": 0.0, "replacement": 0.0, "need": 0.0})
            for key in ("expansion", "replacement", "need"):
                t[key] += y[key]
    return [totals[k] for k in sorted(totals)]


def forecast_xlsx(*, run: ForecastRun, unit: OrgUnit, gaps: list[GapRow]) -> bytes:
    a = run.assumptions
    wb = Workbook()
    ws = wb.active
    ws.title = "Dự báo"
    ws.append([f"Dự báo nhu cầu đào tạo – {unit.name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Bộ giả định: {a['name']} (phiên bản {run.assumption_version}), năm gốc {a['base_year']}, "
               f"tỷ lệ rời nghề {a['exit_rate'] * 100:.1f}%/năm; chạy lúc {run.created_at:%d/%m/%Y %H:%M}"])
    ws.append([])
    years = [y["year"] for y in run.results[0]["years"]] if run.results else []
    ws.append(["Mã nghề", "Tên nghề", "Trình độ", *[f"Nhu cầu {y}" for y in years], "Cộng"])
    for o in run.results:
        needs = [y["need"] for y in o["years"]]
        ws.append([o["occupation"], o["name"], o["level"], *needs, round(sum(needs), 2)])
    detail = wb.create_sheet("Chi tiết")
    detail.append(["Mã nghề", "Năm", "Việc làm", "Cầu mở rộng", "Cầu thay thế", "Nhu cầu đào tạo"])
    for o in run.results:
        for y in o["years"]:
            detail.append([o["occupation"], y["year"], y["employment"], y["expansion"], y["replacement"], y["need"]])
    sheet = wb.create_sheet("Giả định")
    sheet.append(["Ngành VSIC", "Lao động năm gốc", "Tốc độ tăng việc làm/năm"])
    for code, spec in sorted(a["industries"].items()):
        sheet.append([code, spec["employment"], spec["growth"]])
    sheet.append([])
    sheet.append(["Mã nghề", "Ngành VSIC", "Tỷ trọng trong lao động của ngành"])
    for occ, by in sorted(a["shares"].items()):
        for code, share in sorted(by.items()):
            sheet.append([occ, code, share])
    gap = wb.create_sheet("Cung - cầu")
    gap.append(["Mã nghề", "Tên nghề", "Trình độ", "Cung (tốt nghiệp)", "Cầu ước tính (tuyển 1 năm)",
                "Sai số chuẩn của cầu", "Chênh lệch cầu - cung", "Nguồn cung"])
    for r in gaps:
        gap.append([r.code, r.name, r.level, r.supply, round(r.demand, 1), round(r.demand_se, 1), round(r.gap, 1), r.source_label])
    xlsx_neutralise(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
