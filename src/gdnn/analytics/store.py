"""The derived columnar store: Parquet files under GDNN_DATA_DIR/analytics, and its manifest.

    analytics/
      manifest.json            what is current: base build, deltas, watermark
      base-<build>/year=YYYY/part-0.parquet   approved values at the last full build (Hive partitions)
      delta-<seq>.parquet      submissions whose state changed since (latest delta wins per submission)
      dims-<build>/disaggs.parquet, bridge_old.parquet

Every file is written to a temporary name and renamed into place; the manifest is replaced last,
so a reader sees either the old store or the new one, never half of one. Writers take a file lock.
The relational database stays the source of truth: `gdnn analytics rebuild` recreates all of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

FACT_SCHEMA = pa.schema([
    ("submission_id", pa.int64()),
    ("element_id", pa.int32()),
    ("leaf_id", pa.int64()),
    ("period", pa.string()),
    ("year", pa.int16()),
    ("half", pa.int8()),  # 1 or 2 for a half-year period, 0 for a year
    ("disagg_id", pa.int32()),
    ("value", pa.float64()),
    ("share", pa.float64()),
    ("cur_unit_id", pa.int64()),
    ("cur_commune_id", pa.int64()),
    ("cur_province_id", pa.int64()),
])


@dataclass
class Manifest:
    version: int = 1
    build: str = ""
    built_at: str = ""
    watermark: str = ""  # ISO time of the last submission state change taken in
    base_rows: int = 0
    deltas: list[dict] = field(default_factory=list)  # {"file", "seq", "submissions": [...]}
    next_seq: int = 1

    @property
    def exists(self) -> bool:
        return bool(self.build)


def store_dir() -> Path:
    path = Path(getattr(settings, "GDNN_ANALYTICS_DIR", "") or (settings.DATA_DIR / "analytics"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stale_builds_remove(root: Path) -> list[str]:
    """Remove the `.build-*` folders of rebuilds that were killed; call it holding the writer lock
    (no build can be running then). The names removed."""
    removed = []
    for stale in root.glob(".build-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale.name)
    return removed


def read_manifest(root: Path | None = None) -> Manifest:
    path = (root or store_dir()) / "manifest.json"
    try:
        return Manifest(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return Manifest()


def write_manifest(manifest: Manifest, root: Path | None = None) -> None:
    root = root or store_dir()
    tmp = root / f".manifest.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(asdict(manifest), indent=1), encoding="utf-8")
    os.replace(tmp, root / "manifest.json")


@contextlib.contextmanager
def writer_lock(root: Path | None = None) -> Iterator[None]:
    root = root or store_dir()
    with (root / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd", row_group_size=1_000_000)
    os.replace(tmp, path)


def new_build_name() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")


def remove_stale(root: Path, manifest: Manifest) -> None:
    """Delete builds and deltas the manifest no longer names (readers reopen on manifest change)."""
    keep = {f"base-{manifest.build}", f"dims-{manifest.build}", *(d["file"] for d in manifest.deltas)}
    for entry in root.iterdir():
        if entry.name.startswith(("base-", "dims-", "delta-")) and entry.name not in keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
