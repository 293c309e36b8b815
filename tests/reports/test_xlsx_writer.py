import io

import pytest
from openpyxl import load_workbook

from gdnn.reports.generator import report_data
from gdnn.reports.xlsx_writer import write_xlsx
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


def test_workbook_has_the_target_sheet_with_formulas_and_the_raw_data_sheet(seeded):
    plan, province, communes = seeded
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    wb = load_workbook(io.BytesIO(write_xlsx(data)))
    assert wb.sheetnames == ["Chỉ tiêu", "Số liệu"]
    ws = wb["Chỉ tiêu"]
    headers = [c.value for c in ws[4]]
    assert headers[:9] == ["TT", "Chỉ tiêu", "ĐVT", "Năm", "Kế hoạch", "Ngưỡng", "Thực hiện", "Kỳ số liệu", "% KH"]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(data.targets)))
    assert len(rows) == len(data.targets)
    for row in rows:
        assert str(row[8].value).startswith("=") and row[8].number_format == '0.0"%"'
    cert = next(r for r in rows if r[1].value.startswith("Tỷ lệ lao động qua đào tạo có bằng"))
    assert cert[6].value == pytest.approx(37.2) and cert[6].number_format == '0.0"%"'
    assert cert[8].value == f"=IF(OR(F{cert[0].row}=\"\",G{cert[0].row}=\"\",F{cert[0].row}=0),\"\",G{cert[0].row}/F{cert[0].row}*100)"
    assert cert[11].value == "Đạt"
    count_row = next(r for r in rows if r[2].value == "cơ sở")
    assert count_row[5].number_format == "#,##0"

    raw = wb["Số liệu"]
    assert [c.value for c in raw[1]] == ["Mã đơn vị", "Đơn vị", "Kỳ", "Mã chỉ số", "Chỉ số dữ liệu", "Phân tổ",
                                         "Giá trị", "Phân tổ (diễn giải)"]
    values = list(raw.iter_rows(min_row=2, values_only=True))
    assert len(values) == 4 and {v[0] for v in values} == {c.code for c in communes}
    assert ("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male", 34.4) in {(v[3], v[5], v[6]) for v in values}
    assert raw.cell(row=2, column=7).number_format in ("#,##0", "#,##0.0")
    assert "Kinh" in raw.cell(row=2, column=8).value and "Nam" in raw.cell(row=2, column=8).value
