"""Read side of the store: a DuckDB connection per thread with a `facts` view over the files the
published manifest names (base build minus superseded submissions, plus the latest delta of each
submission). Reading never writes: no folder is created, no file touched; with no store yet every
view is empty."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gdnn.analytics.store import Manifest, read_manifest, store_root

_local = threading.local()


RESULTS_KEPT = 512  # query results a reader keeps (a page's are a few hundred rows each) …
ROWS_KEPT = 200_000  # … and rows in all of them; a larger result is not kept


@dataclass
class Reader:
    con: duckdb.DuckDBPyConnection
    manifest_key: tuple
    disaggs: dict[int, dict[str, str]]
    results: dict[tuple, list[tuple]] = field(default_factory=dict)
    kept_rows: int = 0

    def forget(self) -> None:
        """Drop the kept results (benchmarks measure a first question with it)."""
        self.results.clear()
        self.kept_rows = 0

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        """The rows of a read, kept for this snapshot: the files a manifest names never change and a
        new manifest opens a new reader, so the same question asked again (every page view of a
        plan, every unit of a drill-down) is answered without scanning Parquet again."""
        key = (sql, tuple(params or ()))
        found = self.results.get(key)
        if found is None:
            found = self.con.execute(sql, params or []).fetchall()
            if len(found) > ROWS_KEPT // 10:
                return found
            while self.results and (len(self.results) >= RESULTS_KEPT or self.kept_rows + len(found) > ROWS_KEPT):
                self.kept_rows -= len(self.results.pop(next(iter(self.results))))  # the oldest first
            self.results[key] = found
            self.kept_rows += len(found)
        return found


def _files_sql(paths: list[str]) -> str:
    return "[" + ", ".join(f"'{p}'" for p in paths) + "]"


def _facts_sql(root: Path, manifest: Manifest) -> str:
    base_files = [str(root / f) for f in manifest.base_files]
    latest: dict[int, str] = {}
    for delta in manifest.deltas:
        for sid in delta["submissions"]:
            latest[sid] = delta["file"]
    columns = ("submission_id, element_id, leaf_id, period, CAST(year AS SMALLINT) AS year, half, disagg_id, value, "
               "share, cur_unit_id, cur_commune_id, cur_province_id")
    parts = []
    if base_files:
        superseded = ", ".join(str(s) for s in sorted(latest))
        where = f" WHERE submission_id NOT IN ({superseded})" if superseded else ""
        parts.append(f"SELECT {columns} FROM read_parquet({_files_sql(base_files)}, hive_partitioning=true){where}")
    by_file: dict[str, list[int]] = {}
    for sid, name in latest.items():
        by_file.setdefault(name, []).append(sid)
    for name, sids in sorted(by_file.items()):
        parts.append(f"SELECT {columns} FROM read_parquet('{root / name}') "
                     f"WHERE submission_id IN ({', '.join(str(s) for s in sorted(sids))})")
    if not parts:
        return _EMPTY_FACTS
    return " UNION ALL ".join(parts)


_EMPTY_FACTS = ("SELECT * FROM (SELECT 0::BIGINT AS submission_id, 0::INTEGER AS element_id, 0::BIGINT AS leaf_id, "
                "''::VARCHAR AS period, 0::SMALLINT AS year, 0::TINYINT AS half, 0::INTEGER AS disagg_id, "
                "0::DOUBLE AS value, 0::DOUBLE AS share, 0::BIGINT AS cur_unit_id, 0::BIGINT AS cur_commune_id, "
                "0::BIGINT AS cur_province_id) WHERE false")


def _cube_sql(root: Path, manifest: Manifest) -> str:
    """The province cube of the build, corrected for the submissions deltas have replaced: their
    base rows are taken out and their latest delta rows put in (a province filter prunes all three)."""
    dims = root / manifest.dims
    cube, keys = dims / "province_cube.parquet", dims / "cube_keys.parquet"
    cols = "cur_province_id, element_id, k.cube_disagg_id AS disagg_id, year, half"
    parts = [f"SELECT * FROM read_parquet('{cube}')"] if manifest.dims and cube.exists() else []
    base_files = [str(root / f) for f in manifest.base_files]
    latest: dict[int, str] = {}
    for delta in manifest.deltas:
        for sid in delta["submissions"]:
            latest[sid] = delta["file"]
    if latest and base_files:
        ids = ", ".join(str(s) for s in sorted(latest))
        parts.append(f"SELECT {cols}, -SUM(value * share) AS value FROM read_parquet({_files_sql(base_files)}, "
                     f"hive_partitioning=true) JOIN read_parquet('{keys}') k USING (disagg_id) "
                     f"WHERE submission_id IN ({ids}) GROUP BY ALL")
    by_file: dict[str, list[int]] = {}
    for sid, name in latest.items():
        by_file.setdefault(name, []).append(sid)
    for name, sids in sorted(by_file.items()):
        parts.append(f"SELECT {cols}, SUM(value * share) AS value FROM read_parquet('{root / name}') "
                     f"JOIN read_parquet('{keys}') k USING (disagg_id) "
                     f"WHERE submission_id IN ({', '.join(str(s) for s in sorted(sids))}) GROUP BY ALL")
    if not parts:
        return ("SELECT * FROM (SELECT 0::BIGINT AS cur_province_id, 0::INTEGER AS element_id, 0::INTEGER AS disagg_id, "
                "0::SMALLINT AS year, 0::TINYINT AS half, 0::DOUBLE AS value) WHERE false")
    return " UNION ALL ".join(parts)


def parse_key(key: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in key.split("|") if ":" in part)


def _open(root: Path, manifest: Manifest) -> tuple[duckdb.DuckDBPyConnection, dict[int, dict[str, str]]]:
    con = duckdb.connect(config={"threads": 2, "enable_object_cache": True})
    con.execute(f"CREATE VIEW facts AS {_facts_sql(root, manifest)}")
    con.execute(f"CREATE VIEW province_cube AS {_cube_sql(root, manifest)}")
    dims = root / manifest.dims
    disaggs: dict[int, dict[str, str]] = {}
    if manifest.dims and (dims / "disaggs.parquet").exists():
        con.execute(f"CREATE VIEW bridge_old AS SELECT * FROM read_parquet('{dims / 'bridge_old.parquet'}')")
        for did, k in con.execute(f"SELECT disagg_id, key FROM read_parquet('{dims / 'disaggs.parquet'}')").fetchall():
            disaggs[did] = parse_key(k)
    else:
        con.execute("CREATE VIEW bridge_old AS SELECT * FROM (SELECT 0::BIGINT AS leaf_id, 0::BIGINT AS ancestor_id, "
                    "0::DOUBLE AS share) WHERE false")
    _disagg_options(con, disaggs)
    return con, disaggs


CATEGORY = re.compile(r"^[A-Za-z0-9_]+$")


def option_categories(disaggs: dict[int, dict[str, str]]) -> set[str]:
    """The categories `disagg_options` has a column for."""
    return {c for options in disaggs.values() for c in options if CATEGORY.match(c)}


def _disagg_options(con: duckdb.DuckDBPyConnection, disaggs: dict[int, dict[str, str]]) -> None:
    """A table of each disaggregation's option per category (NULL: the category is not in its key), so
    a filter on a category is a hash join on a few thousand rows instead of a list of thousands of
    ids tested on every fact row."""
    import pyarrow as pa

    categories = sorted(option_categories(disaggs))
    ids = list(disaggs)
    table = pa.table({"disagg_id": pa.array(ids, pa.int32()),
                      **{c: pa.array([disaggs[d].get(c) for d in ids], pa.string()) for c in categories}})
    con.register("disagg_options_rows", table)
    con.execute("CREATE TEMP TABLE disagg_options AS SELECT * FROM disagg_options_rows")
    con.unregister("disagg_options_rows")


def snapshot_reader() -> duckdb.DuckDBPyConnection:
    """A new connection on the published snapshot (the caller closes it); for checks, not pages."""
    root = store_root()
    return _open(root, read_manifest(root))[0]


def reader() -> Reader:
    """This thread's reader, reopened when a new manifest is published."""
    root = store_root()
    manifest = read_manifest(root)
    key = (str(root), *manifest.key)
    current: Reader | None = getattr(_local, "reader", None)
    if current is not None and current.manifest_key == key:
        return current
    if current is not None:
        current.con.close()
    con, disaggs = _open(root, manifest)
    _local.reader = Reader(con, key, disaggs)
    return _local.reader
