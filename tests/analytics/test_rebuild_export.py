"""The full rebuild's export: every approved value reaches the base files once, with its
disaggregation key's id and its value, and nothing of a submission not approved — by the one-stream
path (inside a transaction, and on SQLite) and by the parallel PostgreSQL streams."""

from decimal import Decimal

import duckdb
import pytest
from django.db import connection

from gdnn.analytics.export import disagg_id
from gdnn.analytics.services import analytics_rebuild
from gdnn.analytics.store import read_manifest
from gdnn.collection.models import DataValue
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import approved_values

NOW = __import__("datetime").date(2026, 1, 1)
ODD_KEY = "ethnicity:kinh|sex:male|note:it's \"odd\", {x}\\y"  # quotes, a comma, braces, a backslash


def _world() -> None:
    communes = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))[:2]
    approved_values(communes[0], "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 3.25,
                                          ("LABOUR_FORCE", ODD_KEY): 7, ("LABOUR_FORCE", ""): 11})
    approved_values(communes[1], "2025", {("LABOUR_FORCE", "ethnicity:kinh|sex:female"): 1234567.5,
                                          ("WORKERS_TRAINED", "ethnicity:kinh|sex:female"): 2})
    approved_values(communes[1], "2023", {("LABOUR_FORCE", "ethnicity:kinh|sex:female"): 99}, state="submitted")


def _expected() -> list[tuple]:
    rows = DataValue.objects.filter(submission__state="approved").values_list(
        "submission_id", "data_element_id", "org_unit_id", "period", "disaggregation", "value")
    return sorted((s, e, u, p, disagg_id(k), float(v)) for s, e, u, p, k, v in rows)


def _stored(root) -> list[tuple]:
    manifest = read_manifest()
    files = [str(root / f) for f in manifest.base_files]
    got = duckdb.sql(f"SELECT submission_id, element_id, leaf_id, period, disagg_id, value, share FROM read_parquet({files})"
                     ).fetchall()
    assert all(share == 1.0 for *_, share in got)  # current communes: one place each
    return sorted(tuple(r[:6]) for r in got)


@pytest.mark.django_db
def test_the_rebuild_stores_every_approved_value_once(analytics_dir):
    _world()
    result = analytics_rebuild()
    expected = _expected()
    assert len(expected) == 5 and result.rows == 5
    assert _stored(analytics_dir) == expected
    keys = {r[0] for r in duckdb.sql(f"SELECT key FROM '{analytics_dir / read_manifest().dims / 'disaggs.parquet'}'"
                                     ).fetchall()}
    assert ODD_KEY in keys


@pytest.mark.django_db(transaction=True)
def test_the_parallel_streams_export_the_same_values(analytics_dir):
    if connection.vendor != "postgresql":
        pytest.skip("the parallel export streams run on PostgreSQL only (scripts/with-postgres.sh)")
    from gdnn.orgunits.services import orgunits_load_vietnam

    orgunits_load_vietnam()
    _world()
    # more values than one heap block, so both streams have rows
    commune = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))[2]
    approved_values(commune, "2022", {("LABOUR_FORCE", f"ethnicity:kinh|sex:male|n:{i}"): Decimal(i) for i in range(400)})
    result = analytics_rebuild()
    assert result.timings["export_streams"] == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT (ctid::text::point)[0]) FROM collection_datavalue")
        assert cursor.fetchone()[0] > 1
    expected = _expected()
    assert result.rows == len(expected) == 405
    assert _stored(analytics_dir) == expected
