"""Writes to the analytics store: the full rebuild, and the delta taken in after approvals."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
from django.db import connection
from django.utils import timezone

from gdnn.analytics.export import disagg_id, fact_batches
from gdnn.analytics.hierarchy import current_places, pre_reform_bridge, unit_index
from gdnn.analytics.store import (
    FACT_SCHEMA,
    Manifest,
    new_build_name,
    read_manifest,
    remove_stale,
    stale_builds_remove,
    store_dir,
    write_manifest,
    write_parquet_atomic,
    writer_lock,
)
from gdnn.collection.models import DataValue, Submission
from gdnn.indicators.formulas import load_element_catalog

COMPACT_AFTER_DELTAS = 16
RAW_SQL = """
    SELECT dv.submission_id, dv.data_element_id, dv.org_unit_id, dv.period, dv.disaggregation,
           CAST(dv.value AS DOUBLE PRECISION)
    FROM collection_datavalue dv JOIN collection_submission s ON s.id = dv.submission_id
    WHERE s.state = 'approved'
"""
RAW_SCHEMA = pa.schema([("submission_id", pa.int64()), ("element_id", pa.int32()), ("leaf_id", pa.int64()),
                        ("period", pa.string()), ("disaggregation", pa.string()), ("value", pa.float64())])


@dataclass(frozen=True)
class RebuildResult:
    rows: int
    seconds: float
    build: str


def _raw_to_parquet(dest: Path) -> int:
    """Approved values from the database into one Parquet file, by the fastest path the backend has."""
    if connection.vendor == "postgresql":
        csv_path = dest.with_suffix(".csv")
        with connection.cursor() as cursor, csv_path.open("wb") as out:
            raw = cursor.cursor  # psycopg 3 cursor
            with raw.copy(f"COPY ({RAW_SQL}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    out.write(chunk)
        if csv_path.stat().st_size == 0:  # nothing approved yet: DuckDB cannot sniff an empty file
            import pyarrow.parquet as pq

            pq.write_table(RAW_SCHEMA.empty_table(), dest)
            csv_path.unlink()
            return 0
        db = duckdb.connect(config={"preserve_insertion_order": False, "threads": 2})
        db.execute(
            f"""COPY (SELECT submission_id, element_id, leaf_id, period, coalesce(disaggregation, '') AS disaggregation,
                value FROM read_csv('{csv_path}', header=false, quote='"', columns={{
                'submission_id': 'BIGINT', 'element_id': 'INTEGER', 'leaf_id': 'BIGINT', 'period': 'VARCHAR',
                'disaggregation': 'VARCHAR', 'value': 'DOUBLE'}})) TO '{dest}' (FORMAT parquet)"""
        )
        count = db.execute(f"SELECT count(*) FROM '{dest}'").fetchone()[0]
        db.close()
        csv_path.unlink()
        return int(count)
    import pyarrow.parquet as pq

    writer = pq.ParquetWriter(dest, RAW_SCHEMA)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL)
        while rows := cursor.fetchmany(100_000):
            cols = list(zip(*rows, strict=True))
            cols[4] = [k or "" for k in cols[4]]
            writer.write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, RAW_SCHEMA, strict=True)],
                                                    schema=RAW_SCHEMA))
            count += len(rows)
    writer.close()
    return count


def _places_table(index, leaf_ids) -> pa.Table:
    cols: dict[str, list] = {"leaf_id": [], "share": [], "cur_unit_id": [], "cur_commune_id": [], "cur_province_id": []}
    for leaf in leaf_ids:
        for place in current_places(index, leaf):
            cols["leaf_id"].append(leaf)
            cols["share"].append(place.share)
            cols["cur_unit_id"].append(place.unit_id)
            cols["cur_commune_id"].append(place.commune_id)
            cols["cur_province_id"].append(place.province_id)
    return pa.table(cols, schema=pa.schema([("leaf_id", pa.int64()), ("share", pa.float64()), ("cur_unit_id", pa.int64()),
                                            ("cur_commune_id", pa.int64()), ("cur_province_id", pa.int64())]))


@lru_cache(maxsize=1)
def cube_categories() -> frozenset[str]:
    """The categories some indicator formula filters on: the province cube keeps only these."""
    return frozenset(cat for f in load_element_catalog().formulas.values() for t in (*f.numerator, *f.denominator)
                     for cat, _options in t.filter)


def cube_key(key: str, keep: set[str]) -> str:
    return "|".join(part for part in key.split("|") if part.split(":", 1)[0] in keep)


def _cube_keys_table(keys: list[str]) -> pa.Table:
    keep = cube_categories()
    return pa.table({"disagg_id": pa.array([disagg_id(k) for k in keys], pa.int32()),
                     "cube_disagg_id": pa.array([disagg_id(cube_key(k, keep)) for k in keys], pa.int32())})


def _write_dims(dims: Path, index, leaf_ids: set[int], keys: list[str]) -> None:
    keep = cube_categories()
    keys = sorted(set(keys) | {cube_key(k, keep) for k in keys})
    write_parquet_atomic(_cube_keys_table(keys), dims / "cube_keys.parquet")
    bridge = pre_reform_bridge(index, leaf_ids)
    write_parquet_atomic(pa.table({"leaf_id": [r[0] for r in bridge], "ancestor_id": [r[1] for r in bridge],
                                   "share": [r[2] for r in bridge]},
                                  schema=pa.schema([("leaf_id", pa.int64()), ("ancestor_id", pa.int64()),
                                                    ("share", pa.float64())])), dims / "bridge_old.parquet")
    write_parquet_atomic(pa.table({"disagg_id": pa.array([disagg_id(k) for k in keys], pa.int32()), "key": keys}),
                         dims / "disaggs.parquet")


def analytics_rebuild() -> RebuildResult:
    """Recreate the whole store from the approved values in the database."""
    started = time.perf_counter()
    root = store_dir()
    with writer_lock(root):
        stale_builds_remove(root)  # left by a rebuild that was killed
        watermark = timezone.now()
        build = new_build_name()
        index = unit_index()
        with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
            tmp_path = Path(tmp)
            raw = tmp_path / "raw.parquet"
            rows = _raw_to_parquet(raw)
            db = duckdb.connect(config={"memory_limit": "1500MB", "threads": 2,
                                        "temp_directory": str(tmp_path / "spill")})
            leaf_ids = {r[0] for r in db.execute(f"SELECT DISTINCT leaf_id FROM '{raw}'").fetchall()}
            keys = [r[0] for r in db.execute(f"SELECT DISTINCT disaggregation FROM '{raw}'").fetchall()]
            db.register("places", _places_table(index, sorted(leaf_ids)))
            db.register("disaggs", pa.table({"key": keys, "disagg_id": pa.array([disagg_id(k) for k in keys], pa.int32())}))
            base_tmp = tmp_path / "base"
            if rows:
                db.execute(f"""
                    COPY (
                      SELECT r.submission_id, r.element_id, r.leaf_id, r.period,
                             CAST(split_part(r.period, 'S', 1) AS SMALLINT) AS year,
                             CAST(CASE WHEN r.period LIKE '%S%' THEN split_part(r.period, 'S', 2) ELSE '0' END AS TINYINT) AS half,
                             d.disagg_id, r.value, p.share, p.cur_unit_id, p.cur_commune_id, p.cur_province_id
                      FROM '{raw}' r JOIN places p USING (leaf_id) JOIN disaggs d ON d.key = r.disaggregation
                      ORDER BY year, cur_province_id, cur_commune_id
                    ) TO '{base_tmp}' (FORMAT parquet, PARTITION_BY (year), COMPRESSION zstd, ROW_GROUP_SIZE 250000)
                """)
            else:
                base_tmp.mkdir()
            dims = root / f"dims-{build}"
            dims.mkdir()
            if rows:
                # The province cube: what province-level and national questions read — a few rows per
                # province, element, period and the categories formulas filter on, not every leaf value.
                db.register("cube_keys", _cube_keys_table(keys))
                db.execute(f"""
                    COPY (SELECT f.cur_province_id, f.element_id, k.cube_disagg_id AS disagg_id, f.year, f.half,
                                 SUM(f.value * f.share) AS value
                          FROM read_parquet('{base_tmp}/*/*.parquet', hive_partitioning = true) f
                          JOIN cube_keys k USING (disagg_id)
                          GROUP BY ALL ORDER BY cur_province_id, element_id, year, half)
                    TO '{dims / "province_cube.parquet"}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)
                """)
            db.close()
            raw.unlink()
            os.replace(base_tmp, root / f"base-{build}")
            _write_dims(dims, index, leaf_ids, keys)
        manifest = Manifest(build=build, built_at=timezone.now().isoformat(), watermark=watermark.isoformat(),
                            base_rows=rows, deltas=[], next_seq=1)
        write_manifest(manifest, root)
        remove_stale(root, manifest)
    return RebuildResult(rows=rows, seconds=time.perf_counter() - started, build=build)


def analytics_refresh() -> int:
    """Take in the submissions whose state changed since the store's watermark, as a delta file.

    Cheap when nothing changed (one indexed query); called before analytics reads, so an approval
    is visible to the next query without any signal or scheduler. Returns the submissions taken in.
    """
    root = store_dir()
    manifest = read_manifest(root)
    if not manifest.exists:
        analytics_rebuild()
        return -1
    since = dt.datetime.fromisoformat(manifest.watermark)
    if not Submission.objects.filter(state_changed_at__gt=since).exists():
        return 0
    with writer_lock(root):
        manifest = read_manifest(root)
        since = dt.datetime.fromisoformat(manifest.watermark)
        now = timezone.now()
        changed = list(Submission.objects.filter(state_changed_at__gt=since, state_changed_at__lte=now)
                       .values_list("pk", flat=True))
        if not changed:
            return 0
        rows = (DataValue.objects.filter(submission_id__in=changed, submission__state=Submission.State.APPROVED)
                .values_list("submission_id", "data_element_id", "org_unit_id", "period", "disaggregation", "value"))
        index = unit_index()
        batches = list(fact_batches(rows.iterator(chunk_size=5000), index))
        table = pa.Table.from_batches(batches, schema=FACT_SCHEMA) if batches else FACT_SCHEMA.empty_table()
        name = f"delta-{manifest.next_seq:06d}.parquet"
        write_parquet_atomic(table, root / name)
        _extend_dims(root, manifest, index, rows)
        manifest.deltas.append({"file": name, "seq": manifest.next_seq, "submissions": changed})
        manifest.next_seq += 1
        manifest.watermark = now.isoformat()
        write_manifest(manifest, root)
    if len(manifest.deltas) > COMPACT_AFTER_DELTAS:
        analytics_rebuild()
    return len(changed)


def _extend_dims(root: Path, manifest: Manifest, index, rows) -> None:
    """New disaggregation keys or leaves in a delta go into the dims files (rewritten atomically)."""
    db = duckdb.connect()
    dims = root / f"dims-{manifest.build}"
    known_keys = {r[0] for r in db.execute(f"SELECT key FROM '{dims / 'disaggs.parquet'}'").fetchall()}
    known_keys = {k for k in known_keys if k is not None}
    known_leaves = {r[0] for r in db.execute(f"SELECT DISTINCT leaf_id FROM '{dims / 'bridge_old.parquet'}'").fetchall()}
    db.close()
    keys = {k for k in rows.values_list("disaggregation", flat=True)}
    leaves = set(rows.values_list("org_unit_id", flat=True))
    if keys <= known_keys and leaves <= known_leaves:
        return
    _write_dims(dims, index, known_leaves | leaves, sorted(known_keys | keys))
