"""Helpers for collection tests: fill a template, snapshot the database state."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from gdnn.collection.excel import META, META_CELLS_FROM, SHEET, template_build
from gdnn.collection.exports import datavalues_export
from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent
from gdnn.collection.selectors import form_structure, values_of


def template_for(data_set, unit, period) -> bytes:
    return template_build(form=form_structure(data_set=data_set, period=period), data_set_name=data_set.name_vi,
                          org_unit_code=unit.code, org_unit_name=unit.name, period=period,
                          values=values_of(data_set=data_set, org_unit=unit, period=period.code))


def cell_refs(data: bytes) -> dict[tuple[str, str], str]:
    wb = load_workbook(io.BytesIO(data))
    ms = wb[META]
    return {(e, k or ""): ref for ref, e, k in ms.iter_rows(min_row=META_CELLS_FROM, max_col=3, values_only=True)
            if ref}


def fill(data: bytes, values: dict[tuple[str, str], object], meta: dict[tuple[int, int], object] | None = None) -> bytes:
    refs = cell_refs(data)
    wb = load_workbook(io.BytesIO(data))
    for cell, value in values.items():
        wb[SHEET][refs[cell]] = value
    for (row, col), value in (meta or {}).items():
        wb[META].cell(row, col, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def snapshot(*periods) -> tuple:
    """What an export shows, plus every row count the import could touch."""
    exports = tuple(tuple(tuple(sorted(r.items())) for r in datavalues_export(period=p)) for p in periods)
    return (exports, DataValue.objects.count(), DataValueAudit.objects.count(), Submission.objects.count(),
            SubmissionEvent.objects.count(), tuple(Submission.objects.order_by("pk").values_list("state", flat=True)))
