"""Approvals reach the store through the outbox and the worker's refresh; reads never write."""

import datetime as dt
import json

import pytest

from gdnn.analytics.selectors import element_value
from gdnn.analytics.services import analytics_rebuild, analytics_refresh
from gdnn.analytics.store import read_manifest
from gdnn.analytics.verify import analytics_verify
from gdnn.collection.models import SubmissionChange
from gdnn.indicators.models import DataElement
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


def _listing(folder):
    return sorted((p.name, p.stat().st_mtime_ns) for p in folder.rglob("*"))


def test_an_approval_is_seen_after_the_refresh_and_reads_never_write(analytics_dir):
    province = orgunit_get(code="20", on=NOW)
    a, b = list(orgunit_children(unit=province, on=NOW))[:2]
    approved_values(a, "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100})
    analytics_rebuild()
    assert not SubmissionChange.objects.filter(published_at__isnull=True).exists()
    element = DataElement.objects.get(code="LABOUR_FORCE")
    assert element_value(element=element, unit=province, period="2024") == 100
    approved_values(b, "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 7})
    before = _listing(analytics_dir)
    assert element_value(element=element, unit=province, period="2024") == 100  # the last published store
    assert _listing(analytics_dir) == before  # the read wrote nothing
    assert analytics_refresh() == 1
    assert element_value(element=element, unit=province, period="2024") == 107
    assert len(read_manifest().deltas) == 1
    approved_values(a, "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100}, state="draft")  # reopened
    analytics_refresh()
    assert element_value(element=element, unit=province, period="2024") == 7
    files = {p.name for p in analytics_dir.iterdir()}
    manifest = json.loads((analytics_dir / "manifest.json").read_text())
    assert {d["file"] for d in manifest["deltas"]} <= files
    assert not [n for n in files if n.endswith(".tmp")]
    assert analytics_verify().equal


def test_a_rebuild_gives_the_same_answers_as_the_deltas(analytics_dir):
    province = orgunit_get(code="20", on=NOW)
    communes = list(orgunit_children(unit=province, on=NOW))[:4]
    analytics_rebuild()
    for i, commune in enumerate(communes):
        approved_values(commune, "2025", {("LABOUR_FORCE", "ethnicity:kinh|sex:female"): 10 * (i + 1)})
        analytics_refresh()
    before = element_value(element=DataElement.objects.get(code="LABOUR_FORCE"), unit=province, period="2025")
    analytics_rebuild()
    assert read_manifest().deltas == []
    after = element_value(element=DataElement.objects.get(code="LABOUR_FORCE"), unit=province, period="2025")
    assert before == after == 100


def test_verify_names_a_submission_the_store_misses(analytics_dir):
    province = orgunit_get(code="20", on=NOW)
    a = next(iter(orgunit_children(unit=province, on=NOW)))
    analytics_rebuild()
    submission = approved_values(a, "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 5})
    result = analytics_verify()
    assert not result.equal and result.pending == 1
    assert any(f"#{submission.pk}" in d for d in result.differences)
    analytics_refresh()
    assert analytics_verify().equal


def test_an_empty_store_answers_no_data(analytics_dir):
    from gdnn.analytics.selectors import national_rollup

    element = DataElement.objects.get(code="LABOUR_FORCE")
    assert element_value(element=element, unit=orgunit_get(code="20", on=NOW), period="2024") is None
    assert not analytics_dir.exists()  # a read before any build creates nothing
    analytics_rebuild()
    assert element_value(element=element, unit=orgunit_get(code="20", on=NOW), period="2024") is None
    assert element_value(element=element, unit=orgunit_get(code="20", on=dt.date(2023, 1, 1)), period="2024") is None
    assert national_rollup(period="2024") == {}
