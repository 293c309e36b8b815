"""Writes to the analytics store: the full rebuild, the delta taken in from the outbox, compaction.

Only the worker (`gdnn worker`) and the CLI (`gdnn analytics rebuild|refresh`) call these; reads
(selectors, engine) never do. Approvals and reopenings reach the store through the collection
outbox (`SubmissionChange`), written in the transaction of the move: a refresh takes every
unpublished row, writes the current state of their submissions as a delta, publishes a new manifest,
and only then marks the rows published. A write that fails leaves the last published store in
place and the rows pending, so the next refresh retries them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
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
    clean_build_folders,
    new_build_name,
    publish_manifest,
    read_manifest,
    store_dir,
    write_parquet_atomic,
    writer_lock,
)
from gdnn.collection.models import DataValue, Submission
from gdnn.collection.services.outbox import (
    submission_changes_pending,
    submission_changes_pending_exist,
    submission_changes_publish,
)
from gdnn.indicators.formulas import load_element_catalog

COMPACT_AFTER_DELTAS = 16
# The export names each disaggregation key by its number in the keys list (KEYS_SQL), not by its text:
# an integer is far cheaper to send and to read than a ~80-byte key. {value}: a double for the binary
# Arrow streams, the numeric's own text for the one-stream CSV (no cast to format twice).
KEYS_SQL = "SELECT DISTINCT disaggregation FROM collection_datavalue"
RAW_SQL = """
    SELECT dv.submission_id, dv.data_element_id AS element_id, dv.org_unit_id AS leaf_id, dv.period,
           CAST(k.key_no - 1 AS INTEGER) AS key_no, {value} AS value
    FROM collection_datavalue dv JOIN collection_submission s ON s.id = dv.submission_id
    JOIN unnest(CAST({keys} AS TEXT[])) WITH ORDINALITY AS k (key, key_no) ON k.key = dv.disaggregation
    WHERE s.state = 'approved'
"""
RAW_SQL_PLAIN = """
    SELECT dv.submission_id, dv.data_element_id, dv.org_unit_id, dv.period, dv.disaggregation, dv.value
    FROM collection_datavalue dv JOIN collection_submission s ON s.id = dv.submission_id
    WHERE s.state = 'approved'
"""
RAW_COLUMNS = ("{'submission_id': 'BIGINT', 'element_id': 'INTEGER', 'leaf_id': 'BIGINT', 'period': 'VARCHAR', "
               "'key_no': 'INTEGER', 'value': 'DOUBLE'}")
RAW_SCHEMA = pa.schema([("submission_id", pa.int64()), ("element_id", pa.int32()), ("leaf_id", pa.int64()),
                        ("period", pa.string()), ("key_no", pa.int32()), ("value", pa.float64())])


EXPORT_STREAMS = 2


def _text_array_literal(keys: list[str]) -> str:
    """The keys as a PostgreSQL text[] literal (a key may hold any text: quotes, commas, braces)."""
    quoted = ('"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys)
    return "'" + "{" + ",".join(quoted).replace("'", "''") + "}'"


def _backend_cpu(pid: int) -> float | None:
    """CPU seconds a PostgreSQL server process has used, if it runs on this machine (for the bench)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _libpq_conninfo() -> str:
    """Django's connection parameters as a libpq connection string (for the ADBC driver)."""
    from psycopg import conninfo, pq

    known = {d.keyword.decode() for d in pq.Conninfo.get_defaults()}
    params = connection.get_connection_params()
    return conninfo.make_conninfo(**{k: v for k, v in params.items() if k in known and v not in (None, "")})


@contextlib.contextmanager
def _pg_streams(timings: dict[str, float]) -> Iterator[tuple[list, list[str]]]:
    """The approved values as EXPORT_STREAMS Arrow record-batch streams, one per block range of the
    table, every stream in the same snapshot (pg_export_snapshot), so the parts add up to one
    consistent export. The ADBC driver reads PostgreSQL's binary COPY into Arrow in C — no row
    passes through Python (psycopg's COPY hands over one row per call) and no CSV is parsed.
    Yields the readers (open until the block ends) and the disaggregation keys by key_no."""
    import adbc_driver_postgresql.dbapi as adbc

    conns = [adbc.connect(_libpq_conninfo()) for _ in range(EXPORT_STREAMS)]
    try:
        curs = [c.cursor() for c in conns]
        lead = curs[0]
        lead.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        lead.execute("SELECT pg_export_snapshot()")
        snapshot = lead.fetchone()[0]
        for other in curs[1:]:
            other.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            other.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        pids = []
        for cur in curs:
            cur.execute("SELECT pg_backend_pid()")
            pids.append(cur.fetchone()[0])
        cpu0 = [_backend_cpu(pid) for pid in pids]
        t0 = time.perf_counter()
        lead.execute(KEYS_SQL)
        keys = sorted(r[0] for r in lead.fetchall())
        timings["export_keys_s"] = round(time.perf_counter() - t0, 3)
        lead.execute("SELECT pg_relation_size('collection_datavalue') / current_setting('block_size')::int")
        step = int(lead.fetchone()[0]) // EXPORT_STREAMS + 1
        readers = []
        if keys:
            sql = RAW_SQL.format(keys=_text_array_literal(keys), value="CAST(dv.value AS DOUBLE PRECISION)")
            for i, cur in enumerate(curs):
                lo, hi = i * step, ((i + 1) * step if i < EXPORT_STREAMS - 1 else None)
                where = f"dv.ctid >= '({lo},0)'::tid" + (f" AND dv.ctid < '({hi},0)'::tid" if hi is not None else "")
                cur.execute(f"{sql} AND {where}")
                readers.append(cur.fetch_record_batch())
        timings["export_streams"] = float(len(readers))
        yield readers, keys
        used = [after - before for before, after in zip(cpu0, (_backend_cpu(pid) for pid in pids), strict=True)
                if before is not None and after is not None]
        if len(used) == len(pids):
            timings["export_pg_cpu_s"] = round(sum(used), 3)
    finally:
        for c in conns:
            c.close()


@dataclass(frozen=True)
class RebuildResult:
    rows: int
    seconds: float
    build: str
    timings: dict[str, float]


def _drain(readers: list, folder: Path, timings: dict[str, float]) -> list[Path]:
    """Each stream into its own Parquet file, in its own thread: pyarrow and the ADBC driver read
    and write without the GIL, so both server processes stream at once (DuckDB scanning the
    streams itself would pull them one after the other). Snappy: cheap, and halves the bytes."""
    import threading

    import pyarrow.parquet as pq

    paths = [folder / f"raw-{i}.parquet" for i in range(len(readers))]
    errors: list[BaseException] = []

    def drain(i: int) -> None:
        t0 = time.perf_counter()
        try:
            with pq.ParquetWriter(paths[i], readers[i].schema, compression="snappy") as writer:
                for batch in readers[i]:
                    writer.write_batch(batch, row_group_size=1 << 20)
        except BaseException as exc:
            errors.append(exc)
        timings[f"export_stream{i}_s"] = round(time.perf_counter() - t0, 3)

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(len(readers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return paths


@contextlib.contextmanager
def _raw_source(folder: Path, timings: dict[str, float]) -> Iterator[tuple[str, list[str]]]:
    """The approved values, by the fastest path the backend has, as a DuckDB FROM expression with
    the columns of RAW_SCHEMA ("" when there are none), and the disaggregation keys by key_no."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with _pg_streams(timings) as (readers, keys):
            paths = _drain(readers, folder, timings)
        yield (f"read_parquet({[str(p) for p in paths]})" if paths else ""), keys
        return
    if connection.vendor == "postgresql":  # other connections cannot see this transaction's rows (tests)
        csv_path = folder / "raw-0.csv"
        with connection.cursor() as cursor:
            cursor.execute(KEYS_SQL)
            keys = sorted(r[0] for r in cursor.fetchall())
            with csv_path.open("wb") as out:
                if keys:
                    sql = RAW_SQL.format(keys=_text_array_literal(keys), value="dv.value")
                    with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                        for chunk in copy:
                            out.write(chunk)
        yield (f"read_csv('{csv_path}', header=false, quote='\"', auto_detect=false, delim=',', "
               f"columns={RAW_COLUMNS})" if csv_path.stat().st_size else ""), keys
        return
    import pyarrow.parquet as pq

    dest = folder / "raw.parquet"
    writer = pq.ParquetWriter(dest, RAW_SCHEMA)
    numbers: dict[str, int] = {}
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL_PLAIN)
        while rows := cursor.fetchmany(100_000):
            cols = list(zip(*rows, strict=True))
            cols[4] = [numbers.setdefault(k or "", len(numbers)) for k in cols[4]]
            cols[5] = [float(v) for v in cols[5]]
            writer.write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, RAW_SCHEMA, strict=True)],
                                                    schema=RAW_SCHEMA))
            count += len(rows)
    writer.close()
    yield (f"read_parquet('{dest}')" if count else ""), sorted(numbers, key=numbers.__getitem__)


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


class _Clock:
    """Wall and CPU time (this process, all threads) of each step, for RebuildResult.timings."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.started = self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[f"{name}_s"] = round(wall - self.wall, 3)
        self.timings[f"{name}_cpu_s"] = round(cpu - self.cpu, 3)
        self.wall, self.cpu = wall, cpu


def analytics_rebuild() -> RebuildResult:
    """Recreate the whole store from the approved values in the database, and publish it."""
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    root = store_dir()
    with writer_lock(root):
        clean_build_folders(root)
        # Rows pending now committed before the export starts, so the export's snapshot holds them.
        pending = [pk for pk, _sid in submission_changes_pending(limit=None)]
        previous = read_manifest(root)
        build = new_build_name()
        index = unit_index()
        places = _places_table(index, sorted(index.level))
        clock.lap("unit_index")
        with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
            tmp_path = Path(tmp)
            db = duckdb.connect(config={"memory_limit": "1500MB", "threads": 2,
                                        "temp_directory": str(tmp_path / "spill")})
            db.register("places", places)
            base_tmp = tmp_path / "base"
            with _raw_source(tmp_path, timings) as (source, keys):
                clock.lap("export")
                db.register("disaggs", pa.table({"key_no": pa.array(range(len(keys)), pa.int32()),
                                                 "disagg_id": pa.array([disagg_id(k) for k in keys], pa.int32())}))
                if source:
                    # One pass from the export to the year partitions, sorted by place within a year so
                    # that a province's or commune's rows sit in few row groups.
                    db.execute(f"""
                        COPY (
                          SELECT r.submission_id, r.element_id, r.leaf_id, r.period,
                                 CAST(split_part(r.period, 'S', 1) AS SMALLINT) AS year,
                                 CAST(CASE WHEN r.period LIKE '%S%' THEN split_part(r.period, 'S', 2) ELSE '0' END AS TINYINT) AS half,
                                 d.disagg_id, r.value, p.share, p.cur_unit_id, p.cur_commune_id, p.cur_province_id
                          FROM {source} r JOIN places p USING (leaf_id) JOIN disaggs d USING (key_no)
                          ORDER BY year, cur_province_id, cur_commune_id
                        ) TO '{base_tmp}' (FORMAT parquet, PARTITION_BY (year), COMPRESSION zstd, ROW_GROUP_SIZE 250000)
                    """)
            if not base_tmp.exists():
                base_tmp.mkdir()
            clock.lap("facts_write")
            dims = root / f"dims-{build}"
            dims.mkdir()
            files = sorted(base_tmp.glob("year=*/*.parquet"))
            facts = f"read_parquet({[str(f) for f in files]}, hive_partitioning = true)"
            # a leaf's value is in the facts once per place it goes to
            per_leaf = db.execute(f"SELECT leaf_id, count(*) FROM {facts} GROUP BY leaf_id").fetchall() if files else []
            places_of = Counter(places.column("leaf_id").to_pylist())
            rows = sum(n // places_of[leaf] for leaf, n in per_leaf)
            leaf_ids = {leaf for leaf, _n in per_leaf}
            if rows:
                # The province cube: what province-level and national questions read — a few rows per
                # province, element, period and the categories formulas filter on, not every leaf value.
                db.register("cube_keys", _cube_keys_table(keys))
                db.execute(f"""
                    COPY (SELECT f.cur_province_id, f.element_id, k.cube_disagg_id AS disagg_id, f.year, f.half,
                                 SUM(f.value * f.share) AS value
                          FROM {facts} f
                          JOIN cube_keys k USING (disagg_id)
                          GROUP BY ALL ORDER BY cur_province_id, element_id, year, half)
                    TO '{dims / "province_cube.parquet"}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)
                """)
            db.close()
            clock.lap("cube")
            base = root / f"base-{build}"
            os.replace(base_tmp, base)
            _write_dims(dims, index, leaf_ids, keys)
            clock.lap("dims")
        manifest = Manifest(build=build, built_at=timezone.now().isoformat(), base_rows=rows,
                            base_files=sorted(str(p.relative_to(root)) for p in base.glob("year=*/*.parquet")),
                            dims=dims.name, deltas=[], next_seq=1,
                            outbox_published=previous.outbox_published + len(pending))
        publish_manifest(manifest, root)
        submission_changes_publish(ids=pending)
        clock.lap("publish")
    return RebuildResult(rows=rows, seconds=time.perf_counter() - clock.started, build=build, timings=timings)


def analytics_refresh() -> int:
    """Take in every unpublished outbox row as a delta file; returns the submissions taken in.

    Called by the worker (after each approval or reopening, and on its poll) and by `gdnn analytics
    refresh`; cheap when the outbox is empty (one indexed query). Builds the store first if there is
    none. Raises if the store cannot be written: the last published store stays as it was.
    """
    if not read_manifest().exists:
        analytics_rebuild()
        return -1
    if not submission_changes_pending_exist():
        return 0
    root = store_dir()
    with writer_lock(root):
        manifest = read_manifest(root)
        pending = submission_changes_pending()
        if not pending:
            return 0
        changed = sorted({sid for _pk, sid in pending})
        # One statement, so one snapshot: each submission's values as of now if it is approved now.
        rows = (DataValue.objects.filter(submission_id__in=changed, submission__state=Submission.State.APPROVED)
                .values_list("submission_id", "data_element_id", "org_unit_id", "period", "disaggregation", "value"))
        values = list(rows.iterator(chunk_size=5000))
        index = unit_index()
        batches = list(fact_batches(values, index))
        table = pa.Table.from_batches(batches, schema=FACT_SCHEMA) if batches else FACT_SCHEMA.empty_table()
        name = f"delta-{manifest.build}-{manifest.next_seq:06d}.parquet"
        write_parquet_atomic(table, root / name)
        _extend_dims(root, manifest, index, values)
        manifest.deltas.append({"file": name, "seq": manifest.next_seq, "submissions": changed})
        manifest.next_seq += 1
        manifest.outbox_published += len(pending)
        publish_manifest(manifest, root)
        submission_changes_publish(ids=[pk for pk, _sid in pending])
    if len(manifest.deltas) > COMPACT_AFTER_DELTAS:
        analytics_compact()
    return len(changed)


def analytics_compact() -> RebuildResult:
    """Fold the deltas into a new base without going back to the database: only the years the
    deltas touch are rewritten (base rows of superseded submissions out, their latest delta rows
    in); the other years' files are named again as they are. The province cube is recomputed from
    the new base. What a full rebuild does besides (re-reading the hierarchy for every leaf after an
    org-unit change) stays with `gdnn analytics rebuild`."""
    started = time.perf_counter()
    root = store_dir()
    with writer_lock(root):
        manifest = read_manifest(root)
        if not manifest.exists or not manifest.deltas:
            return RebuildResult(rows=manifest.base_rows, seconds=0.0, build=manifest.build, timings={})
        latest: dict[int, str] = {}
        for delta in manifest.deltas:
            for sid in delta["submissions"]:
                latest[sid] = delta["file"]
        build = new_build_name()
        db = duckdb.connect(config={"memory_limit": "1500MB", "threads": 2})
        db.register("superseded", pa.table({"sid": pa.array(sorted(latest), pa.int64())}))
        by_file: dict[str, list[int]] = {}
        for sid, name in latest.items():
            by_file.setdefault(name, []).append(sid)
        delta_sql = " UNION ALL ".join(
            f"SELECT * FROM read_parquet('{root / name}') WHERE submission_id IN ({', '.join(map(str, sorted(sids)))})"
            for name, sids in sorted(by_file.items()))
        db.execute(f"CREATE TEMP TABLE new_rows AS {delta_sql}")
        base_by_year: dict[int, list[str]] = {}
        for f in manifest.base_files:
            year = int(f.split("year=", 1)[1].split("/", 1)[0])
            base_by_year.setdefault(year, []).append(f)
        years = {int(r[0]) for r in db.execute("SELECT DISTINCT year FROM new_rows").fetchall()}
        if manifest.base_files:
            files = ", ".join(f"'{root / f}'" for f in manifest.base_files)
            years |= {int(r[0]) for r in db.execute(
                f"SELECT DISTINCT year FROM read_parquet([{files}], hive_partitioning=true) "
                "WHERE submission_id IN (SELECT sid FROM superseded)").fetchall()}
        columns = ("submission_id, element_id, leaf_id, period, half, disagg_id, value, share, cur_unit_id, "
                   "cur_commune_id, cur_province_id")
        base_files = [f for y, fs in base_by_year.items() if y not in years for f in fs]
        with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
            for year in sorted(years):
                parts = [f"SELECT {columns} FROM new_rows WHERE year = {year}"]
                if base_by_year.get(year):
                    files = ", ".join(f"'{root / f}'" for f in base_by_year[year])
                    parts.append(f"SELECT {columns} FROM read_parquet([{files}]) "
                                 "WHERE submission_id NOT IN (SELECT sid FROM superseded)")
                out = Path(tmp) / f"year={year}"
                out.mkdir()
                db.execute(f"COPY (SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY cur_province_id, cur_commune_id) "
                           f"TO '{out / 'part-0.parquet'}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 250000)")
            base = root / f"base-{build}"
            os.replace(tmp, base)
            os.mkdir(tmp)  # TemporaryDirectory removes it on exit
        base_files = sorted([*base_files, *(str(p.relative_to(root)) for p in base.glob("year=*/*.parquet"))])
        dims = root / f"dims-{build}"
        dims.mkdir()
        old_dims = root / manifest.dims
        for name in ("disaggs.parquet", "bridge_old.parquet", "cube_keys.parquet"):
            shutil.copy2(old_dims / name, dims / name)
        files = ", ".join(f"'{root / f}'" for f in base_files)
        rows = int(db.execute(f"SELECT count(*) FROM read_parquet([{files}])").fetchone()[0]) if base_files else 0
        if rows:
            db.execute(f"""
                COPY (SELECT f.cur_province_id, f.element_id, k.cube_disagg_id AS disagg_id, f.year, f.half,
                             SUM(f.value * f.share) AS value
                      FROM read_parquet([{files}], hive_partitioning = true) f
                      JOIN read_parquet('{dims / "cube_keys.parquet"}') k USING (disagg_id)
                      GROUP BY ALL ORDER BY cur_province_id, element_id, year, half)
                TO '{dims / "province_cube.parquet"}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)
            """)
        db.close()
        compacted = Manifest(build=build, built_at=timezone.now().isoformat(), base_rows=rows, base_files=base_files,
                             dims=dims.name, deltas=[], next_seq=1, outbox_published=manifest.outbox_published)
        publish_manifest(compacted, root)
    return RebuildResult(rows=rows, seconds=time.perf_counter() - started, build=build,
                         timings={"rewritten_years": float(len(years))})


def _extend_dims(root: Path, manifest: Manifest, index, values: list[tuple]) -> None:
    """New disaggregation keys or leaves in a delta go into the dims files (rewritten atomically;
    a superset, so a reader of the previous snapshot is not disturbed)."""
    db = duckdb.connect()
    dims = root / manifest.dims
    known_keys = {r[0] for r in db.execute(f"SELECT key FROM '{dims / 'disaggs.parquet'}'").fetchall()}
    known_keys = {k for k in known_keys if k is not None}
    known_leaves = {r[0] for r in db.execute(f"SELECT DISTINCT leaf_id FROM '{dims / 'bridge_old.parquet'}'").fetchall()}
    db.close()
    keys = {v[4] for v in values}
    leaves = {v[2] for v in values}
    if keys <= known_keys and leaves <= known_leaves:
        return
    _write_dims(dims, index, known_leaves | leaves, sorted(known_keys | keys))
