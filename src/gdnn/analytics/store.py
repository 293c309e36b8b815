"""The derived columnar store: Parquet files under GDNN_DATA_DIR/analytics, and its manifest.

    analytics/
      manifest.json            the published snapshot: which files make the store, nothing else does
      base-<build>/year=YYYY/part-0.parquet   approved values at the last full build (Hive partitions)
      delta-<build>-<seq>.parquet  submissions whose state changed since (latest delta wins per submission)
      dims-<build>/disaggs.parquet, bridge_old.parquet, cube_keys.parquet, province_cube.parquet

Publishing is an atomic manifest swap: the writer (the worker, or `gdnn analytics rebuild`) writes
new files under new names, then replaces manifest.json (write a temporary file, fsync, rename).
Readers — on this server or any other sharing the folder — open exactly the files the manifest
names, so each query sees one consistent snapshot. Files a manifest stops naming are "retired" with
a time stamp and deleted only after a grace period, so a reader still holding the previous snapshot
is never left with a missing file. Readers never write: they neither create the folder nor touch a
file. Writers take a file lock. The database stays the source of truth: `gdnn analytics rebuild`
recreates all of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
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
# Files a manifest no longer names stay this long, for readers still on the previous snapshot.
GRACE_SECONDS = 600


@dataclass
class Manifest:
    version: int = 2
    build: str = ""
    built_at: str = ""
    published_at: str = ""
    base_rows: int = 0
    base_files: list[str] = field(default_factory=list)  # relative to the store folder
    dims: str = ""  # the dims folder of the build
    deltas: list[dict] = field(default_factory=list)  # {"file", "seq", "submissions": [...]}
    next_seq: int = 1
    outbox_published: int = 0  # outbox rows taken in so far (a count, for `gdnn analytics verify`)
    retired: list[dict] = field(default_factory=list)  # {"name", "at"}: deleted after GRACE_SECONDS

    @property
    def exists(self) -> bool:
        return bool(self.build)

    @property
    def key(self) -> tuple:
        """Identifies a snapshot: readers reopen when it changes."""
        return (self.build, self.next_seq, self.published_at)


def store_root() -> Path:
    """The store folder, without creating it (readers use this)."""
    return Path(getattr(settings, "GDNN_ANALYTICS_DIR", "") or (settings.DATA_DIR / "analytics"))


def store_dir() -> Path:
    """The store folder, created if missing (writers use this); private to the service account."""
    path = store_root()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path



def read_manifest(root: Path | None = None) -> Manifest:
    path = (root or store_root()) / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Manifest)}
        manifest = Manifest(**{k: v for k, v in data.items() if k in known})
    except (OSError, ValueError, TypeError):
        return Manifest()
    if manifest.build and not manifest.dims:  # a version-1 manifest: its files by convention
        manifest.dims = f"dims-{manifest.build}"
        base = (root or store_root()) / f"base-{manifest.build}"
        manifest.base_files = sorted(str(p.relative_to(base.parent)) for p in base.glob("year=*/*.parquet"))
    return manifest


def manifest_names(manifest: Manifest) -> set[str]:
    """Top-level entries of the store folder that this manifest uses."""
    names = {f.split("/", 1)[0] for f in manifest.base_files} | {d["file"] for d in manifest.deltas}
    # a compaction names the files of earlier builds' years it did not rewrite
    if manifest.dims:
        names.add(manifest.dims)
    if manifest.build:
        names.add(f"base-{manifest.build}")
    return names


def publish_manifest(manifest: Manifest, root: Path | None = None) -> None:
    """Swap in a new manifest atomically; retire what the previous one named and this one does not,
    and delete what was retired more than GRACE_SECONDS ago."""
    root = root or store_dir()
    now = dt.datetime.now(dt.UTC)
    previous = read_manifest(root)
    keep = manifest_names(manifest)
    retired = {r["name"]: r["at"] for r in previous.retired
               if r["name"] not in keep and (root / r["name"]).exists()}  # deleted ones drop out
    for name in manifest_names(previous) - keep:
        retired.setdefault(name, now.isoformat())
    manifest.retired = [{"name": n, "at": at} for n, at in sorted(retired.items())]
    manifest.published_at = now.isoformat()
    tmp = root / f".manifest.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(manifest), indent=1))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / "manifest.json")
    collect_garbage(root, manifest, now=now)


def collect_garbage(root: Path, manifest: Manifest, *, now: dt.datetime) -> None:
    """Delete retired entries past the grace period, and orphans (named by no manifest: left by a
    killed writer) older than it. Called by writers only, under the writer lock."""
    keep = manifest_names(manifest)
    retired = {r["name"]: dt.datetime.fromisoformat(r["at"]) for r in manifest.retired}
    cutoff = now - dt.timedelta(seconds=GRACE_SECONDS)
    for entry in root.iterdir():
        name = entry.name
        if name in keep or not name.startswith(("base-", "dims-", "delta-", ".manifest.")):
            continue
        when = retired.get(name)
        if when is None:
            try:
                when = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
            except OSError:
                continue
        if when <= cutoff:
            _remove(entry)


def clean_build_folders(root: Path) -> int:
    """Remove `.build-*` folders (a rebuild killed half-way leaves one); run under the writer lock,
    at the start of a rebuild, when no other build can be in progress."""
    removed = 0
    for entry in root.glob(".build-*"):
        _remove(entry)
        removed += 1
    return removed


def _remove(entry: Path) -> None:
    if entry.is_dir():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


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
