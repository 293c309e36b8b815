"""Publishing by manifest swap: readers open only the files the manifest names; files a new
manifest drops stay for a grace period; a rebuild removes the `.build-*` folder a killed one left."""

import datetime as dt
import json
import os

import pytest

from gdnn.analytics import store
from gdnn.analytics.services import analytics_rebuild, analytics_refresh
from gdnn.analytics.store import read_manifest
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


def test_the_manifest_names_every_file_and_old_snapshots_outlive_the_swap(analytics_dir, monkeypatch):
    commune = next(iter(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW)))
    approved_values(commune, "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 3})
    first = analytics_rebuild()
    manifest = read_manifest()
    assert manifest.base_files and all((analytics_dir / f).is_file() for f in manifest.base_files)
    assert (analytics_dir / manifest.dims / "disaggs.parquet").is_file()
    second = analytics_rebuild()
    manifest = read_manifest()
    assert {r["name"] for r in manifest.retired} == {f"base-{first.build}", f"dims-{first.build}"}
    assert (analytics_dir / f"base-{first.build}").is_dir()  # a reader of the old snapshot still has its files
    # past the grace period, the next publication deletes them
    monkeypatch.setattr(store, "GRACE_SECONDS", 0)
    approved_values(commune, "2025", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 4})
    analytics_refresh()
    assert not (analytics_dir / f"base-{first.build}").exists()
    assert (analytics_dir / f"base-{second.build}").is_dir()
    approved_values(commune, "2023", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 5})
    analytics_refresh()
    retired = json.loads((analytics_dir / "manifest.json").read_text())["retired"]
    assert not [r for r in retired if first.build in r["name"]]  # deleted ones leave the list


def test_a_rebuild_removes_what_a_killed_rebuild_left(analytics_dir):
    analytics_rebuild()
    leftover = analytics_dir / ".build-killed"
    (leftover / "base").mkdir(parents=True)
    (leftover / "raw.parquet").write_bytes(b"x" * 1024)
    orphan = analytics_dir / "delta-orphan-000001.parquet"  # written, never published
    orphan.write_bytes(b"x")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).timestamp()
    os.utime(orphan, (old, old))
    analytics_rebuild()
    assert not leftover.exists() and not orphan.exists()
    assert not list(analytics_dir.glob(".build-*"))


def test_compaction_rewrites_only_the_years_the_deltas_touch(analytics_dir):
    from gdnn.analytics.selectors import element_value
    from gdnn.analytics.services import analytics_compact
    from gdnn.analytics.verify import analytics_verify
    from gdnn.indicators.models import DataElement

    province = orgunit_get(code="20", on=NOW)
    a, b, c = list(orgunit_children(unit=province, on=NOW))[:3]
    key = "ethnicity:kinh|sex:male"
    for unit, year, v in ((a, "2023", 1), (a, "2024", 2), (b, "2024", 3), (b, "2025", 4)):
        approved_values(unit, year, {("LABOUR_FORCE", key): v})
    analytics_rebuild()
    kept = [f for f in read_manifest().base_files if "year=2023" in f]
    approved_values(b, "2024", {("LABOUR_FORCE", key): 3}, state="draft")  # reopened
    analytics_refresh()
    approved_values(c, "2025", {("LABOUR_FORCE", key): 50})
    analytics_refresh()
    element = DataElement.objects.get(code="LABOUR_FORCE")
    before = {y: element_value(element=element, unit=province, period=y) for y in ("2023", "2024", "2025")}
    assert before == {"2023": 1, "2024": 2, "2025": 54}
    result = analytics_compact()
    manifest = read_manifest()
    assert manifest.deltas == [] and result.timings["rewritten_years"] == 2
    assert [f for f in manifest.base_files if "year=2023" in f] == kept  # the untouched year, as it was
    assert {y: element_value(element=element, unit=province, period=y) for y in before} == before
    assert analytics_verify().equal
