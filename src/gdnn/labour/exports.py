"""The forecast workbook: assumptions, results by occupation and year, and the gap table.
No queries here: the view hands in the run and the gap rows. Sheets and headers are in the page's
language; numbers are numbers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from gdnn.common.cells import xlsx_neutralise
from gdnn.common.numbers import display_percent
from gdnn.labour.models import ForecastRun, level_label
from gdnn.labour.selectors import GapRow
from gdnn.orgunits.models import OrgUnit


def _h(text: str) -> str:
    """A sheet name or column header: its own context, so it never collides with a page's text."""
    return pgettext("spreadsheet", text)


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
    ws.title = _h("Dự báo")
    ws.append([_("Dự báo nhu cầu đào tạo – %(unit)s") % {"unit": unit.name}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Bộ giả định: %(name)s (phiên bản %(version)s), năm gốc %(year)s, tỷ lệ rời nghề %(rate)s/năm; "
                 "chạy lúc %(at)s") % {"name": a["name"], "version": run.assumption_version, "year": a["base_year"],
                                       "rate": display_percent(a["exit_rate"] * 100),
                                       "at": f"{run.created_at:%d/%m/%Y %H:%M}"}])
    ws.append([])
    years = [y["year"] for y in run.results[0]["years"]] if run.results else []
    ws.append([_h("Mã nghề"), _h("Tên nghề"), _h("Trình độ"), *[_("Nhu cầu %(year)s") % {"year": y} for y in years],
               _h("Cộng")])
    for o in run.results:
        needs = [y["need"] for y in o["years"]]
        ws.append([o["occupation"], o["name"], level_label(o["level"]), *needs, round(sum(needs), 2)])
    detail = wb.create_sheet(_h("Chi tiết"))
    detail.append([_h("Mã nghề"), _h("Năm"), _h("Việc làm"), _h("Cầu mở rộng"), _h("Cầu thay thế"), _h("Nhu cầu đào tạo")])
    for o in run.results:
        for y in o["years"]:
            detail.append([o["occupation"], y["year"], y["employment"], y["expansion"], y["replacement"], y["need"]])
    sheet = wb.create_sheet(_h("Giả định"))
    sheet.append([_h("Ngành VSIC"), _h("Lao động năm gốc"), _h("Tốc độ tăng việc làm/năm")])
    for code, spec in sorted(a["industries"].items()):
        sheet.append([code, spec["employment"], spec["growth"]])
    sheet.append([])
    sheet.append([_h("Mã nghề"), _h("Ngành VSIC"), _h("Tỷ trọng trong lao động của ngành")])
    for occ, by in sorted(a["shares"].items()):
        for code, share in sorted(by.items()):
            sheet.append([occ, code, share])
    gap = wb.create_sheet(_h("Cung - cầu"))
    gap.append([_h("Mã nghề"), _h("Tên nghề"), _h("Trình độ"), _h("Cung (tốt nghiệp)"), _h("Cầu ước tính (tuyển 1 năm)"),
                _h("Sai số chuẩn của cầu"), _h("Chênh lệch cầu - cung"), _h("Nguồn cung")])
    for r in gaps:
        gap.append([r.code, r.name, r.level, r.supply, round(r.demand, 1), round(r.demand_se, 1), round(r.gap, 1), r.source_label])
    xlsx_neutralise(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
