"""ADX and DXF2 round trips: export the values, empty the values (same catalog and units, as a new
instance would be), import the export through the write service, export again — identical."""

import pytest

from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent
from gdnn.exchange.exports import exchange_export
from gdnn.exchange.selectors import export_scope
from gdnn.exchange.services import exchange_import

pytestmark = pytest.mark.django_db


def _export(w, fmt: str) -> bytes:
    scope = export_scope(user=w.admin, root=w.province, start=w.year.code, end=w.year.code, all_states=True)
    pieces, _name, _type = exchange_export(user=w.admin, scope=scope, fmt=fmt)
    return "".join(pieces).encode()


def _empty() -> None:
    DataValueAudit.objects.all().delete()
    DataValue.objects.all().delete()
    SubmissionEvent.objects.all().delete()
    Submission.objects.all().delete()


@pytest.mark.parametrize("fmt", ["adx", "dxf2"])
def test_export_import_export_is_identical(filled, fmt):
    w = filled
    first = _export(w, fmt)
    assert first.count(b"ENROLMENT") > 10 and DataValue.objects.count() == w.cells
    _empty()
    summary = exchange_import(data=first, name=f"xuat.{fmt}", fmt=fmt, by=w.admin)
    assert summary.status == "SUCCESS", summary.conflicts[:3]
    assert (summary.imported, summary.updated, summary.ignored) == (w.cells, 0, 0)
    assert DataValue.objects.count() == w.cells
    assert set(DataValueAudit.objects.values_list("channel", flat=True)) == {fmt}
    assert _export(w, fmt) == first
    again = exchange_import(data=first, name=f"xuat.{fmt}", fmt=fmt, by=w.admin)
    assert (again.imported, again.updated, again.ignored) == (0, 0, w.cells)


def test_adx_uses_iso_periods_and_one_attribute_per_category(filled):
    w = filled
    text = _export(w, "adx").decode()
    half = w.half
    start = f"{half.year}-{'01' if half.half == 1 else '07'}-01/P6M"
    assert f'orgUnit="{w.school.code}" period="{start}"' in text
    assert f'orgUnit="{w.commune.code}" period="{w.year.year}-01-01/P1Y"' in text
    assert 'dataElement="ENROLMENT" disability="no" ethnicity="kinh" sex="female" training_level="college"' in text
